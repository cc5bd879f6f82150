import Domain

/// The administrators' list of procedures: the search (words without diacritics) with its filters by
/// field, agency and online level, and the procedures found, each linking to its edit page.
struct CatalogueAdminListPage: PageModel {
    static let template = "admin-procedures"

    /// A procedure as listed.
    struct Row: Encodable, Sendable {
        let code: String
        let name: String
        let link: String
        let agency: String
        let timeLimit: String
        let fees: String
        let online: String
    }

    typealias Choice = OfficerAdminListPage.Choice

    let action: String
    let query: String
    let fields: [Choice]
    let agencies: [Choice]
    let onlineLevels: [Choice]
    let procedures: [Row]
    let count: String
}

/// One procedure's edit page: fees, time limit, online level with the online-only rule, documents, each
/// change citing its article; the values of a refused attempt stay in the form.
struct CatalogueAdminPage: PageModel {
    static let template = "admin-procedure"

    typealias Choice = OfficerAdminListPage.Choice

    /// A fee row of the form (`index` names its fields); a blank row adds a fee.
    struct FeeRow: Encodable, Sendable {
        let index: Int
        let number: Int
        let name: String
        let nameEn: String
        let amount: String
        let note: String
        let basis: String
        let from: String
        let pers: [Choice]
        /// The exemptions the fee keeps, with their articles (edited through the catalogue import).
        let exemptions: [String]
        let isNew: Bool
    }

    /// A document row of the form; a blank row adds a document.
    struct DocumentRow: Encodable, Sendable {
        let index: Int
        let number: Int
        let name: String
        let nameEn: String
        let originals: String
        let copies: String
        let conditional: Bool
        let electronic: Bool
        let isNew: Bool
    }

    let back: String
    let action: String
    let portalLink: String
    let code: String
    let name: String
    let fees: [FeeRow]
    let limitValue: String
    let limitBasis: String
    let units: [Choice]
    let onlineLevels: [Choice]
    let levelBasis: String
    let onlineOnly: Bool
    let onlineOnlySince: String
    let onlineOnlyBasis: String
    let documents: [DocumentRow]
    /// The flash message of the change just made.
    var done: String?
    var error: String?
}
