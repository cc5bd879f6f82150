import App
import Foundation
import Persistence
import TestSupport
import Testing

/// Sign-in through OpenID Connect (VNeID) against a real provider run locally (`scripts/oidc/provider.py`):
/// the code flow with PKCE, the ID token checked (signature, issuer, audience, expiry, nonce), the claims
/// mapped onto the account, linking by ID number, the identity level on the account and its dossiers.
@Suite("OpenID Connect sign-in")
struct OpenIDSignInTests {
    /// Starts a sign-in from the login page and follows the provider; returns the callback's path.
    static func signIn(_ browser: BrowserSession, _ op: OpenIDProvider, consent: Bool = true) async throws -> String {
        let page = try await browser.get("/dang-nhap")
        #expect(page.text.contains("id=\"vneid-form\""))
        let start = try await browser.post("/dang-nhap/vneid", consent ? ["consent": "yes", "next": "/tai-khoan"] : ["next": "/tai-khoan"])
        guard start.status == .seeOther, let location = start.headers[.location] else {
            throw TestSetupError("start: \(start.status) \(start.text.prefix(300))")
        }
        let query = URLComponents(string: location)?.queryItems ?? []
        func item(_ name: String) -> String? { query.first { $0.name == name }?.value }
        #expect(location.hasPrefix(op.issuer + "/authorize?"))
        #expect(item("code_challenge_method") == "S256" && (item("code_challenge")?.count ?? 0) == 43)
        #expect(item("state") != nil && item("nonce") != nil && item("client_id") == OpenIDProvider.clientId)
        return try await op.authorize(location)
    }

    static func auditLines(_ database: TestDatabase, action: String) async throws -> Int {
        let db = try database.open()
        defer { Task { await db.shutdown() } }
        return try await db.read { sql in
            try await sql.raw("SELECT COUNT(*) AS n FROM audit_log WHERE action = \(bind: action)").first()?.decode(
                column: "n", as: Int.self)
                ?? 0
        }
    }

    static func identityLevel(_ database: TestDatabase, dossier code: String) async throws -> Int? {
        let db = try database.open()
        defer { Task { await db.shutdown() } }
        return try await db.read { sql in
            try await sql.raw("SELECT identity_level FROM dossiers WHERE code = \(bind: code)").first()?
                .decode(column: "identity_level", as: Int?.self)
        }
    }

    @Test(
        "a new citizen signs in: account opened from the verified claims at level 2, the callback works once, a dossier carries the level",
        arguments: Backend.available)
    func newCitizen(backend: Backend) async throws {
        let op = try OpenIDProvider()
        try await op.configure([:])
        try await withApp(backend, extraEnvironment: op.environment) { api, database in
            let browser = BrowserSession(api)
            let callback = try await Self.signIn(browser, op)
            let landed = try await browser.get(callback)
            #expect(landed.status == .seeOther && landed.headers[.location] == "/tai-khoan")
            let account = try await browser.get("/tai-khoan")
            #expect(account.status == .ok)
            #expect(account.text.contains("value=\"038190001234\""), "the verified ID number is on the account")
            #expect(account.text.contains("Lê Thị Hoa") && account.text.contains("value=\"1990-05-12\""))
            #expect(account.text.contains("id=\"identity-level\""))
            // The same callback again (a replay, or the back button): the attempt was used.
            let again = try await BrowserSession(api).get(callback)
            #expect(again.status == .unauthorized && again.text.contains("đã được dùng hoặc đã hết hạn"))
            // A dossier submitted online records the level of the account that submitted it.
            guard let code = try await Portal.submitBirth(browser).code else { throw TestSetupError("submission") }
            #expect(try await Self.identityLevel(database, dossier: code) == 2)
            // The provider rotates its key: a token under the new `kid` makes the platform fetch the key set again.
            try await op.configure(["rotate_key": true])
            try await Task.sleep(for: .seconds(6))
            let rotated = BrowserSession(api)
            #expect(try await rotated.get(try await Self.signIn(rotated, op)).status == .seeOther, "signed in after the key rotation")
            #expect(try await Self.auditLines(database, action: "citizen.login.vneid") == 2)
            #expect(try await Self.auditLines(database, action: "citizen.login.refused") == 1, "the replayed callback")
        }
    }

