import Foundation
import TestSupport
import Testing

/// Citizen accounts: registration, the profile declared once, lockout, CSRF on the portal's forms.
@Suite("Citizen accounts")
struct CitizenAccountTests {
    @Test("register, declare the profile once, find it pre-filled in a new submission", arguments: Backend.available)
    func profileReuse(_ backend: Backend) async throws {
        try await withApp(backend) { api, _ in
            let browser = BrowserSession(api)
            try await Portal.register(browser, phone: "0912000111")
            let form = try await browser.get("/thu-tuc/1.001193/nop-truc-tuyen")
            #expect(form.status == .ok)
            #expect(form.text.contains("value=\"038190001234\""))
            #expect(form.text.contains("value=\"Nguyễn Thị Mai\""))
            // The same phone cannot open a second account.
            let again = BrowserSession(api)
            _ = try await again.get("/dang-ky")
            let duplicate = try await again.post(
                "/dang-ky",
                [
                    "fullName": "Ai Đó", "phone": "+84912000111", "password": "matkhau-123",
                    "passwordConfirm": "matkhau-123", "consent": "yes",
                ])
            #expect(duplicate.status == .conflict)
            #expect(duplicate.text.contains("đã được dùng"))
        }
    }

    @Test(
        "registration needs the citizen's own tick on the personal-data notice (Law 91/2025/QH15): never ticked for them, stored",
        arguments: Backend.available)
    func consent(_ backend: Backend) async throws {
        try await withApp(backend) { api, db in
            let browser = BrowserSession(api)
            let form = try await browser.get("/dang-ky")
            #expect(form.text.contains("name=\"consent\"") && form.text.contains("91/2025/QH15"))
            #expect(!form.text.contains("checked"))
            let fields = ["fullName": "Lê Thị Hạnh", "phone": "0912000333", "password": "matkhau-123", "passwordConfirm": "matkhau-123"]
            for refused in [fields, fields.merging(["consent": "on"]) { $1 }] {
                let answer = try await browser.post("/dang-ky", refused)
                #expect(answer.status == .badRequest)
                #expect(answer.text.contains("đồng ý cho phép xử lý dữ liệu cá nhân"))
                #expect(!answer.text.contains("checked"))
            }
            #expect(try await db.count("citizens") == 0)
            let visitor = BrowserSession(api)
            _ = try await visitor.get("/dang-ky?lang=en")
            let english = try await visitor.post("/dang-ky", fields)
            #expect(english.text.contains("consent to the processing of your personal data"))
            _ = try await browser.post("/dang-ky", fields.merging(["consent": "yes"]) { $1 })
            let database = try db.open()
            let stored = try await database.read { sql in
                try await sql.raw("SELECT consent_version, consent_at FROM citizens").all().map {
                    (try $0.decode(column: "consent_version", as: String.self), try $0.decode(column: "consent_at", as: Int64.self))
                }
            }
            let line = try await database.read { sql in
                try await sql.raw("SELECT detail FROM audit_log WHERE action = 'citizen.register'").first()?
                    .decode(column: "detail", as: String.self)
            }
            await database.shutdown()
            #expect(stored.count == 1 && stored.first?.0 == "2026-01" && (stored.first?.1 ?? 0) > 0)
            #expect(line == "consent 2026-01")
        }
    }

    @Test("the first submission completes an empty profile, so the next form is pre-filled", arguments: Backend.available)
    func declareOnceFromFirstSubmission(_ backend: Backend) async throws {
        try await withApp(backend) { api, _ in
            let browser = BrowserSession(api)
            _ = try await browser.get("/dang-ky")
            _ = try await browser.post(
                "/dang-ky",
                [
                    "fullName": "Nguyễn Thị Mai", "phone": "0912000111", "password": "matkhau-123",
                    "passwordConfirm": "matkhau-123", "consent": "yes",
                ])
            #expect(!(try await browser.get("/tai-khoan").text.contains("038190001234")))
            #expect(try await Portal.submitBirth(browser).code != nil)
            let account = try await browser.get("/tai-khoan").text
            #expect(account.contains("value=\"038190001234\""))
            #expect(account.contains("value=\"14797\" selected"))
        }
    }

    @Test("the citizen ID number is checked: 12 digits, a province code, century and year of birth", arguments: Backend.available)
    func idNumber(_ backend: Backend) async throws {
        try await withApp(backend) { api, _ in
            let browser = BrowserSession(api)
            try await Portal.register(browser, phone: "0912000222")
            for bad in ["03819000123", "099190001234", "038290001234", "03819000123x"] {
                _ = try await browser.get("/tai-khoan")
                let response = try await browser.post(
                    "/tai-khoan",
                    [
                        "fullName": "Nguyễn Thị Mai", "birthDate": "1990-05-01",
                        "idNumber": bad, "phone": "0912000222",
                    ])
                #expect(response.status == .badRequest, "\(bad) accepted")
            }
        }
    }

    @Test("wrong passwords make the account back off; the right one is refused meanwhile", arguments: Backend.available)
    func lockout(_ backend: Backend) async throws {
        try await withApp(backend, extraEnvironment: ["LOGIN_MAX_FAILURES": "3"]) { api, db in
            try await Portal.register(BrowserSession(api), phone: "0912000333")
            let browser = BrowserSession(api)
            _ = try await browser.get("/dang-nhap")
            var failed = Date()  // the wait starts when the server counts the last failure: timed from the request
            for _ in 0..<3 {
                failed = Date()
                let wrong = try await browser.post("/dang-nhap", ["login": "0912000333", "password": "sai-mat-khau"])
                #expect(wrong.status == .unauthorized)
            }
            // The first wait is one second of the wall clock: asserted only while it runs.
            let locked = try await browser.post("/dang-nhap", ["login": "0912000333", "password": "matkhau-123"])
            if Date().timeIntervalSince(failed) < 0.9 { #expect(locked.status == .tooManyRequests) }
            #expect(try await db.count("audit_log") >= 4)
        }
    }

    @Test("portal forms without the CSRF token are refused and change nothing", arguments: Backend.available)
    func csrf(_ backend: Backend) async throws {
        try await withApp(backend) { api, db in
            let browser = BrowserSession(api)
            try await Portal.register(browser, phone: "0912000444")
            let forged = try await browser.post("/tai-khoan", ["fullName": "Kẻ Giả Mạo", "phone": "0912000444"], csrf: "x")
            #expect(forged.status == .forbidden)
            let submission = try await browser.postMultipart(
                "/thu-tuc/1.001193/nop-truc-tuyen", ["_csrf": "x", "intent": "submit"], files: [])
            #expect(submission.status == .forbidden)
            #expect(try await db.count("dossiers") == 0)
            #expect(try await browser.get("/tai-khoan").text.contains("Nguyễn Thị Mai"))
        }
    }
}
