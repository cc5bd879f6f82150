/// A type of administrative document, with the abbreviation its number and symbol carries.
public struct OfficialDocumentType: Sendable, Hashable, Codable {
    /// The abbreviation of Decree 30/2020/NĐ-CP, Appendix III (e.g. `QĐ`), or a code of ours for the
    /// two types the appendix leaves unabbreviated (official letters and public letters).
    public let code: String
    public let name: String
    public let nameEn: String

    public init(code: String, name: String, nameEn: String) {
        self.code = code
        self.name = name
        self.nameEn = nameEn
    }
}

/// The types of administrative documents of Decree 30/2020/NĐ-CP on clerical work, Article 7
/// (29 types), with their abbreviations from its Appendix III. Rules as data: a register row
/// stores the code; the names come from here.
public enum OfficialDocumentTypes {
    public static let all: [OfficialDocumentType] = [
        .init(code: "NQ", name: "Nghị quyết", nameEn: "Resolution"),
        .init(code: "QĐ", name: "Quyết định", nameEn: "Decision"),
        .init(code: "CT", name: "Chỉ thị", nameEn: "Directive"),
        .init(code: "QC", name: "Quy chế", nameEn: "Regulation"),
        .init(code: "QyĐ", name: "Quy định", nameEn: "Rules"),
        .init(code: "TC", name: "Thông cáo", nameEn: "Communiqué"),
        .init(code: "TB", name: "Thông báo", nameEn: "Notice"),
        .init(code: "HD", name: "Hướng dẫn", nameEn: "Guidance"),
        .init(code: "CTr", name: "Chương trình", nameEn: "Programme"),
        .init(code: "KH", name: "Kế hoạch", nameEn: "Plan"),
        .init(code: "PA", name: "Phương án", nameEn: "Option"),
        .init(code: "ĐA", name: "Đề án", nameEn: "Scheme"),
        .init(code: "DA", name: "Dự án", nameEn: "Project"),
        .init(code: "BC", name: "Báo cáo", nameEn: "Report"),
        .init(code: "BB", name: "Biên bản", nameEn: "Minutes"),
        .init(code: "TTr", name: "Tờ trình", nameEn: "Submission"),
        .init(code: "HĐ", name: "Hợp đồng", nameEn: "Contract"),
        .init(code: "CV", name: "Công văn", nameEn: "Official letter"),
        .init(code: "CĐ", name: "Công điện", nameEn: "Official telegram"),
        .init(code: "GN", name: "Bản ghi nhớ", nameEn: "Memorandum"),
        .init(code: "TTh", name: "Bản thỏa thuận", nameEn: "Agreement"),
        .init(code: "GUQ", name: "Giấy ủy quyền", nameEn: "Power of attorney"),
        .init(code: "GM", name: "Giấy mời", nameEn: "Invitation"),
        .init(code: "GGT", name: "Giấy giới thiệu", nameEn: "Letter of introduction"),
        .init(code: "GNP", name: "Giấy nghỉ phép", nameEn: "Leave permit"),
        .init(code: "PG", name: "Phiếu gửi", nameEn: "Dispatch note"),
        .init(code: "PC", name: "Phiếu chuyển", nameEn: "Transfer note"),
        .init(code: "PB", name: "Phiếu báo", nameEn: "Notification slip"),
        .init(code: "TCg", name: "Thư công", nameEn: "Public letter"),
    ]

    /// The type of `code`, or nil.
    public static func type(_ code: String) -> OfficialDocumentType? { all.first { $0.code == code } }
}
