import Foundation

/// How an outgoing document is issued: the register entry made at issue from the number the
/// outgoing register gives, and the entry each recipient agency's incoming register receives.
public struct OutgoingIssue: Sendable {
    public var draftId: Int64
    public var expectedVersion: Int
    public var agencyId: String
    public var year: Int
    public var issuedAt: Date
    public var issuedBy: String
    /// The register entry's details once the number is known (the number and symbol holds it).
    public var details: @Sendable (Int) -> OfficialDocumentDetails

    public init(
        draftId: Int64, expectedVersion: Int, agencyId: String, year: Int, issuedAt: Date, issuedBy: String,
        details: @escaping @Sendable (Int) -> OfficialDocumentDetails
    ) {
        self.draftId = draftId
        self.expectedVersion = expectedVersion
        self.agencyId = agencyId
        self.year = year
        self.issuedAt = issuedAt
        self.issuedBy = issuedBy
        self.details = details
    }
}

/// Outgoing documents from draft to release. Every write runs in one transaction with its audit line.
public protocol OutgoingDocumentRepository: Sendable {
    /// Stores a new draft with its recipients and its audit line.
    func create(_ draft: OutgoingDocument, audit: @escaping @Sendable (Int64) -> AuditEntry) async throws -> Int64
    /// Stores a new draft as `create(_:audit:)` does, under the client's `submissionKey` (unique: a second draft with
    /// the same key is refused by the store).
    func create(_ draft: OutgoingDocument, submissionKey: String?, audit: @escaping @Sendable (Int64) -> AuditEntry) async throws
        -> Int64
    func outgoing(id: Int64) async throws -> OutgoingDocument?
    /// The draft stored under `submissionKey`, if any.
    func outgoing(submissionKey: String) async throws -> OutgoingDocument?
    /// Appends a comment to a document not issued yet.
    func comment(id: Int64, _ comment: OutgoingComment, audit: AuditEntry) async throws
    /// Moves a document still at `expectedVersion` and `from` to `to`, with an optional comment
    /// and the reviewer's name; false when it moved.
    func move(
        id: Int64, expectedVersion: Int, from: OutgoingStatus, to: OutgoingStatus, comment: OutgoingComment?, reviewedBy: String?,
        audit: AuditEntry
    ) async throws -> Bool
    /// Records the signature of a draft still at `expectedVersion` awaiting it; false when it moved.
    func sign(id: Int64, expectedVersion: Int, _ signature: OutgoingSignature, audit: AuditEntry) async throws -> Bool
    /// In one transaction: takes the next number of the agency's outgoing register, enters the
    /// document there, enters it in the incoming register of each recipient agency, leaves the
    /// outside recipients to send, marks the draft issued and writes `audit` (made from the
    /// number and symbol). Nil when the draft moved.
    func issue(_ issue: OutgoingIssue, audit: @escaping @Sendable (String) -> [AuditEntry]) async throws -> OutgoingDocument?
    /// The agency's documents at `statuses`, newest first.
    func list(agencyId: String, statuses: [OutgoingStatus], limit: Int) async throws -> [OutgoingDocument]
    /// The issued replies to the incoming document `documentId`, oldest first.
    func replies(to documentId: Int64) async throws -> [OutgoingDocument]
    /// The issued document whose signed file has `sha256`, if any.
    func signed(sha256: String) async throws -> OutgoingDocument?
}
