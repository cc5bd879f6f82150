import Foundation
import Logging
import Persistence
import SQLKit

/// A database engine the integration suites run on. SQLite always; PostgreSQL when the test
/// command started a server (`MOTCUA_TEST_POSTGRES_URL`), and required when `MOTCUA_REQUIRE_POSTGRES=1`.
public enum Backend: String, CaseIterable, Sendable, CustomStringConvertible {
    case sqlite, postgres

    public var description: String { rawValue }

    public static var postgresURL: String? { ProcessInfo.processInfo.environment["MOTCUA_TEST_POSTGRES_URL"] }

    /// The backends to test on in this run.
    public static var available: [Backend] {
        let required = ProcessInfo.processInfo.environment["MOTCUA_REQUIRE_POSTGRES"] == "1"
        return postgresURL != nil || required ? [.sqlite, .postgres] : [.sqlite]
    }
}

/// A fresh, empty database for one test: a new SQLite file, or a new PostgreSQL schema.
public struct TestDatabase: Sendable {
    public let backend: Backend
    /// Environment for `AppConfig` that points at this database.
    public let environment: [String: String]
    /// The data folder the application writes into (the SQLite file, the blob store).
    public let directory: URL
    let schema: String?

    public static func make(_ backend: Backend) async throws -> TestDatabase {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("motcua-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        var env = ["DATA_DIR": directory.path, "PORT": "0", "BCRYPT_COST": "4", "LOG_LEVEL": "error", "MOTCUA_ENV": "development"]
        switch backend {
        case .sqlite:
            return TestDatabase(backend: backend, environment: env, directory: directory, schema: nil)
        case .postgres:
            guard let url = Backend.postgresURL else {
                throw TestSetupError("MOTCUA_TEST_POSTGRES_URL is not set: run the suites with scripts/test.sh")
            }
            let schema = "t_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(20)
            let admin = try Database.postgres(url: url, maxConnections: 1, logger: Logger(label: "test"))
            try await admin.transaction { db in try await db.raw("CREATE SCHEMA \(unsafeRaw: String(schema))").run() }
            await admin.shutdown()
            env["DATABASE_URL"] = url
            env["DATABASE_SCHEMA"] = String(schema)
            env["DATABASE_POOL_SIZE"] = "2"  // suites run in parallel, each with its own application
            return TestDatabase(backend: backend, environment: env, directory: directory, schema: String(schema))
        }
    }

    /// A connection to the same database, for assertions on stored rows.
    public func open() throws -> Database {
        if let url = environment["DATABASE_URL"] {
            return try Database.postgres(url: url, schema: schema, maxConnections: 2, logger: Logger(label: "test"))
        }
        return try Database.sqlite(path: directory.appendingPathComponent("motcua.sqlite").path, logger: Logger(label: "test"))
    }

    /// Removes the file or the schema.
    public func destroy() async {
        if let schema, let url = Backend.postgresURL,
            let admin = try? Database.postgres(url: url, maxConnections: 1, logger: Logger(label: "test"))
        {
            try? await admin.transaction { db in try await db.raw("DROP SCHEMA \(unsafeRaw: schema) CASCADE").run() }
            await admin.shutdown()
        }
        try? FileManager.default.removeItem(at: directory)
    }

    /// Counts rows of `table` (for "nothing was written" assertions).
    public func count(_ table: String) async throws -> Int {
        let db = try open()
        defer { Task { await db.shutdown() } }
        return try await db.read {
            try await $0.raw("SELECT COUNT(*) AS n FROM \(unsafeRaw: table)").first()?.decode(column: "n", as: Int.self) ?? 0
        }
    }
}

/// A test environment that cannot be set up.
public struct TestSetupError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}

/// Runs `body` on a fresh database of `backend` (not migrated), opened, and closes and removes it
/// afterwards, whether `body` succeeded or not.
public func withDatabase(_ backend: Backend, _ body: (Database, TestDatabase) async throws -> Void) async throws {
    let test = try await TestDatabase.make(backend)
    let database = try test.open()
    do {
        try await body(database, test)
    } catch {
        await database.shutdown()
        await test.destroy()
        throw error
    }
    await database.shutdown()
    await test.destroy()
}
