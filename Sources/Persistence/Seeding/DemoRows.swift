import Foundation
import SQLKit

/// The demo's rows, which a production database must not hold: the demo officers (known by name,
/// sharing a published password), the published development Open311 key, and the mark left by any
/// start in development mode (which covers the citizens and dossiers made while trying the demo).
public enum DemoRows {
    /// Records that the demo was seeded in this database.
    public static func markDevelopment(_ database: Database, now: Date) async throws {
        try await database.transaction { db in
            guard try await db.raw("SELECT name FROM deployment_marks WHERE name = 'development'").first() == nil else { return }
            try await db.raw("INSERT INTO deployment_marks (name, noted_at) VALUES ('development', \(bind: Stored.millis(now)))").run()
        }
    }

    /// One line per kind of demo row found; empty when the database holds none. `open311KeyHash` is
    /// the hash of the published development key.
    public static func find(_ database: Database, open311KeyHash: String) async throws -> [String] {
        try await database.read { db in
            var found: [String] = []
            let names = Set(DemoOfficers.accounts.map(\.username))
            let officers = try await db.raw("SELECT username FROM officers").all().map { try $0.string("username") }.filter(names.contains)
            if !officers.isEmpty { found.append("demo officers with the published password: \(officers.sorted().joined(separator: ", "))") }
            if try await db.raw("SELECT client FROM open311_keys WHERE key_hash = \(bind: open311KeyHash)").first() != nil {
                found.append("the published development Open311 API key")
            }
            if try await db.raw("SELECT name FROM deployment_marks WHERE name = 'development'").first() != nil {
                found.append("the mark of a start in development mode (its citizens, dossiers and keys are demo data)")
            }
            return found
        }
    }
}
