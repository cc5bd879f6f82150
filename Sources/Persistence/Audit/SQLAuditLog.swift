import Domain
import SQLKit

/// The append-only, hash-chained audit log in SQL (the table refuses updates and deletes by
/// trigger, and TRUNCATE on PostgreSQL; the chain and the signed anchors reveal any edit by its owner).
public final class SQLAuditLog: AuditLog {
    let database: Database

    public init(database: Database) { self.database = database }

    public func record(_ e: AuditEntry) async throws {
        try await database.transaction { db in try await Self.insert(e, on: db) }
    }

    /// Appends `e` to the chain inside the caller's transaction: a repository's change and its audit
    /// line commit together or not at all, and appends from concurrent transactions stay in one line.
    static func insert(_ e: AuditEntry, on db: any SQLDatabase) async throws {
        try await AuditChain.lock(on: db)
        let head = try await AuditChain.head(on: db)
        let seq = head.seq + 1
        let at = Stored.millis(e.at)
        let hash = AuditChain.hash(
            seq: seq, at: at, actor: e.actor, action: e.action, target: e.target, detail: e.detail, ip: e.ip,
            occurrences: Int64(e.occurrences), prev: head.hash)
        try await db.raw(
            """
            INSERT INTO audit_log (at, actor, action, target, detail, ip, seq, occurrences, prev_hash, hash)
            VALUES (\(bind: at), \(bind: e.actor), \(bind: e.action), \(bind: e.target), \(bind: e.detail), \(bind: e.ip),
                \(bind: seq), \(bind: Int64(e.occurrences)), \(bind: head.hash), \(bind: hash))
            """
        ).run()
    }
}
