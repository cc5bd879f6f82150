import App
import Foundation
import Logging
import Persistence
import SQLKit
import TestSupport
import Testing

/// The embedded database syncs every commit (`synchronous = FULL`) unless `SQLITE_SYNCHRONOUS` says otherwise.
@Suite("SQLite durability")
struct SQLiteDurabilityTests {
    static func synchronousLevels(_ database: Database) async throws -> (read: Int, write: Int) {
        let read = try await database.read { db in
            try await db.raw("PRAGMA synchronous").first()?.decode(column: "synchronous", as: Int.self)
        }
        let write = try await database.transaction { db in
            try await db.raw("PRAGMA synchronous").first()?.decode(column: "synchronous", as: Int.self)
        }
        return (read ?? -1, write ?? -1)
    }

    @Test("the reading and the writing connections run synchronous = FULL by default")
    func fullByDefault() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("motcua-sync-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let database = try Database.sqlite(path: folder.appendingPathComponent("motcua.sqlite").path, logger: Logger(label: "test"))
        let levels = try await Self.synchronousLevels(database)
        await database.shutdown()
        #expect(levels.read == 2 && levels.write == 2, "synchronous levels \(levels) (1 is NORMAL, 2 is FULL)")
    }

    @Test("SQLITE_SYNCHRONOUS chooses the level; an unknown one is refused, naming the key")
    func configured() async throws {
        let base = ["MOTCUA_ENV": "development", "DATA_DIR": "/tmp/unused"]
        #expect(try AppConfig(environment: base).sqliteSynchronous == .full)
        #expect(try AppConfig(environment: base.merging(["SQLITE_SYNCHRONOUS": "normal"]) { $1 }).sqliteSynchronous == .normal)
        let error = try #require(throws: ConfigError.self) {
            try AppConfig(environment: base.merging(["SQLITE_SYNCHRONOUS": "OFF"]) { $1 })
        }
        #expect(error.description.contains("SQLITE_SYNCHRONOUS"))
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("motcua-sync-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let database = try Database.sqlite(
            path: folder.appendingPathComponent("motcua.sqlite").path, synchronous: .normal, logger: Logger(label: "test"))
        let levels = try await Self.synchronousLevels(database)
        await database.shutdown()
        #expect(levels.read == 1 && levels.write == 1)
    }
}
