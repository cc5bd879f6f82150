import Domain
import SQLKit

/// The health check of the database: a trivial query on a pooled connection; readiness adds that
/// the applied migrations are the binary's own.
public struct SQLHealthProbe: HealthProbe {
    let database: Database

    public init(database: Database) { self.database = database }

    public func check() async throws {
        _ = try await database.read { db in try await db.raw("SELECT 1 AS ok").first() }
    }

    public func schemaIsCurrent() async throws -> Bool {
        let known = Set(Migrator.all.map(\.version))
        let applied = try await database.read { db in
            try await db.raw("SELECT version FROM schema_migrations").all().map { try $0.decode(column: "version", as: Int.self) }
        }
        return Set(applied) == known
    }
}
