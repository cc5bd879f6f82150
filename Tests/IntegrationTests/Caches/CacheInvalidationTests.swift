import Foundation
import Persistence
import SQLKit
import TestSupport
import Testing

/// Two instances on one PostgreSQL database: a change made through one is served by the other.
@Suite("Cache invalidation across instances")
struct CacheInvalidationTests {
    static let code = "1.001193"

    @Test(
        "a catalogue import through A is served by B within 2 s (NOTIFY); a rolled-back import changes nothing",
        arguments: Backend.available.filter { $0 == .postgres })
    func notified(_ backend: Backend) async throws {
        // A long version check: only the notification can bring B up to date within 2 s.
        let slow = ["CACHE_CHECK_SECONDS": "600"]
        try await Self.twoInstances(backend, a: slow, b: slow) { a, b, database in
            let admin = try await a.login("quantri")
            try await Self.awaitListeners(database)
            let before = try await Self.name(b)
            let (renamed, elapsed) = try await Self.rename(through: a, token: admin, seenBy: b, within: 2)
            let served = try await Self.name(b)
            #expect(renamed, "B still serves \(served) after 2 s")
            // Nine more, for the figures: how long after A answered the import B serves the new name.
            var times = [elapsed]
            for _ in 1..<10 {
                let (seen, time) = try await Self.rename(through: a, token: admin, seenBy: b, within: 2)
                #expect(seen)
                times.append(time)
            }
            let ms = times.sorted().map { Int(($0 * 1000).rounded()) }
            print("cache invalidation: B saw A's import after \(ms) ms (NOTIFY; median \(ms[ms.count / 2]) ms)")
            #expect(before != (try await Self.name(b)))

            // A failing import (its last procedure names no field) rolls back: nothing changes, no version moves.
            let versions = try await Self.versions(database)
            let export = try await a.request(.get, "/api/v1/catalogue/export?format=json")
            var file = try #require(try JSONSerialization.jsonObject(with: Data(export.text.utf8)) as? [String: Any])
            var procedures = try #require(file["procedures"] as? [[String: Any]])
            let index = try #require(procedures.firstIndex { $0["code"] as? String == Self.code })
            procedures[index]["name"] = "Tên không bao giờ được lưu"
            var broken = procedures[index]
            broken["code"] = "9.000777"
            broken["field"] = "NO_SUCH_FIELD"
            procedures.append(broken)
            file["procedures"] = procedures
            let failed = try await a.request(.post, "/api/v1/catalogue/import?format=json", token: admin, json: file)
            #expect(failed.status == .badRequest && failed.errorCode == "procedure.unknownField")
            try await Task.sleep(for: .milliseconds(500))
            #expect(try await Self.name(b) == (try await Self.name(a)))
            #expect(try await Self.name(b) != "Tên không bao giờ được lưu")
            #expect(try await Self.versions(database) == versions)
        }
    }

    @Test(
        "with LISTEN off, the periodic version check alone brings B up to date within its period",
        arguments: Backend.available.filter { $0 == .postgres })
    func versionCheck(_ backend: Backend) async throws {
        let polling = ["CACHE_LISTEN": "false", "CACHE_CHECK_SECONDS": "1"]
        try await Self.twoInstances(backend, a: ["CACHE_CHECK_SECONDS": "600"], b: polling) { a, b, _ in
            let admin = try await a.login("quantri")
            let (renamed, elapsed) = try await Self.rename(through: a, token: admin, seenBy: b, within: 3)
            let served = try await Self.name(b)
            #expect(renamed, "B still serves \(served) after 3 s")
            print("cache invalidation: B saw A's import after \(Int(elapsed * 1000)) ms (version check every 1 s)")
        }
    }

    @Test(
        "listeners whose connections are cut reconnect, and the check on reconnecting finds the change they missed",
        arguments: Backend.available.filter { $0 == .postgres })
    func reconnect(_ backend: Backend) async throws {
        let slow = ["CACHE_CHECK_SECONDS": "600"]
        try await Self.twoInstances(backend, a: slow, b: slow) { a, b, database in
            let admin = try await a.login("quantri")
            try await Self.awaitListeners(database)
            let cut = try await Self.listeners(database, "SELECT pg_terminate_backend(pid) AS cut")
            let cutAt = Date()
            #expect(cut == 2)
            // The change is announced while no one listens (the listeners wait 1 s before reconnecting).
            let (renamed, elapsed) = try await Self.rename(through: a, token: admin, seenBy: b, within: 3)
            let served = try await Self.name(b)
            #expect(renamed, "B still serves \(served) after 3 s")
            // Not before the listener is back: 1 s after the cut at the earliest.
            let sinceCut = Date().timeIntervalSince(cutAt)
            #expect(sinceCut >= 0.9)
            print("cache invalidation: B saw A's import \(Int(elapsed * 1000)) ms after it, \(Int(sinceCut * 1000)) ms after the cut")
        }
    }

