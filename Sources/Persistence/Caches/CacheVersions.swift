import SQLKit

/// The rows of `cache_versions`: bumped in the transaction of a change, read by the periodic check.
public enum CacheVersions {
    /// The channel on which PostgreSQL announces a bump (the payload is the cache's name).
    public static let channel = "motcua_cache"

    /// Moves the version of `names` inside the caller's transaction; on PostgreSQL also queues a
    /// notification per name, which the server delivers when (and only if) the transaction commits.
    static func bump(_ names: CacheName..., on db: any SQLDatabase, dialect: Database.Dialect) async throws {
        for name in names {
            try await db.raw(
                """
                INSERT INTO cache_versions (name, version) VALUES (\(bind: name.rawValue), 1)
                ON CONFLICT (name) DO UPDATE SET version = cache_versions.version + 1
                """
            ).run()
            if dialect == .postgres {
                try await db.raw("SELECT pg_notify(\(bind: channel), \(bind: name.rawValue))").run()
            }
        }
    }

    /// Every cache's version, by name.
    static func all(_ database: Database) async throws -> [String: Int64] {
        let rows = try await database.read { db in try await db.raw("SELECT name, version FROM cache_versions").all() }
        var versions: [String: Int64] = [:]
        for row in rows { versions[try row.string("name")] = try row.int64("version") }
        return versions
    }
}
