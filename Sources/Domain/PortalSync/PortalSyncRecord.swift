import Foundation

/// Where a status record for the national public-service portal stands.
public enum PortalSyncState: String, Codable, Sendable, CaseIterable {
    /// Waiting to be sent (again, after a failure, at `nextAttemptAt`).
    case pending
    /// Accepted by the portal.
    case sent
    /// Given up after the configured number of attempts; an administrator may send it again.
    case dead
}

/// One change of a dossier's state as the national portal is told about it: queued in the transaction of the change,
/// sent in order per dossier (`sequence` is the number of the change in the dossier's history).
public struct PortalSyncRecord: Codable, Sendable, Hashable {
    public var id: Int64
    public var dossierId: Int64
    public var sequence: Int
    public var dossierCode: String
    public var procedureCode: String
    /// One of `NationalPortalStatus.all`, mapped by the dossier's workflow from its new state.
    public var nationalStatus: Int
    public var occurredAt: Date
    public var receivedAt: Date?
    public var dueDate: LocalDate?
    /// When processing ended (the result decided).
    public var resolvedAt: Date?
    /// When the result was returned (or the dossier otherwise closed).
    public var finishedAt: Date?
    public var state: PortalSyncState
    public var attempts: Int
    public var nextAttemptAt: Date
    public var lastError: String?
    public var sentAt: Date?

    public init(
        id: Int64, dossierId: Int64, sequence: Int, dossierCode: String, procedureCode: String, nationalStatus: Int,
        occurredAt: Date, receivedAt: Date?, dueDate: LocalDate?, resolvedAt: Date?, finishedAt: Date?,
        state: PortalSyncState, attempts: Int, nextAttemptAt: Date, lastError: String?, sentAt: Date?
    ) {
        self.id = id
        self.dossierId = dossierId
        self.sequence = sequence
        self.dossierCode = dossierCode
        self.procedureCode = procedureCode
        self.nationalStatus = nationalStatus
        self.occurredAt = occurredAt
        self.receivedAt = receivedAt
        self.dueDate = dueDate
        self.resolvedAt = resolvedAt
        self.finishedAt = finishedAt
        self.state = state
        self.attempts = attempts
        self.nextAttemptAt = nextAttemptAt
        self.lastError = lastError
        self.sentAt = sentAt
    }
}

/// A change of state in a dossier's history that has no status record (found by the reconciliation).
public struct PortalSyncGap: Sendable, Hashable {
    public var dossierId: Int64
    public var sequence: Int
    public var workflowCode: String
    public var toState: String

    public init(dossierId: Int64, sequence: Int, workflowCode: String, toState: String) {
        self.dossierId = dossierId
        self.sequence = sequence
        self.workflowCode = workflowCode
        self.toState = toState
    }
}
