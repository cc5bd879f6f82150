import Domain
import SQLKit

/// The health check of the database: a trivial query on a pooled connection.
public struct SQLHealthProbe: HealthProbe {
    let database: Database

    public init(database: Database) { self.database = database }

    public func check() async throws {
        _ = try await database.read { db in try await db.raw("SELECT 1 AS ok").first() }
    }
}
