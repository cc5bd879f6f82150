import Domain
import Foundation
import SQLKit

/// Named leases in `maintenance_leases`: a periodic job that instances sharing the database must not
/// run together (the blob sweep, the statistics projector, escalation, the monthly archive) runs only
/// under its lease. A lease is taken when free, expired or already the holder's, and ended by its
/// holder after the pass; a holder that dies mid-pass leaves a lease that another takes once it expires.
/// Times are on the wall clock (the machines' clocks, as the leases are shared between them).
public struct MaintenanceLeases: Sendable {
    let database: Database

    public init(database: Database) { self.database = database }

    /// Takes the lease `name` for `holder` until `now + seconds`; false when another holds it.
    public func claim(_ name: String, holder: String, now: Date, seconds: TimeInterval) async throws -> Bool {
        let at = Stored.millis(now)
        let until = Stored.millis(now.addingTimeInterval(seconds))
        return try await database.transaction { db in
            let inserted = try await db.raw(
                """
                INSERT INTO maintenance_leases (name, holder, expires_at) VALUES (\(bind: name), \(bind: holder), \(bind: until))
                ON CONFLICT (name) DO NOTHING RETURNING name
                """
            ).first()
            if inserted != nil { return true }
            return try await db.raw(
                """
                UPDATE maintenance_leases SET holder = \(bind: holder), expires_at = \(bind: until)
                WHERE name = \(bind: name) AND (expires_at <= \(bind: at) OR holder = \(bind: holder)) RETURNING name
                """
            ).first() != nil
        }
    }

    /// Ends the lease `name` if `holder` holds it, with `audit` written in the same transaction.
    public func release(_ name: String, holder: String, audit: AuditEntry? = nil) async throws {
        try await database.transaction { db in
            try await db.raw("UPDATE maintenance_leases SET expires_at = 0 WHERE name = \(bind: name) AND holder = \(bind: holder)").run()
            if let audit { try await SQLAuditLog.insert(audit, on: db) }
        }
    }

    /// Runs `body` as the single runner of `name` (a lease of `seconds` from `now`, ended after it);
    /// nil, without running it, when another holder has the lease. On SQLite, one process by design,
    /// `body` runs without a lease (no write on an idle pass, as before instances shared a database).
    public func run<T: Sendable>(
        _ name: String, holder: String, now: Date, seconds: TimeInterval = 600, _ body: @Sendable () async throws -> T
    ) async throws -> T? {
        if database.dialect == .sqlite { return try await body() }
        guard try await claim(name, holder: holder, now: now, seconds: seconds) else { return nil }
        do {
            let value = try await body()
            try await release(name, holder: holder)
            return value
        } catch {
            try? await release(name, holder: holder)
            throw error
        }
    }
}
