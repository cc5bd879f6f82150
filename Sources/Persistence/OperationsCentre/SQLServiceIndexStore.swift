import Domain
import Foundation
import SQLKit

/// The service-quality index's framework in `index_frameworks`, seeded from
/// `Seed/service-index-766.json` on first start and changed by administrators afterwards.
public struct SQLServiceIndexStore: ServiceIndexStore {
    static let code = "QD766"
    let database: Database

    public init(database: Database) { self.database = database }

    public func framework() async throws -> ServiceIndexFramework? {
        try await database.read { db in
            try await db.raw("SELECT body FROM index_frameworks WHERE code = \(bind: Self.code)").first()
                .map { try Stored.decode(ServiceIndexFramework.self, try $0.string("body")) }
        }
    }

    public func replace(_ framework: ServiceIndexFramework, audit: AuditEntry) async throws {
        try framework.validate()
        let body = try Stored.encode(framework)
        try await database.transaction { db in
            try await Self.upsert(body, at: audit.at, on: db)
            try await SQLAuditLog.insert(audit, on: db)
        }
    }

    /// Stores `framework` without an audit line (the shipped one, at first start).
    public func save(_ framework: ServiceIndexFramework, at: Date) async throws {
        try framework.validate()
        let body = try Stored.encode(framework)
        try await database.transaction { db in try await Self.upsert(body, at: at, on: db) }
    }

    private static func upsert(_ body: String, at: Date, on db: any SQLDatabase) async throws {
        try await db.raw(
            """
            INSERT INTO index_frameworks (code, body, updated_at) VALUES (\(bind: Self.code), \(bind: body), \(bind: Stored.millis(at)))
            ON CONFLICT (code) DO UPDATE SET body = excluded.body, updated_at = excluded.updated_at
            """
        ).run()
    }

    /// Stores the shipped framework when none is stored yet; returns whether it did.
    @discardableResult
    public func seed(now: Date) async throws -> Bool {
        guard try await framework() == nil else { return false }
        try await save(try SeedFiles.load(ServiceIndexFramework.self, "service-index-766"), at: now)
        return true
    }
}
