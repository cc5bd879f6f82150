import Foundation
import SQLKit

/// Claiming due rows of a work queue for one instance (`claimed_by`, `lease_until`): the shape shared by the notification
/// outbox and the national-portal sync. An idle pass only reads; a pass with work marks up to `limit` due rows, oldest
/// first, as held by `holder` until `until`, in one statement. On PostgreSQL rows another instance is claiming are
/// skipped, not waited for (`FOR UPDATE SKIP LOCKED`); SQLite has one writer. A claim that outlives its lease (its
/// instance died) is due again.
struct LeasedClaims {
    let database: Database
    /// The queue's table.
    let table: String

    /// Claims the rows of `table` (aliased `s` in `due`) for which `due` holds, returning `returning` of each, by id.
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
}
