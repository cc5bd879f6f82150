import Foundation
import Persistence
import SQLKit
import TestSupport
import Testing

/// The audit trail: every line chained to the one before, TRUNCATE refused, denials and sensitive
/// reads written, floods of identical refusals aggregated.
@Suite("Audit trail")
struct AuditTrailTests {
    @Test("every audit line carries its place, the previous line's hash and its own", arguments: Backend.available)
    func chained(_ backend: Backend) async throws {
        try await withApp(backend) { api, db in
            _ = try await api.login("tiepnhan.hacthanh")
            _ = try await api.login("lanhdao.hacthanh")
            let rows = try await Self.read(db) { try await $0.raw("SELECT seq, prev_hash, hash FROM audit_log ORDER BY seq").all() }
            #expect(rows.count >= 2)
            var previous = String(repeating: "0", count: 64)
            for (index, row) in rows.enumerated() {
                #expect(try row.decode(column: "seq", as: Int.self) == index + 1)
                #expect(try row.decode(column: "prev_hash", as: String.self) == previous)
                let hash = try row.decode(column: "hash", as: String.self)
                #expect(hash.count == 64 && hash != previous)
                previous = hash
            }
        }
    }

    @Test("TRUNCATE of the audit log and the history is refused on PostgreSQL", arguments: Backend.available.filter { $0 == .postgres })
    func truncateRefused(_ backend: Backend) async throws {
        try await withApp(backend) { api, db in
            _ = try await api.login("tiepnhan.hacthanh")
            for table in ["audit_log", "dossier_events"] {
                await #expect(throws: (any Error).self) {
                    try await Self.read(db) { try await $0.raw("TRUNCATE \(unsafeRaw: table)").run() }
                }
            }
            #expect(try await db.count("audit_log") >= 1)
        }
    }

    @Test("refusals (role, CSRF), document downloads and citizen logout are audited", arguments: Backend.available)
    func denialsAndReads(_ backend: Backend) async throws {
        try await withApp(backend) { api, db in
            // A desk officer asks for a leader's step: 403.
            let desk = try await api.login("tiepnhan.hacthanh")
            let (code, received) = try await api.receive(desk)
            let version = try await api.must(desk, code, "forward", version: received)
            let refused = try await api.act(desk, code, "assign", version: version, extra: ["assigneeId": 1])
            #expect(refused.status == .forbidden)
            // A form posted without its CSRF token: 403.
            let form = ["Content-Type": "application/x-www-form-urlencoded"]
            let csrf = try await api.request(.post, "/officer/login", raw: "username=a&password=b", headers: form)
            #expect(csrf.status == .forbidden)
            // A citizen downloads one of their documents, then logs out.
            let owner = BrowserSession(api)
            try await Portal.register(owner, phone: "0912000111")
            _ = try #require(try await Portal.submitBirth(owner).code)
            #expect(try await owner.get("/tai-lieu/1").status == .ok)
            #expect(try await api.request(.get, "/tai-lieu/2", token: desk).status == .ok)
            #expect(try await owner.post("/dang-xuat", [:]).status == .seeOther)

            let lines = try await Self.lines(db)
            #expect(
                lines.contains { $0.action == "access.denied" && $0.actor == "tiepnhan.hacthanh" && $0.detail == "transition.wrongRole" })
            #expect(lines.contains { $0.action == "access.denied" && $0.detail == "csrf.invalid" && $0.target == "/officer/login" })
            #expect(lines.contains { $0.action == "document.download" && $0.actor.hasPrefix("citizen:") && $0.target == "1" })
            #expect(lines.contains { $0.action == "document.download" && $0.actor == "tiepnhan.hacthanh" && $0.target == "2" })
            #expect(lines.contains { $0.action == "citizen.logout" && $0.actor.hasPrefix("citizen:") })
        }
    }

    @Test("1,000 refused logins from one address write a bounded number of lines that count them all", arguments: Backend.available)
    func refusalsAggregated(_ backend: Backend) async throws {
        let window = 2.0
        // The general limit of anonymous requests (600 a minute) would answer the last 400 before the login does.
        let environment = ["AUDIT_REFUSAL_WINDOW_SECONDS": "2", "RATE_LIMIT_REQUESTS_PER_MINUTE": "0"]
        try await withApp(backend, extraEnvironment: environment) { api, db in
            let started = Date()
            for _ in 0..<1000 {
                let wrong = try await api.request(.post, "/api/v1/session", json: ["username": "tiepnhan.hacthanh", "password": "sai"])
                #expect(wrong.status == .unauthorized || wrong.status == .tooManyRequests)
            }
            let elapsed = Date().timeIntervalSince(started)
            // Past the window, the next refusal closes it: its count is written.
            try await Task.sleep(for: .seconds(window + 0.5))
            _ = try await api.request(.post, "/api/v1/session", json: ["username": "tiepnhan.hacthanh", "password": "sai"])
            let row = try await Self.read(db) {
                try await $0.raw(
                    "SELECT COUNT(*) AS n, CAST(SUM(occurrences) AS BIGINT) AS total FROM audit_log WHERE action LIKE 'login.%'"
                ).first()
            }
            let rows = try #require(try row?.decode(column: "n", as: Int.self))
            // At most two actions (failed, blocked), each written once when its window opens and once when it closes.
            let windows = Int((elapsed + window + 0.5) / window) + 2
            #expect(rows <= min(4 * windows, 100), "\(rows) lines for 1,001 refusals in \(elapsed) s")
            let actions = try await Self.read(db) {
                try await $0.raw(
                    "SELECT action, COUNT(*) AS n, CAST(SUM(occurrences) AS BIGINT) AS total FROM audit_log GROUP BY action ORDER BY action"
                ).all().map {
                    "\(try $0.decode(column: "action", as: String.self)) \(try $0.decode(column: "n", as: Int.self))/\(try $0.decode(column: "total", as: Int.self))"
                }
            }
            #expect(try row?.decode(column: "total", as: Int.self) == 1001, "\(actions)")
        }
    }

    /// Runs `body` on a connection to the test's database, closed whether it succeeds or throws.
    static func read<T: Sendable>(_ db: TestDatabase, _ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        let database = try db.open()
        do {
            let value = try await database.read(body)
            await database.shutdown()
            return value
        } catch {
            await database.shutdown()
            throw error
        }
    }

    /// The audit lines written so far.
    static func lines(_ db: TestDatabase) async throws -> [(actor: String, action: String, target: String?, detail: String?)] {
        try await read(db) {
            try await $0.raw("SELECT actor, action, target, detail FROM audit_log ORDER BY id").all().map {
                (
                    try $0.decode(column: "actor", as: String.self), try $0.decode(column: "action", as: String.self),
                    try $0.decode(column: "target", as: String?.self), try $0.decode(column: "detail", as: String?.self)
                )
            }
        }
    }
}
