import Foundation

/// What administrators and the operator do with the national-portal status queue: list the waiting and dead-lettered
/// records, send one again, and reconcile the dossiers' histories with what was queued.
public struct PortalSyncService: Sendable {
    let records: any PortalSyncRepository
    let catalogue: any CatalogueRepository
    let clock: Clock

    public init(records: any PortalSyncRepository, catalogue: any CatalogueRepository, clock: Clock) {
        self.records = records
        self.catalogue = catalogue
        self.clock = clock
    }

    /// The records in `state` (at most `limit`, oldest first) and the count of each state.
    public func list(_ state: PortalSyncState, limit: Int = 200) async throws -> (
        records: [PortalSyncRecord], counts: [PortalSyncState: Int]
    ) {
        (try await records.records(in: state, limit: min(max(limit, 1), 1000)), try await records.counts())
    }

    /// Puts the dead-lettered record `id` back in the queue, due now; "not found" when there is no such dead record.
    public func resend(id: Int64, by actor: AuditActor) async throws {
        let now = clock.now()
        let audit = actor.entry("portalSync.resend", target: String(id), at: now)
        guard try await records.resend(id: id, now: now, audit: audit) else { throw DomainError.notFound("portalSync.notFound") }
    }

    /// Queues a record for every change of state since `since` (the whole history when nil) that has none (it was never
    /// queued, or its record was removed); returns how many were queued.
    public func reconcile(since: Date?, by actor: AuditActor, batch: Int = 1000) async throws -> Int {
        var total = 0
        var workflows: [String: Workflow] = [:]
        while true {
            let gaps = try await records.gaps(since: since, limit: batch)
            if gaps.isEmpty { return total }
            var found: [(gap: PortalSyncGap, nationalStatus: Int)] = []
            for gap in gaps {
                if workflows[gap.workflowCode] == nil { workflows[gap.workflowCode] = try await catalogue.workflow(code: gap.workflowCode) }
                guard let status = workflows[gap.workflowCode]?.state(gap.toState)?.nationalStatus else {
                    throw DomainError.notFound("workflow.notFound")
                }
                found.append((gap, status))
            }
            let now = clock.now()
            let audit = actor.entry("portalSync.reconcile", detail: "\(found.count)", at: now)
            let queued = try await records.enqueue(found, now: now, audit: audit)
            total += queued
            if queued == 0 || gaps.count < batch { return total }
        }
    }
}