    @Test("a local account with the same ID number is linked (its sessions end), and no consent is needed", arguments: Backend.available)
    func linking(backend: Backend) async throws {
        let op = try OpenIDProvider()
        try await op.configure([:])
        try await withApp(backend, extraEnvironment: op.environment) { api, _ in
            let local = BrowserSession(api)
            try await Portal.register(local, phone: "0912000111", idNumber: "038190001234", birth: "1990-05-12")
            #expect(try await local.get("/tai-khoan").status == .ok)
            let browser = BrowserSession(api)
            let landed = try await browser.get(try await Self.signIn(browser, op, consent: false))
            #expect(landed.status == .seeOther)
            let account = try await browser.get("/tai-khoan")
            #expect(account.text.contains("value=\"0912000111\""), "the local account's phone: the same account")
            #expect(account.text.contains("Lê Thị Hoa"), "the verified name replaced the declared one")
            #expect(try await local.get("/tai-khoan").status != .ok, "the self-declared session ended")
            // The verified ID number and name stay as the provider gave them; the rest may change.
            let changed = try await browser.post(
                "/tai-khoan",
                [
                    "fullName": "Người Khác", "idNumber": "038190009999", "birthDate": "1990-05-12", "phone": "0912000111",
                    "address": "5 Lê Lợi", "unitCode": "14797",
                ])
            #expect(changed.status == .seeOther, "\(changed.text.prefix(300))")
            let after = try await browser.get("/tai-khoan")
            #expect(after.text.contains("value=\"038190001234\"") && after.text.contains("Lê Thị Hoa") && after.text.contains("5 Lê Lợi"))
        }
    }

    @Test(
        "a procedure requiring level 2 refuses a self-declared account with a clear message and accepts the VNeID one",
        arguments: Backend.available)
    func minimumLevel(backend: Backend) async throws {
        let op = try OpenIDProvider()
        try await op.configure([:])
        try await withApp(backend, extraEnvironment: op.environment) { api, database in
            let admin = try await api.login("quantri")
            let export = try await api.request(.get, "/api/v1/catalogue/export?format=json")
            guard var catalogue = export.json["procedures"] as? [[String: Any]],
                let index = catalogue.firstIndex(where: { $0["code"] as? String == "1.001193" })
            else { throw TestSetupError("export: \(export.status)") }
            catalogue[index]["minIdentityLevel"] = 2
            let body: [String: Any] = ["fields": export.json["fields"] ?? [], "procedures": [catalogue[index]]]
            let imported = try await api.request(.post, "/api/v1/catalogue/import?format=json", token: admin, json: body)
            #expect(imported.status == .ok, "\(imported.text.prefix(300))")
            let procedure = try await api.request(.get, "/api/v1/procedures/1.001193")
            #expect(procedure.json["minIdentityLevel"] as? Int == 2)

            let local = BrowserSession(api)
            try await Portal.register(local, phone: "0912000222", idNumber: "038190005555", birth: "1990-05-12")
            let refused = try await Portal.submitBirth(local)
            #expect(refused.code == nil && refused.response.status == .forbidden, "\(refused.response.status)")
            #expect(refused.response.text.contains("yêu cầu tài khoản định danh điện tử VNeID mức 2"))
            #expect(try await database.count("dossiers") == 0)

            let verified = BrowserSession(api)
            _ = try await verified.get(try await Self.signIn(verified, op))
            guard let code = try await Portal.submitBirth(verified).code else { throw TestSetupError("verified submission") }
            #expect(try await Self.identityLevel(database, dossier: code) == 2)
        }
    }

