import Foundation
import Persistence
import SQLKit
import TestSupport
import Testing

/// Citizens' passwords: the back-off after wrong ones, a change that ends the other sessions, and
/// a reset with a one-time code sent through the outbox.
@Suite("Citizen passwords")
struct CitizenPasswordTests {
    static let phone = "0912000555"

    static func login(_ browser: BrowserSession, password: String = "matkhau-123") async throws -> APIResponse {
        _ = try await browser.get("/dang-nhap")
        return try await browser.post("/dang-nhap", ["login": phone, "password": password])
    }

    static func register(_ api: APIClient) async throws -> BrowserSession {
        let browser = BrowserSession(api)
        _ = try await browser.get("/dang-ky")
        let created = try await browser.post(
            "/dang-ky",
            ["fullName": "Trần Văn Bình", "phone": phone, "password": "matkhau-123", "passwordConfirm": "matkhau-123", "consent": "yes"])
        guard created.status == .seeOther else { throw TestSetupError("register: \(created.status)") }
        return browser
    }

    /// Whether `browser` is still logged in as the citizen.
    static func loggedIn(_ browser: BrowserSession) async throws -> Bool {
        try await browser.get("/tai-khoan").text.contains("id=\"nav-account\"")
    }

    @Test(
        "wrong passwords back the account off on the injected clock: 1 s, then 2 s; then the right one works", arguments: Backend.available)
    func backoff(_ backend: Backend) async throws {
        let clock = TestClock(ISO8601DateFormatter().string(from: Date()))
        try await withApp(backend, clock: clock, extraEnvironment: ["LOGIN_MAX_FAILURES": "3"]) { api, _ in
            _ = try await Self.register(api)
            let browser = BrowserSession(api)
            for _ in 0..<3 { #expect(try await Self.login(browser, password: "sai-mat-khau").status == .unauthorized) }
            let waiting = try await Self.login(browser)
            #expect(waiting.status == .tooManyRequests && waiting.text.contains("1 giây"))
            clock.advance(1.5)
            #expect(try await Self.login(browser, password: "sai-mat-khau").status == .unauthorized)
            let longer = try await Self.login(browser)
            #expect(longer.status == .tooManyRequests && longer.text.contains("2 giây"))
            clock.advance(1)
            #expect(try await Self.login(browser).status == .tooManyRequests)
            clock.advance(1.5)
            #expect(try await Self.login(browser).status == .seeOther)
        }
    }

    @Test("changing the password needs the current one and ends the citizen's other sessions", arguments: Backend.available)
    func change(_ backend: Backend) async throws {
        try await withApp(backend) { api, db in
            let first = try await Self.register(api)
            let second = BrowserSession(api)
            _ = try await Self.login(second)
            #expect(try await Self.loggedIn(second))
            #expect(try await first.get("/tai-khoan").text.contains("href=\"/tai-khoan/mat-khau\""))
            _ = try await first.get("/tai-khoan/mat-khau")
            let fields = ["password": "matkhau-moi-456", "passwordConfirm": "matkhau-moi-456"]
            #expect(try await first.post("/tai-khoan/mat-khau", fields.merging(["current": "sai"]) { a, _ in a }).status == .badRequest)
            let changed = try await first.post("/tai-khoan/mat-khau", fields.merging(["current": "matkhau-123"]) { a, _ in a })
            #expect(changed.status == .ok && changed.text.contains("id=\"password-changed\""))
            #expect(try await Self.loggedIn(first))
            #expect(!(try await Self.loggedIn(second)))
            #expect(try await Self.login(BrowserSession(api)).status == .unauthorized)
            #expect(try await Self.login(BrowserSession(api), password: "matkhau-moi-456").status == .seeOther)
            #expect(try await Accounts.audited(db, "citizen.password.changed") == 1)
        }
    }

    /// The codes queued for `recipient`, newest last.
    static func codes(_ db: TestDatabase, to recipient: String) async throws -> [String] {
        let database = try db.open()
        defer { Task { await database.shutdown() } }
        let rows = try await database.read {
            try await $0.raw(
                "SELECT params FROM outbox WHERE template = 'passwordReset' AND recipient = \(bind: recipient) ORDER BY id"
            ).all()
        }
        return try rows.map { row in
            let params = try JSONSerialization.jsonObject(with: Data(try row.decode(column: "params", as: String.self).utf8))
            return (params as? [String: String])?["code"] ?? ""
        }
    }

    @Test(
        "a reset code goes through the outbox; same answer for an unknown account; wrong codes count; every session ends",
        arguments: Backend.available)
    func reset(_ backend: Backend) async throws {
        try await withApp(backend, extraEnvironment: ["OUTBOX_POLL_SECONDS": "3600"]) { api, db in
            let session = try await Self.register(api)
            let browser = BrowserSession(api)
            #expect(try await browser.get("/dang-nhap").text.contains("href=\"/quen-mat-khau\""))
            _ = try await browser.get("/quen-mat-khau")
            let known = try await browser.post("/quen-mat-khau", ["login": "+84 912 000 555"])
            let unknown = try await browser.post("/quen-mat-khau", ["login": "0912999999"])
            #expect(known.status == .seeOther && unknown.status == .seeOther)
            #expect(known.headers[.location] == "/quen-mat-khau/ma?login=\(Self.phone)")
            #expect(unknown.headers[.location] == "/quen-mat-khau/ma?login=0912999999")
            let codes = try await Self.codes(db, to: Self.phone)
            #expect(codes.count == 1 && codes[0].count == 6)
            #expect(try await Self.codes(db, to: "0912999999").isEmpty)
            let database = try db.open()
            let stored = try await database.read { try await $0.raw("SELECT code_hash FROM password_resets").all() }
            await database.shutdown()
            let hashes = try stored.map { try $0.decode(column: "code_hash", as: String.self) }
            #expect(hashes.count == 1 && hashes[0] != codes[0] && hashes[0].count == 64)

            _ = try await browser.get("/quen-mat-khau/ma?login=\(Self.phone)")
            let fields = ["login": Self.phone, "password": "matkhau-moi-789", "passwordConfirm": "matkhau-moi-789"]
            let wrongCode = String(format: "%06d", (Int(codes[0])! + 1) % 1_000_000)
            let wrong = try await browser.post("/quen-mat-khau/ma", fields.merging(["code": wrongCode]) { a, _ in a })
            #expect(wrong.status == .badRequest)
            #expect(wrong.errorMessages.vi == nil && wrong.text.contains("không đúng"))
            let done = try await browser.post("/quen-mat-khau/ma", fields.merging(["code": codes[0]]) { a, _ in a })
            #expect(done.status == .ok && done.text.contains("id=\"reset-done\""))
            #expect(!(try await Self.loggedIn(session)))
            #expect(try await Self.login(BrowserSession(api), password: "matkhau-moi-789").status == .seeOther)
            let again = try await browser.post(
                "/quen-mat-khau/ma",
                fields.merging(["code": codes[0], "password": "x-khac-12345", "passwordConfirm": "x-khac-12345"]) { a, _ in a })
            #expect(again.status == .badRequest)
            #expect(try await Accounts.audited(db, "citizen.password.reset") == 1)
            #expect(try await Accounts.audited(db, "citizen.reset.requested") == 1)
        }
    }

    @Test("a reset code survives five wrong tries, then is dead", arguments: Backend.available)
    func attempts(_ backend: Backend) async throws {
        try await withApp(backend, extraEnvironment: ["OUTBOX_POLL_SECONDS": "3600"]) { api, db in
            _ = try await Self.register(api)
            let browser = BrowserSession(api)
            _ = try await browser.get("/quen-mat-khau")
            _ = try await browser.post("/quen-mat-khau", ["login": Self.phone])
            let code = try await Self.codes(db, to: Self.phone)[0]
            let wrongCode = String(format: "%06d", (Int(code)! + 1) % 1_000_000)
            let fields = ["login": Self.phone, "password": "matkhau-moi-789", "passwordConfirm": "matkhau-moi-789"]
            for _ in 0..<5 {
                #expect(
                    try await browser.post("/quen-mat-khau/ma", fields.merging(["code": wrongCode]) { a, _ in a }).status == .badRequest)
            }
            #expect(try await browser.post("/quen-mat-khau/ma", fields.merging(["code": code]) { a, _ in a }).status == .badRequest)
        }
    }
}
