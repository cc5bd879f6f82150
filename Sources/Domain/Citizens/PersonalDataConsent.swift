/// The consent a citizen gives when opening an account, as the Law on Personal Data Protection
/// (No. 91/2025/QH15, in force since 1 January 2026, Article 9) requires: given freely, knowing what
/// data is processed and why, who controls it and the citizen's rights; expressed clearly (a box the
/// citizen ticks, never ticked for them) and verifiable (the notice's version and the time are stored
/// with the account and written in the audit line of the registration). Decree 356/2025/NĐ-CP
/// details the law. The notice's text is in the string catalogue (`consent_notice_*`).
public enum PersonalDataConsent {
    /// The version of the notice shown; raise it whenever the notice's text changes.
    public static let noticeVersion = "2026-01"
    /// Where the rule comes from.
    public static let citation = "Luật Bảo vệ dữ liệu cá nhân số 91/2025/QH15, Điều 9; Nghị định 356/2025/NĐ-CP"
}
