/// Migration 16: the personal-data consent a citizen gave when opening an account (the notice's
/// version and the time; Law 91/2025/QH15, Article 9). Accounts opened before have none recorded.
enum Migration0016CitizenConsent {
    static let migration = Migration(version: 16, name: "citizen consent") { _ in
        [
            "ALTER TABLE citizens ADD COLUMN consent_version TEXT",
            "ALTER TABLE citizens ADD COLUMN consent_at BIGINT",
        ]
    }
}
