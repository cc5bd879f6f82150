import Foundation

/// What an outbox item carries: a document package, or a status package about a package received.
public enum ExchangeItemKind: String, Sendable, Codable {
    case package, status
}

/// Where an outbox item is: waiting (or being retried), delivered, or given up on (the dead letters).
public enum ExchangeItemState: String, Sendable, Codable, CaseIterable {
    case pending, sent, dead
}

/// A package or a status queued for a peer. A document package is stored signed (`payload`); a status is signed when sent.
public struct ExchangeOutboxItem: Sendable, Hashable {
    public var id: Int64
    public var kind: ExchangeItemKind
    public var peerId: String
    public var packageId: String
    /// The register entry the package was made from (packages), or the one the received package became (statuses).
    public var documentId: Int64?
    public var statusCode: ExchangeStatusCode?
    public var description: String
    public var staff: String
    public var occurredAt: Date
    public var payload: [UInt8]?
    public var state: ExchangeItemState
    public var attempts: Int
    public var nextAttemptAt: Date
    public var lastError: String?

    public init(
        id: Int64, kind: ExchangeItemKind, peerId: String, packageId: String, documentId: Int64?, statusCode: ExchangeStatusCode?,
        description: String, staff: String, occurredAt: Date, payload: [UInt8]?, state: ExchangeItemState, attempts: Int,
        nextAttemptAt: Date, lastError: String?
    ) {
        self.id = id
        self.kind = kind
        self.peerId = peerId
        self.packageId = packageId
        self.documentId = documentId
        self.statusCode = statusCode
        self.description = description
        self.staff = staff
        self.occurredAt = occurredAt
        self.payload = payload
        self.state = state
        self.attempts = attempts
        self.nextAttemptAt = nextAttemptAt
        self.lastError = lastError
    }
}

/// A status a peer reported about a package this system sent.
public struct ExchangeStatusRecord: Sendable, Hashable {
    public var packageId: String
    public var peerId: String
    public var code: ExchangeStatusCode
    public var description: String
    public var staff: String
    public var at: Date

    public init(packageId: String, peerId: String, code: ExchangeStatusCode, description: String, staff: String, at: Date) {
        self.packageId = packageId
        self.peerId = peerId
        self.code = code
        self.description = description
        self.staff = staff
        self.at = at
    }
}

/// A received package ready to store: the register entry it becomes and its files (their bytes already in the blob store).
public struct IncomingPackage: Sendable {
    public var senderId: String
    public var packageId: String
    public var entry: NewRegisterEntry
    public var files: [StoredDocument]
    public var receivedAt: Date

    public init(senderId: String, packageId: String, entry: NewRegisterEntry, files: [StoredDocument], receivedAt: Date) {
        self.senderId = senderId
        self.packageId = packageId
        self.entry = entry
        self.files = files
        self.receivedAt = receivedAt
    }
}

/// Peers, the exchange's outbox, and what was received. Every write runs in one transaction with its audit line.
public protocol ExchangeRepository: Sendable {
    func peers() async throws -> [ExchangePeer]
    func peer(_ organisationId: String) async throws -> ExchangePeer?
    /// Adds or replaces a peer.
    func savePeer(_ peer: ExchangePeer, audit: AuditEntry) async throws
    /// Removes a peer; false when there is none.
    func deletePeer(_ organisationId: String, audit: AuditEntry) async throws -> Bool

    /// Queues a signed document package for `peerId`, due at once.
    func enqueuePackage(peerId: String, packageId: String, documentId: Int64, payload: [UInt8], now: Date, audit: AuditEntry) async throws
        -> ExchangeOutboxItem
    /// Queues a signed package for the outside recipient `position` of the outgoing document `outgoingId` once only: that
    /// recipient, still to send, is marked sent in the same transaction; nil when it is not to send any more.
    func enqueueRecipientPackage(
        outgoingId: Int64, position: Int, peerId: String, packageId: String, documentId: Int64, payload: [UInt8], now: Date,
        audit: AuditEntry
    ) async throws -> ExchangeOutboxItem?
    /// Claims for `holder` (a lease of `leaseSeconds`) up to `limit` due items, each the first unsent one of its package and
    /// peer, so that a package's statuses go out in order and no two instances send the same item.
    func claim(now: Date, limit: Int, holder: String, leaseSeconds: TimeInterval) async throws -> [ExchangeOutboxItem]
    func markSent(id: Int64, holder: String, now: Date) async throws
    /// Schedules another attempt at `retryAt`, or moves the item to the dead letters when `retryAt` is nil.
    func markFailed(id: Int64, holder: String, error: String, retryAt: Date?) async throws
    /// The peer refused a document package for good: the item goes to the dead letters and the refusal is recorded as its
    /// status (`-02` with the reason), with the audit line, in one transaction.
    func markRefused(id: Int64, holder: String, reason: String, now: Date, audit: AuditEntry) async throws
    func release(ids: [Int64], holder: String) async throws
    /// The items in `state`, newest first.
    func items(in state: ExchangeItemState, limit: Int) async throws -> [ExchangeOutboxItem]
    func counts() async throws -> [ExchangeItemState: Int]
    /// Puts a dead item back in the queue, due at `now`, with its audit line; false when there is no such dead item.
    func resend(id: Int64, now: Date, audit: AuditEntry) async throws -> Bool

    /// The register entry a package from `senderId` became, when it was received before.
    func receivedDocument(senderId: String, packageId: String) async throws -> Int64?
    /// Stores a received package in one transaction: its files, the incoming register entry, the record that it was
    /// received (once per sender and package), the statuses arrived and accepted queued for the sender, and the audit line.
    /// A package stored meanwhile by another request stores nothing: its entry is returned with `created` false.
    func receive(_ package: IncomingPackage, audit: @escaping @Sendable (OfficialDocument) -> AuditEntry) async throws
        -> (documentId: Int64, created: Bool)
    /// Records a status a peer reported about a package sent to it (once per package and code), with the audit line;
    /// nil when no package `status.packageId` was sent to `peerId`, false when the status was already recorded.
    func recordStatus(_ status: ExchangeStatusRecord, audit: AuditEntry) async throws -> Bool?
    /// The statuses reported about the packages made from the register entry `documentId`, oldest first.
    func statuses(documentId: Int64) async throws -> [ExchangeStatusRecord]
}
