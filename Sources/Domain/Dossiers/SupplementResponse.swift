import Foundation

/// A citizen's online answer to a supplement request: the documents sent (uploaded with the answer
/// or picked from their store) and a short message. `round` is the request it answers (the
/// dossier's `supplementCount` when it was asked); `submissionKey` is the answer form's, so the same
/// form sent twice answers once.
public struct SupplementResponse: Sendable, Hashable {
    /// Longest message kept.
    public static let maxMessageLength = 1000
    /// Most documents one answer carries.
    public static let maxDocuments = 10

    public var round: Int
    public var submissionKey: String
    public var message: String?
    public var documents: [SupplementDocument]
    public var at: Date

    /// Throws unless an answer with `documents` documents and the (trimmed) `message` may be sent: at
    /// most `maxDocuments`, a message of at most `maxMessageLength`, and one or the other at least.
    public static func validate(message: String, documents: Int) throws {
        guard message.count <= maxMessageLength else { throw DomainError.invalid("message", "tooLong") }
        guard documents <= maxDocuments else { throw DomainError(.invalid, "supplement.tooMany", ["limit": String(maxDocuments)]) }
        guard documents > 0 || !message.isEmpty else { throw DomainError(.invalid, "supplement.empty") }
    }

    public init(round: Int, submissionKey: String, message: String?, documents: [SupplementDocument], at: Date) {
        self.round = round
        self.submissionKey = submissionKey
        self.message = message
        self.documents = documents
        self.at = at
    }
}

/// A document sent with a supplement, and whether it was picked from the store rather than uploaded for it.
public struct SupplementDocument: Sendable, Hashable {
    public var documentId: Int64
    public var reused: Bool

    public init(documentId: Int64, reused: Bool) {
        self.documentId = documentId
        self.reused = reused
    }
}

/// What the officer asked for, as the citizen's dossier page shows it: the reason and what is
/// missing (the note of the request), when and by which agency.
public struct SupplementRequest: Sendable, Hashable {
    public var reason: String
    public var requestedAt: Date
    public var agencyId: String?

    public init(reason: String, requestedAt: Date, agencyId: String?) {
        self.reason = reason
        self.requestedAt = requestedAt
        self.agencyId = agencyId
    }
}
