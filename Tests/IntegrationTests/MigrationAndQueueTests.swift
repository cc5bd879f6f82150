import Foundation
import Logging
import SQLKit
import TestSupport
import Testing

@testable import Persistence

/// Migrations on an empty database, and the queue's keyset pagination.
@Suite("Migrations and queue")
struct MigrationAndQueueTests {
    @Test("migrations apply once, in order, and are recorded", arguments: Backend.available)
    func migrations(_ backend: Backend) async throws {
        try await withDatabase(backend) { database, test in
            #expect(
                try await Migrator.migrate(database) == [
                    1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 27, 28,
                    29, 30, 32, 33, 34, 35, 36, 38, 39,
                ])
            #expect(try await Migrator.migrate(database) == [])
            let versions = try await database.read { db in
                try await db.raw("SELECT version FROM schema_migrations ORDER BY version").all().map {
                    try $0.decode(column: "version", as: Int.self)
                }
            }
            #expect(
                versions == [
                    1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 27, 28,
                    29, 30, 32, 33, 34, 35, 36, 38, 39,
                ])
            #expect(try await Seeder(database: database).seedReferenceData())
            #expect(try await Seeder(database: database).seedReferenceData() == false)
            let communes = try await database.read { db in
                try await db.raw("SELECT COUNT(*) AS n FROM units WHERE tree = '2025' AND parent_code = '38'").first()?.decode(
                    column: "n", as: Int.self)
            }
            #expect(communes == 166)
            let legacyDistricts = try await database.read { db in
                try await db.raw("SELECT COUNT(*) AS n FROM units WHERE tree = 'legacy' AND level = 'district' AND parent_code = '38'")
                    .first()?.decode(column: "n", as: Int.self)
            }
            #expect(legacyDistricts == 26)
        }
    }

    @Test(
        "PostgreSQL sessions start without parallel workers and without JIT compilation",
        arguments: Backend.available.filter { $0 == .postgres })
    func postgresSessionSettings(_ backend: Backend) async throws {
        let test = try await TestDatabase.make(backend)
        let database = try test.open()
        let settings = try? await database.read { db in
            try await db.raw("SELECT current_setting('jit') AS jit, current_setting('max_parallel_workers_per_gather') AS workers").first()
        }
        await database.shutdown()
        await test.destroy()
        #expect(try settings?.decode(column: "jit", as: String.self) == "off")
        #expect(try settings?.decode(column: "workers", as: String.self) == "0")
    }

    @Test("the queue pages with a cursor, without gaps or repeats, and filters overdue", arguments: Backend.available)
    func keysetPagination(_ backend: Backend) async throws {
        let clock = TestClock("2026-03-02T09:00:00+07:00")
        try await withApp(backend, clock: clock) { api, _ in
            let desk = try await api.login("tiepnhan.hacthanh")
            var codes: Set<String> = []
            for i in 0..<7 { codes.insert(try await api.receive(desk, Fixtures.receipt(name: "Người \(i)")).code) }
            var seen: [String] = []
            var cursor: String?
            repeat {
                let uri = "/api/v1/queue?limit=3" + (cursor.map { "&cursor=\($0)" } ?? "")
                let page = try await api.request(.get, uri, token: desk)
                #expect(page.status == .ok)
                let items = page.json["items"] as? [[String: Any]] ?? []
                #expect(items.count <= 3)
                seen += items.compactMap { $0[path: "dossier.code"] as? String }
                cursor = page.json["nextCursor"] as? String
            } while cursor != nil
            #expect(seen.count == 7)
            #expect(Set(seen) == codes)
            // Nothing is overdue today; a month later the desk's untouched dossiers all are.
            let overdueNow = try await api.request(.get, "/api/v1/queue?overdue=true", token: desk)
            #expect((overdueNow.json["items"] as? [Any])?.count == 0)
            clock.set("2026-04-02T09:00:00+07:00")
            let overdueLater = try await api.request(.get, "/api/v1/queue?overdue=true", token: desk)
            #expect((overdueLater.json["items"] as? [Any])?.count == 7)
            let leader = try await api.request(.get, "/api/v1/queue", token: try await api.login("lanhdao.hacthanh"))
            #expect((leader.json["items"] as? [Any])?.count == 0)  // nothing forwarded yet
            let page = try await api.request(.get, "/officer", token: desk)
            #expect(page.status == .ok)
            #expect(page.text.components(separatedBy: "class=\"dossier-link\"").count - 1 == 7)
        }
    }

    @Test("the public progress read model matches the history, and migration 2 rebuilds it from the events", arguments: Backend.available)
    func progressReadModel(_ backend: Backend) async throws {
        try await withApp(backend) { api, db in
            let desk = try await api.login("tiepnhan.hacthanh")
            let leader = try await api.login("lanhdao.hacthanh")
            var (code, v) = try await api.receive(desk)
            v = try await api.must(desk, code, "forward", version: v)
            v = try await api.must(leader, code, "transfer", version: v, extra: ["targetAgencyId": "CA14797.H56", "note": "Công an xã"])
            let events = try await api.dossier(desk, code)["events"] as? [[String: Any]] ?? []
            let before = try await api.request(.get, "/api/v1/tracking/\(code)")
            let steps = before.json["steps"] as? [[String: Any]] ?? []
            #expect(steps.map { $0["actionCode"] as? String } == events.map { $0["action"] as? String })
            #expect(steps.map { $0[path: "status.code"] as? String } == events.map { $0["toState"] as? String })
            #expect(steps.map { $0["at"] as? String } == events.map { $0["occurredAt"] as? String })
            #expect(steps.last?["agency"] as? String == "Ủy ban nhân dân Phường Hạc Thành")
            let database = try db.open()
            try await database.transaction { try await $0.raw("UPDATE dossiers SET progress = ''").run() }
            let backfill = Migration0002TrackingProgress.migration.statements(database.dialect)[1]
            try await database.transaction { try await $0.raw(SQLQueryString(Migration.render(backfill, for: database.dialect))).run() }
            await database.shutdown()
            let after = try await api.request(.get, "/api/v1/tracking/\(code)")
            #expect(after.text == before.text)
        }
    }
}
