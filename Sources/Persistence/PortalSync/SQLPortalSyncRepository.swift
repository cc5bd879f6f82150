import Domain
import Foundation
import SQLKit

/// The national-portal status records in SQL (`portal_sync`, migration 23), claimed like the outbox's messages.
public final class SQLPortalSyncRepository: PortalSyncRepository {
    let database: Database

    public init(database: Database) { self.database = database }

    var queue: LeasedQueue { LeasedQueue(database: database, table: "portal_sync") }

    /// The statement, run in a change's transaction after its event is appended, that queues the record of the dossier's
    /// latest event when that event changed its state (a receipt, or a transition to another state).
    static func enqueueLatest(dossierId: Int64, _ nationalStatus: Int, at now: Date) -> SQLQueryString {
        """
        INSERT INTO portal_sync (dossier_id, sequence, dossier_code, procedure_code, national_status, occurred_at, received_at,
            due_date, resolved_at, finished_at, status, attempts, next_attempt_at, lease_until, created_at)
        SELECT d.id, e.sequence, d.code, d.procedure_code, \(bind: nationalStatus), e.occurred_at, d.received_at, d.due_date,
            d.resolved_at, d.finished_at, 'pending', 0, \(bind: Stored.millis(now)), 0, \(bind: Stored.millis(now))
        FROM dossiers d JOIN dossier_events e ON e.dossier_id = d.id
        WHERE d.id = \(bind: dossierId) AND (e.from_state IS NULL OR e.from_state <> e.to_state)
            AND e.sequence = (SELECT MAX(sequence) FROM dossier_events WHERE dossier_id = \(bind: dossierId))
        """
    }

    public func claim(now: Date, limit: Int, holder: String, leaseSeconds: TimeInterval) async throws -> [PortalSyncRecord] {
        let at = Stored.millis(now)
        // A record is due when no earlier record of its dossier is still unsent: each dossier's go out in order.
        let due: SQLQueryString = """
            s.status = 'pending' AND s.next_attempt_at <= \(bind: at) AND s.lease_until <= \(bind: at)
                AND NOT EXISTS (SELECT 1 FROM portal_sync p WHERE p.dossier_id = s.dossier_id AND p.sequence < s.sequence
                    AND p.status <> 'sent')
            """
        return try await queue.claim(
            due: due, limit: limit, holder: holder, until: now.addingTimeInterval(leaseSeconds), returning: "*"
        ).map(Self.record).sorted { $0.id < $1.id }
    }

    public func markSent(id: Int64, holder: String, now: Date) async throws {
        try await queue.markSent(id: id, holder: holder, now: now)
    }

    public func markFailed(id: Int64, holder: String, error: String, retryAt: Date?) async throws {
        try await queue.markFailed(id: id, holder: holder, error: error, retryAt: retryAt)
    }

    public func release(ids: [Int64], holder: String) async throws {
        try await queue.release(ids: ids, holder: holder)
    }

    public func records(in state: PortalSyncState, limit: Int) async throws -> [PortalSyncRecord] {
        try await queue.rows(in: state.rawValue, limit: limit, newestFirst: false).map(Self.record)
    }

    public func counts() async throws -> [PortalSyncState: Int] {
        Dictionary(uniqueKeysWithValues: try await queue.counts().compactMap { k, n in PortalSyncState(rawValue: k).map { ($0, n) } })
    }

    public func resend(id: Int64, now: Date, audit: AuditEntry) async throws -> Bool {
        try await queue.resend(id: id, now: now, audit: audit)
    }

    public func gaps(since: Date?, limit: Int) async throws -> [PortalSyncGap] {
        try await database.read { db in
            try await db.raw(
                """
                SELECT e.dossier_id, e.sequence, d.workflow_code, e.to_state
                FROM dossier_events e JOIN dossiers d ON d.id = e.dossier_id
                WHERE e.occurred_at >= \(bind: Stored.millis(since) ?? 0) AND (e.from_state IS NULL OR e.from_state <> e.to_state)
                    AND NOT EXISTS (SELECT 1 FROM portal_sync s WHERE s.dossier_id = e.dossier_id AND s.sequence = e.sequence)
                ORDER BY e.id LIMIT \(literal: limit)
                """
            ).all().map { r in
                PortalSyncGap(
                    dossierId: try r.int64("dossier_id"), sequence: try r.int("sequence"), workflowCode: try r.string("workflow_code"),
                    toState: try r.string("to_state"))
            }
        }
    }

    /// The records are due at once (whatever clock the command that found them runs on).
    public func enqueue(_ gaps: [(gap: PortalSyncGap, nationalStatus: Int)], now: Date, audit: AuditEntry) async throws -> Int {
        guard !gaps.isEmpty else { return 0 }
        return try await database.transaction { db in
            var queued = 0
            for (gap, status) in gaps {
                let rows = try await db.raw(
                    """
                    INSERT INTO portal_sync (dossier_id, sequence, dossier_code, procedure_code, national_status, occurred_at,
                        received_at, due_date, resolved_at, finished_at, status, attempts, next_attempt_at, lease_until, created_at)
                    SELECT d.id, e.sequence, d.code, d.procedure_code, \(bind: status), e.occurred_at, d.received_at, d.due_date,
                        d.resolved_at, d.finished_at, 'pending', 0, 0, 0, \(bind: Stored.millis(now))
                    FROM dossiers d JOIN dossier_events e ON e.dossier_id = d.id
                    WHERE d.id = \(bind: gap.dossierId) AND e.sequence = \(bind: gap.sequence)
                    ON CONFLICT (dossier_id, sequence) DO NOTHING RETURNING id
                    """
                ).all()
                queued += rows.count
            }
            try await SQLAuditLog.insert(audit, on: db)
            return queued
        }
    }

    static func record(_ r: any SQLRow) throws -> PortalSyncRecord {
        PortalSyncRecord(
            id: try r.int64("id"), dossierId: try r.int64("dossier_id"), sequence: try r.int("sequence"),
            dossierCode: try r.string("dossier_code"), procedureCode: try r.string("procedure_code"),
            nationalStatus: try r.int("national_status"), occurredAt: Stored.date(try r.int64("occurred_at")),
            receivedAt: Stored.date(try r.optionalInt64("received_at")), dueDate: Stored.day(try r.optionalString("due_date")),
            resolvedAt: Stored.date(try r.optionalInt64("resolved_at")), finishedAt: Stored.date(try r.optionalInt64("finished_at")),
            state: PortalSyncState(rawValue: try r.string("status")) ?? .pending, attempts: try r.int("attempts"),
            nextAttemptAt: Stored.date(try r.int64("next_attempt_at")), lastError: try r.optionalString("last_error"),
            sentAt: Stored.date(try r.optionalInt64("sent_at")))
    }
}
