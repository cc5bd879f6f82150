import Foundation

/// The queue of status records for the national portal. Records are written by the dossier store in the transaction of
/// each change; this is what the sender, the administrators and the reconciliation do with them.
public protocol PortalSyncRepository: Sendable {
    /// Claims for `holder` (a lease of `leaseSeconds`) up to `limit` due records, each the first unsent one of its dossier,
    /// so that a dossier's records go out in order and no two senders hold the same one.
    func claim(now: Date, limit: Int, holder: String, leaseSeconds: TimeInterval) async throws -> [PortalSyncRecord]
    /// Marks a record `holder` holds as accepted by the portal.
    func markSent(id: Int64, holder: String, now: Date) async throws
    /// Schedules another attempt at `retryAt`, or moves the record to the dead letters when `retryAt` is nil.
    func markFailed(id: Int64, holder: String, error: String, retryAt: Date?) async throws
    /// Gives back claims that were not tried.
    func release(ids: [Int64], holder: String) async throws
    /// The records in `state`, oldest first.
    func records(in state: PortalSyncState, limit: Int) async throws -> [PortalSyncRecord]
    /// How many records are in each state.
    func counts() async throws -> [PortalSyncState: Int]
    /// Puts a dead-lettered record back in the queue (due at `now`, attempts counted afresh) with its audit line, in one
    /// transaction; false when there is no such dead record.
    func resend(id: Int64, now: Date, audit: AuditEntry) async throws -> Bool
    /// Changes of state since `since` (all when nil) that have no record, oldest first.
    func gaps(since: Date?, limit: Int) async throws -> [PortalSyncGap]
    /// Queues a record for each gap with its national status (a gap filled meanwhile is skipped), with the audit line,
    /// in one transaction; returns how many were queued.
    func enqueue(_ gaps: [(gap: PortalSyncGap, nationalStatus: Int)], now: Date, audit: AuditEntry) async throws -> Int
}
