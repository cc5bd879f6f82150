import Domain
import Foundation
import SQLKit

/// A work queue in one table whose rows an instance claims for a while (`claimed_by`, `lease_until`) and then marks
/// sent, failed (to retry later, or dead after the last attempt) or releases: the shape shared by the notification
/// outbox, the national-portal sync and the document-exchange outbox. States are `pending`, `sent` and `dead`.
///
/// Claiming: an idle pass only reads; a pass with work marks up to `limit` due rows, oldest first, as held by `holder`
/// until `until`, in one statement. On PostgreSQL rows another instance is claiming are skipped, not waited for
/// (`FOR UPDATE SKIP LOCKED`); SQLite has one writer. A claim that outlives its lease (its instance died) is due
/// again. Every change after the claim names the holder, so an instance whose lease ran out changes nothing.
struct LeasedQueue {
    let database: Database
    /// The queue's table.
    let table: String

    /// Claims the rows of `table` (aliased `s` in `due`) for which `due` holds, returning `returning` of each.
    func claim(
        due: SQLQueryString, limit: Int, holder: String, until: Date, returning: String
    ) async throws -> [any SQLRow] {
        let lock = database.dialect == .postgres ? " FOR UPDATE SKIP LOCKED" : ""
        let anyDue = try await database.read { [table] db in
            try await db.raw("SELECT s.id FROM \(unsafeRaw: table) s WHERE \(due) LIMIT 1").first() != nil
        }
        guard anyDue else { return [] }
        return try await database.transaction { [table] db in
            try await db.raw(
                """
                UPDATE \(unsafeRaw: table) SET claimed_by = \(bind: holder), lease_until = \(bind: Stored.millis(until))
                WHERE id IN (SELECT s.id FROM \(unsafeRaw: table) s WHERE \(due) ORDER BY s.id LIMIT \(literal: limit)\(unsafeRaw: lock))
                RETURNING \(unsafeRaw: returning)
                """
            ).all()
        }
    }

    /// The holder's row `id` was delivered.
    func markSent(id: Int64, holder: String, now: Date) async throws {
        try await database.transaction { [table] db in
            try await db.raw(
                """
                UPDATE \(unsafeRaw: table) SET status = 'sent', attempts = attempts + 1, sent_at = \(bind: Stored.millis(now)),
                    last_error = NULL, claimed_by = NULL, lease_until = 0
                WHERE id = \(bind: id) AND claimed_by = \(bind: holder) AND status = 'pending'
                """
            ).run()
        }
    }

    /// The holder's row `id` failed with `error`: tried again at `retryAt`, or dead when nil.
    func markFailed(id: Int64, holder: String, error: String, retryAt: Date?) async throws {
        try await database.transaction { db in try await fail(id: id, holder: holder, error: error, retryAt: retryAt, on: db) }
    }

    /// `markFailed` inside the caller's transaction.
    func fail(id: Int64, holder: String, error: String, retryAt: Date?, on db: any SQLDatabase) async throws {
        try await db.raw(
            """
            UPDATE \(unsafeRaw: table) SET attempts = attempts + 1, last_error = \(bind: String(error.prefix(500))),
                status = \(bind: retryAt == nil ? "dead" : "pending"), next_attempt_at = \(bind: Stored.millis(retryAt) ?? 0),
                claimed_by = NULL, lease_until = 0
            WHERE id = \(bind: id) AND claimed_by = \(bind: holder) AND status = 'pending'
            """
        ).run()
    }

    /// Gives back the holder's rows it did not get to (the pass ran out of its lease's time).
    func release(ids: [Int64], holder: String) async throws {
        guard !ids.isEmpty else { return }
        try await database.transaction { [table] db in
            try await db.raw(
                """
                UPDATE \(unsafeRaw: table) SET claimed_by = NULL, lease_until = 0
                WHERE id IN (\(binds: ids)) AND claimed_by = \(bind: holder) AND status = 'pending'
                """
            ).run()
        }
    }

    /// Up to `limit` rows in `state`, oldest or newest first.
    func rows(in state: String, limit: Int, newestFirst: Bool) async throws -> [any SQLRow] {
        try await database.read { [table] db in
            try await db.raw(
                """
                SELECT * FROM \(unsafeRaw: table) WHERE status = \(bind: state)
                ORDER BY id \(unsafeRaw: newestFirst ? "DESC" : "ASC") LIMIT \(literal: limit)
                """
            ).all()
        }
    }

    /// How many rows are in each state.
    func counts() async throws -> [String: Int] {
        try await database.read { [table] db in
            var counts: [String: Int] = [:]
            for row in try await db.raw("SELECT status, COUNT(*) AS n FROM \(unsafeRaw: table) GROUP BY status").all() {
                counts[try row.string("status")] = try row.int("n")
            }
            return counts
        }
    }

    /// A dead row `id` is tried again from `now`, with `audit` in the same transaction; false when it is not dead.
    func resend(id: Int64, now: Date, audit: AuditEntry) async throws -> Bool {
        try await database.transaction { [table] db in
            let row = try await db.raw(
                """
                UPDATE \(unsafeRaw: table) SET status = 'pending', attempts = 0, next_attempt_at = \(bind: Stored.millis(now)),
                    claimed_by = NULL, lease_until = 0
                WHERE id = \(bind: id) AND status = 'dead' RETURNING id
                """
            ).first()
            guard row != nil else { return false }
            try await SQLAuditLog.insert(audit, on: db)
            return true
        }
    }
}
