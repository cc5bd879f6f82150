import Domain

/// A choice of a select or a checkbox list.
struct DocumentOption: Encodable, Sendable {
    let value: String
    let name: String
    let selected: Bool
}

/// A document as one line of a register or a list.
struct DocumentLine: Encodable, Sendable {
    let id: Int64
    let link: String
    let number: Int
    let numberSymbol: String
    let type: String
    let documentDate: String
    let issuer: String
    let summary: String
    let signer: String?
    let urgency: String?
    let confidentiality: String?
    let receivedAt: String
    let deadline: String
    let overdue: Bool
    let status: String
    let lead: String?
}

/// The officer's entry to the registers (`documents-home`): the agency's registers, what the
/// agency has to handle, and the clerk's link to register a new document.
struct DocumentsHomePage: PageModel {
    /// One register of the agency.
    struct Register: Encodable, Sendable {
        let label: String
        let link: String
        let count: Int
    }

    static let template = "documents-home"
    let canRegister: Bool
    let newLink: String
    let currentRegister: String
    let registers: [Register]
    let canAssign: Bool
    let awaiting: [DocumentLine]
    let noneAwaiting: Bool
    let assigned: [DocumentLine]
    let noneAssigned: Bool
}

/// The clerk's form registering an incoming document with its scan (`document-new`).
struct DocumentFormPage: PageModel {
    static let template = "document-new"
    let values: [String: String]
    let types: [DocumentOption]
    let urgencies: [DocumentOption]
    let confidentialities: [DocumentOption]
    let action: String
    let error: String?
}

/// An incoming document with the leader's assignment form and the lead unit's closing form (`document`).
struct DocumentPage: PageModel {
    /// A scan attached to the document.
    struct File: Encodable, Sendable {
        let link: String
        let name: String
    }

    static let template = "document"
    let line: DocumentLine
    let recipients: String?
    let registeredBy: String
    let registerLink: String
    let files: [File]
    let hasFiles: Bool
    let instruction: String?
    let coordinating: [String]
    let hasCoordinating: Bool
    let assignedBy: String?
    let handlingNote: String?
    let handledBy: String?
    let handledAt: String?
    let canAssign: Bool
    let units: [DocumentOption]
    let coordinatingUnits: [DocumentOption]
    let assignAction: String
    let canClose: Bool
    let closeAction: String
    let version: Int
    let created: Bool
    let error: String?
    /// The replies issued to this document, the link to draft one, and the closing note citing the latest.
    var replies = DocumentReplies()
}

/// One register and year, searchable and printable (`document-register`).
struct DocumentRegisterPage: PageModel {
    static let template = "document-register"
    let title: String
    let agency: String
    let year: Int
    let query: String
    let action: String
    let csvLink: String
    let lines: [DocumentLine]
    let none: Bool
    let count: Int
}

/// The replies part of an incoming document's page: the replies issued (a link for the replying agency's officers), the
/// link to draft one when the officer may, and the closing note that cites the latest.
struct DocumentReplies: Encodable, Sendable {
    /// One issued reply.
    struct Item: Encodable, Sendable {
        let numberSymbol: String
        let href: String?
        let issuedAt: String
    }

    var items: [Item] = []
    var hasItems = false
    var canReply = false
    var link = ""
    var closeNote = ""
}