    @Test(
        "refused with a clear message in Vietnamese and English: tampered token, wrong audience, expired token, replayed nonce, no consent",
        arguments: Backend.available)
    func refusals(backend: Backend) async throws {
        let op = try OpenIDProvider()
        try await op.configure([:])
        try await withApp(backend, extraEnvironment: op.environment) { api, database in
            // One good sign-in first: its nonce is the one the provider replays below.
            let first = BrowserSession(api)
            #expect(try await first.get(try await Self.signIn(first, op)).status == .seeOther)
            let cases: [([String: Any], String, String)] = [
                (["tamper": true], "Chữ ký của thẻ định danh", "The signature of the ID token"),
                (["tamper": false, "audience": "another-portal"], "sai đối tượng nhận", "wrong audience"),
                (["audience": "", "expired": true], "đã hết hạn; vui lòng", "has expired"),
                (
                    ["expired": false, "replay_nonce": true], "nonce không khớp hoặc đã được dùng lại",
                    "nonce does not match or was replayed"
                ),
            ]
            for (change, vietnamese, english) in cases {
                try await op.configure(change)
                for (language, text) in [("vi", vietnamese), ("en", english)] {
                    let browser = BrowserSession(api)
                    let answer = try await browser.get(try await Self.signIn(browser, op) + "&lang=\(language)")
                    #expect(answer.status == .unauthorized, "\(change) \(language)")
                    #expect(answer.text.contains(text), "\(change) \(language): \(answer.text.prefix(200))")
                    #expect(try await browser.get("/tai-khoan").status != .ok)
                }
            }
            // A new person without the consent box: no account is opened.
            try await op.configure([
                "replay_nonce": false, "user": ["sub": "vneid-sub-0002", "id_number": "038095001111", "birthdate": "1995-01-02"],
            ])
            let browser = BrowserSession(api)
            let refused = try await browser.get(try await Self.signIn(browser, op, consent: false))
            #expect(refused.status == .badRequest && refused.text.contains("đồng ý xử lý dữ liệu cá nhân"))
            #expect(try await database.count("citizens") == 1)
        }
    }

    @Test("password sign-in can be switched off; production refuses a published secret or a plain-HTTP issuer")
    func configuration() async throws {
        let base = [
            "MOTCUA_ENV": "production", "DATA_DIR": "/tmp/unused", "PUBLIC_BASE_URL": "https://dichvucong.example.vn",
            "SIGNING_KEY_SECRET": "a-real-signing-secret-0123456789", "OIDC_CLIENT_ID": "motcua-portal",
            "OIDC_REDIRECT_URI": "https://dichvucong.example.vn/dang-nhap/vneid/callback",
        ]
        func problems(_ extra: [String: String]) -> String {
            do {
                _ = try AppConfig(environment: base.merging(extra) { _, new in new })
                return ""
            } catch { return "\(error)" }
        }
        #expect(
            problems(["OIDC_ISSUER": "http://vneid.example.vn", "OIDC_CLIENT_SECRET": "a-secret-from-the-operator-42"]).contains(
                "OIDC_ISSUER"))
        #expect(
            problems(["OIDC_ISSUER": "https://vneid.example.vn", "OIDC_CLIENT_SECRET": OpenIDProvider.clientSecret]).contains(
                "OIDC_CLIENT_SECRET"))
        #expect(problems(["OIDC_ISSUER": "https://vneid.example.vn", "OIDC_CLIENT_SECRET": "a-secret-from-the-operator-42"]).isEmpty)
        #expect(problems(["LOCAL_PASSWORD_SIGNIN": "false"]).contains("LOCAL_PASSWORD_SIGNIN"))

        let op = try OpenIDProvider()
        try await withApp(.sqlite, extraEnvironment: op.environment.merging(["LOCAL_PASSWORD_SIGNIN": "false"]) { a, _ in a }) { api, _ in
            let browser = BrowserSession(api)
            let page = try await browser.get("/dang-nhap")
            #expect(page.text.contains("vneid-form") && !page.text.contains("citizen-login-form"))
            let refused = try await browser.post("/dang-nhap", ["login": "0912000111", "password": "matkhau-123"])
            #expect(refused.status == .forbidden && refused.text.contains("chỉ cho phép đăng nhập bằng tài khoản định danh"))
            #expect(try await browser.get("/dang-ky").status == .forbidden)
        }
    }
}
