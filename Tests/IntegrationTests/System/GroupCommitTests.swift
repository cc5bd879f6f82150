import Foundation
import Logging
import Persistence
import SQLKit
import TestSupport
import Testing

/// SQLite's group commit: chained transactions queued together commit with one wait for the disk,
/// yet each keeps its own outcome: a failing one leaves nothing and takes no other down with it.
@Suite("SQLite group commit")
struct GroupCommitTests {
    static let total = 200

    /// Transaction `i` inserts row `i` and then, for every fifth, a duplicate of row 0 (refused by the key).
    static func write(_ database: Database, _ i: Int) async -> Bool {
        do {
            try await database.chainedTransaction { db in
                db.execute(sql: SQLQueryString("INSERT INTO grouped (id, note) VALUES (\(literal: i + 1), 'a')")) { _ in }
                    .flatMap {
                        guard i % 5 == 4 else { return db.eventLoop.makeSucceededVoidFuture() }
                        return db.execute(sql: SQLQueryString("INSERT INTO grouped (id, note) VALUES (1, 'duplicate')")) { _ in }
                    }
            }
            return true
        } catch {
            return false
        }
    }

    @Test("200 concurrent transactions, every fifth failing: 160 committed, the failing ones' rows absent, in far fewer commits")
    func savepointsKeepOutcomes() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("motcua-group-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let database = try Database.sqlite(path: folder.appendingPathComponent("motcua.sqlite").path, logger: Logger(label: "test"))
        try await database.transaction { db in try await db.raw("CREATE TABLE grouped (id INTEGER PRIMARY KEY, note TEXT)").run() }
        let results = await withTaskGroup(of: (Int, Bool).self) { group in
            for i in 0..<Self.total { group.addTask { (i, await Self.write(database, i)) } }
            var all: [Int: Bool] = [:]
            for await (i, ok) in group { all[i] = ok }
            return all
        }
        let stored = try await database.read { db in
            try await db.raw("SELECT id FROM grouped ORDER BY id").all().map { try $0.decode(column: "id", as: Int.self) }
        }
        let groups = try #require(database.groupCommits)
        await database.shutdown()
        // Transaction 4 failed on its duplicate of row 1, so row 1 exists only through transaction 0.
        let expected = (0..<Self.total).filter { $0 % 5 != 4 }.map { $0 + 1 }
        #expect(results.filter(\.value).count == expected.count)
        #expect(results.allSatisfy { $0.value == ($0.key % 5 != 4) })
        #expect(stored == expected)
        #expect(groups.transactions == Self.total && groups.commits < Self.total / 4, "\(groups)")
    }

}
