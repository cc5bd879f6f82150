/// The officer's work dossiers and the form opening one (`work-dossiers`).
struct WorkDossiersPage: PageModel {
    /// A dossier as one line.
    struct Line: Encodable, Sendable {
        let link: String
        let title: String
        let status: String
        let count: Int
    }

    static let template = "work-dossiers"
    let canOpen: Bool
    let action: String
    let dossiers: [Line]
    let none: Bool
    let error: String?
}

/// A work dossier with its documents, the form filing one more and the closing form (`work-dossier`).
struct WorkDossierPage: PageModel {
    /// A document filed in the dossier.
    struct Document: Encodable, Sendable {
        let link: String
        let numberSymbol: String
        let summary: String
        let status: String
    }

    static let template = "work-dossier"
    let title: String
    let status: String
    let openedBy: String
    let openedAt: String
    let closedBy: String?
    let closedAt: String?
    let documents: [Document]
    let hasDocuments: Bool
    let choices: [DocumentOption]
    let canAdd: Bool
    let addAction: String
    let canClose: Bool
    let closeAction: String
    let listLink: String
    let version: Int
    let error: String?
}
