import Domain

/// An outgoing document as one line of a list.
struct OutgoingLine: Encodable, Sendable {
    let link: String
    let type: String
    let summary: String
    let status: String
    let numberSymbol: String?
    let draftedBy: String
}

/// The officer's outgoing documents (`outgoing-home`): their drafts, those to review, to sign and
/// to issue, the latest issued.
struct OutgoingHomePage: PageModel {
    /// One step's documents.
    struct Step: Encodable, Sendable {
        let id: String
        let title: String
        let lines: [OutgoingLine]
        let none: Bool
    }

    static let template = "outgoing-home"
    let canDraft: Bool
    let newLink: String
    let registerLink: String
    let steps: [Step]
}

/// The specialist's drafting form (`outgoing-new`).
struct OutgoingFormPage: PageModel {
    static let template = "outgoing-new"
    let summary: String
    let others: String
    /// The persons and businesses, one a line (`name | ID number or tax code`).
    var people = ""
    let types: [DocumentOption]
    let urgencies: [DocumentOption]
    let agencies: [DocumentOption]
    let action: String
    let error: String?
    /// The incoming document this draft replies to, if any.
    var replyTo: String?
}

/// An outgoing document with the actions its step allows the caller (`outgoing`).
struct OutgoingPage: PageModel {
    /// A recipient and how it stands.
    struct Recipient: Encodable, Sendable {
        let name: String
        let identifier: String?
        let delivery: String
        /// The peer's latest status in plain words, for a recipient sent by the exchange.
        var exchange: String? = nil
        /// The reason the peer gave for refusing the package.
        var reason: String? = nil
        var position: Int = 0
        /// Where the caller sends the document to this recipient by the exchange, when it is left to send.
        var sendAction: String? = nil
    }

    /// A comment on the draft.
    struct Comment: Encodable, Sendable {
        let author: String
        let body: String
        let at: String
    }

    static let template = "outgoing"
    let id: Int64
    let type: String
    let summary: String
    let urgency: String?
    let status: String
    let draftedBy: String
    let reviewedBy: String?
    let signerName: String?
    let signedAt: String?
    let certificateSerial: String?
    let sha256: String
    let numberSymbol: String?
    let registerLink: String?
    let verifyLink: String
    let fileLink: String
    let recipients: [Recipient]
    let comments: [Comment]
    let hasComments: Bool
    let version: Int
    let canComment: Bool
    let canSubmit: Bool
    let canReview: Bool
    let canSign: Bool
    let canIssue: Bool
    let commentAction: String
    let submitAction: String
    let reviewAction: String
    let signAction: String
    let issueAction: String
    let error: String?
}