    @Test(
        "every write to a cached thing moves its version (catalogue, workflow, calendar, report category)",
        arguments: Backend.available)
    func versionsMove(_ backend: Backend) async throws {
        try await withApp(backend) { api, database in
            let admin = try await api.login("quantri")
            func moved(_ name: String, by change: () async throws -> Void) async throws {
                let before = try await Self.versions(database)
                try await change()
                let after = try await Self.versions(database)
                #expect(after[name] == (before[name] ?? 0) + 1, "\(name): \(before) → \(after)")
                #expect(after.filter { $0.key != name } == before.filter { $0.key != name })
            }
            try await moved("catalogue") {
                let export = try await api.request(.get, "/api/v1/catalogue/export?format=json")
                let imported = try await api.request(.post, "/api/v1/catalogue/import?format=json", token: admin, raw: export.text)
                #expect(imported.status == .ok)
            }
            try await moved("workflows") {
                let current = try await api.request(.get, "/api/v1/workflows/ONE_STOP_DEFAULT", token: admin)
                let saved = try await api.request(.put, "/api/v1/workflows/ONE_STOP_DEFAULT", token: admin, json: current.json)
                #expect(saved.status == .ok, "\(saved.text)")
            }
            try await moved("calendars") {
                let day = ["kind": "holiday", "name": "Ngày nghỉ đột xuất", "nameEn": "Extraordinary day off"]
                let put = try await api.request(.put, "/api/v1/calendars/VN-CQNN/days/2026-11-25", token: admin, json: day)
                #expect(put.status == .ok)
            }
            try await moved("calendars") {
                let removed = try await api.request(.delete, "/api/v1/calendars/VN-CQNN/days/2026-11-25", token: admin)
                #expect(removed.status == .noContent)
            }
            try await moved("report_categories") {
                let list = try await api.request(.get, "/api/v1/field-reports/categories")
                let first = try #require((list.json["items"] as? [[String: Any]])?.first)
                let code = try #require(first["code"] as? String)
                let saved = try await api.request(.put, "/api/v1/field-reports/categories/\(code)", token: admin, json: first)
                #expect(saved.status == .ok, "\(saved.text)")
            }
        }
    }

    /// Instances A and B (each its own pool and workers) on one fresh database, destroyed afterwards.
    static func twoInstances(
        _ backend: Backend, a envA: [String: String], b envB: [String: String],
        _ body: @Sendable (APIClient, APIClient, TestDatabase) async throws -> Void
    ) async throws {
        let database = try await TestDatabase.make(backend)
        do {
            try await withApp(backend, database: database, extraEnvironment: envA) { a, _ in
                try await withApp(backend, database: database, extraEnvironment: envB) { b, _ in try await body(a, b, database) }
            }
        } catch {
            await database.destroy()
            throw error
        }
        await database.destroy()
    }

    /// The procedure's name as `api` serves it (cached by the catalogue).
    static func name(_ api: APIClient) async throws -> String {
        try #require(try await api.request(.get, "/api/v1/procedures/\(code)").json["name"] as? String)
    }

    /// Renames the procedure through `a` (a JSON import of the export with one name changed), having made
    /// `b` cache it first; polls `b` every millisecond for `seconds`. Whether `b` served the new name, and when.
    static func rename(
        through a: APIClient, token: String, seenBy b: APIClient, within seconds: Double
    ) async throws -> (Bool, Double) {
        _ = try await name(b)
        let export = try await a.request(.get, "/api/v1/catalogue/export?format=json")
        var file = try #require(try JSONSerialization.jsonObject(with: Data(export.text.utf8)) as? [String: Any])
        var procedures = try #require(file["procedures"] as? [[String: Any]])
        let index = try #require(procedures.firstIndex { $0["code"] as? String == code })
        let newName = "Thủ tục đăng ký khai sinh (sửa \(UUID().uuidString.prefix(6)))"
        procedures[index]["name"] = newName
        file["procedures"] = procedures
        let imported = try await a.request(.post, "/api/v1/catalogue/import?format=json", token: token, json: file)
        try #require(imported.status == .ok, "\(imported.text)")
        let start = Date()
        #expect(try await name(a) == newName)
        while Date().timeIntervalSince(start) < seconds {
            if try await name(b) == newName { return (true, Date().timeIntervalSince(start)) }
            try await Task.sleep(for: .milliseconds(1))
        }
        return (false, Date().timeIntervalSince(start))
    }

    /// The rows `select` gives over the cache listeners' connections to `database` (A's and B's).
    static func listeners(_ database: TestDatabase, _ select: String = "SELECT pid") async throws -> Int {
        let schema = try #require(database.environment["DATABASE_SCHEMA"])
        let db = try database.open()
        do {
            let count = try await db.read { db in
                try await db.raw(
                    "\(unsafeRaw: select) FROM pg_stat_activity WHERE application_name = \(bind: "motcua cache listener \(schema)")"
                ).all().count
            }
            await db.shutdown()
            return count
        } catch {
            await db.shutdown()
            throw error
        }
    }

    /// Waits (up to 10 s) until both instances' listeners are connected: they start beside the server.
    static func awaitListeners(_ database: TestDatabase) async throws {
        let start = Date()
        while try await listeners(database) < 2 && Date().timeIntervalSince(start) < 10 {
            try await Task.sleep(for: .milliseconds(20))
        }
    }

    /// The rows of `cache_versions` (empty before migration 14: the table does not exist).
    static func versions(_ database: TestDatabase) async throws -> [String: Int] {
        let db = try database.open()
        defer { Task { await db.shutdown() } }
        let rows = (try? await db.read { try await $0.raw("SELECT name, version FROM cache_versions").all() }) ?? []
        var versions: [String: Int] = [:]
        for row in rows { versions[try row.decode(column: "name", as: String.self)] = try row.decode(column: "version", as: Int.self) }
        return versions
    }
}
