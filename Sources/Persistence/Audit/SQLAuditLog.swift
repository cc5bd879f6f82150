import Domain
import SQLKit

/// The append-only audit log in SQL (the table refuses updates and deletes by trigger).
public final class SQLAuditLog: AuditLog {
    let database: Database

    public init(database: Database) { self.database = database }

    public func record(_ e: AuditEntry) async throws {
        try await database.transaction { db in try await Self.insert(e, on: db) }
    }

    /// Writes `e` inside the caller's transaction: a repository's change and its audit line
    /// commit together or not at all.
    static func insert(_ e: AuditEntry, on db: any SQLDatabase) async throws {
        try await db.raw(
            """
            INSERT INTO audit_log (at, actor, action, target, detail, ip)
            VALUES (\(bind: Stored.millis(e.at)), \(bind: e.actor), \(bind: e.action), \(bind: e.target), \(bind: e.detail), \(bind: e.ip))
            """
        ).run()
    }
}
