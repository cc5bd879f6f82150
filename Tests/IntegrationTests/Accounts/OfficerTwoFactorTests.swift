import Foundation
import TestSupport
import Testing

/// Officers' second factor (RFC 6238 codes, recovery codes), its enrolment, and the roles that require it.
@Suite("Officer two-factor login")
struct OfficerTwoFactorTests {
    @Test(
        "enrol, then log in with a code; a wrong code, a replayed code and a reused recovery code are refused", arguments: Backend.available
    )
    func loginWithCode(_ backend: Backend) async throws {
        try await withApp(backend) { api, db in
            let browser = BrowserSession(api)
            #expect(try await Accounts.officerLogin(browser, "tiepnhan.hacthanh").headers[.location] == "/officer")
            let page = try await browser.get("/officer/security")
            #expect(page.status == .ok)
            let (ticket, secret) = try Accounts.enrolment(in: page.text)
            #expect(page.text.contains("otpauth://totp/Motcua:tiepnhan.hacthanh?secret="))
            let wrong = try await browser.post(
                "/officer/security/totp", ["ticket": ticket, "code": Accounts.code(secret, at: Date() + 3600)])
            #expect(wrong.status == .badRequest)
            let enrolled = try await browser.post("/officer/security/totp", ["ticket": ticket, "code": Accounts.code(secret)])
            #expect(enrolled.status == .ok)
            let recovery = Accounts.recoveryCodes(in: enrolled.text)
            #expect(recovery.count == 10 && Set(recovery).count == 10)
            #expect(try await Accounts.audited(db, "totp.enrolled") == 1)
            _ = try await browser.post("/officer/logout", [:])

            // The password alone gives a pending login, not a session.
            let password = try await Accounts.officerLogin(browser, "tiepnhan.hacthanh")
            #expect(password.status == .seeOther && password.headers[.location] == "/officer/login/code")
            #expect(!password.headers[values: .setCookie].contains { $0.hasPrefix("motcua_session=") })
            #expect(try await browser.get("/officer").headers[.location] == "/officer/login")
            let refused = try await browser.post("/officer/login/code", ["code": Accounts.code(secret, at: Date() + 3600)])
            #expect(refused.status == .unauthorized)
            // The next step's code (the enrolment used this one): accepted once.
            let next = Accounts.code(secret, at: Date() + 30)
            let accepted = try await browser.post("/officer/login/code", ["code": next])
            #expect(accepted.status == .seeOther && accepted.headers[.location] == "/officer")
            #expect(try await browser.get("/officer").status == .ok)
            _ = try await browser.post("/officer/logout", [:])
            _ = try await Accounts.officerLogin(browser, "tiepnhan.hacthanh")
            let replay = try await browser.post("/officer/login/code", ["code": next])
            #expect(replay.status == .unauthorized)
            #expect(try await browser.get("/officer").status != .ok)

            // A recovery code works once.
            let rescued = try await browser.post("/officer/login/code", ["code": recovery[0].uppercased()])
            #expect(rescued.headers[.location] == "/officer")
            _ = try await browser.post("/officer/logout", [:])
            _ = try await Accounts.officerLogin(browser, "tiepnhan.hacthanh")
            #expect(try await browser.post("/officer/login/code", ["code": recovery[0]]).status == .unauthorized)

            // The API asks for the code too.
            let bare = try await api.request(
                .post, "/api/v1/session", json: ["username": "tiepnhan.hacthanh", "password": APIClient.demoPassword])
            #expect(bare.status == .unauthorized && bare.errorCode == "auth.codeRequired")
            let withCode = try await api.request(
                .post, "/api/v1/session", json: ["username": "tiepnhan.hacthanh", "password": APIClient.demoPassword, "code": recovery[1]])
            #expect(withCode.status == .created)
            #expect(try await Accounts.audited(db, "totp.recoveryUsed") == 2)
            #expect(try await Accounts.audited(db, "login.codeFailed") >= 3)
        }
    }

    @Test("a role that requires a second factor is sent to enrol after the password and can do nothing else", arguments: Backend.available)
    func requiredEnrolment(_ backend: Backend) async throws {
        try await withApp(backend, extraEnvironment: ["TOTP_REQUIRED_ROLES": "admin,leader"]) { api, db in
            let api403 = try await api.request(.post, "/api/v1/session", json: ["username": "quantri", "password": APIClient.demoPassword])
            #expect(api403.status == .forbidden && api403.errorCode == "auth.enrolmentRequired")
            let browser = BrowserSession(api)
            let password = try await Accounts.officerLogin(browser, "quantri")
            #expect(password.headers[.location] == "/officer/login/enrol")
            #expect(try await browser.get("/officer").headers[.location] == "/officer/login")
            #expect(try await browser.get("/officer/security").status != .ok)
            let page = try await browser.get("/officer/login/enrol")
            #expect(page.status == .ok && page.text.contains("id=\"totp-required\""))
            let (ticket, secret) = try Accounts.enrolment(in: page.text)
            let wrong = try await browser.post("/officer/login/enrol", ["ticket": ticket, "code": "12345"])
            #expect(wrong.status == .badRequest)
            #expect(try Accounts.enrolment(in: wrong.text).secret == secret)  // the same secret, shown again
            let done = try await browser.post("/officer/login/enrol", ["ticket": ticket, "code": Accounts.code(secret)])
            #expect(done.status == .ok && Accounts.recoveryCodes(in: done.text).count == 10)
            #expect(try await browser.get("/officer").status == .ok)
            // It cannot be turned off while the role requires it.
            _ = try await browser.get("/officer/security")
            let off = try await browser.post("/officer/security/totp/disable", ["code": Accounts.code(secret)])
            #expect(off.status == .forbidden)
            // An officer of another role still logs in with the password alone.
            #expect(try await Accounts.officerLogin(BrowserSession(api), "tiepnhan.hacthanh").headers[.location] == "/officer")
            #expect(try await Accounts.audited(db, "totp.enrolled") == 1)
        }
    }

    @Test("development requires no second factor; production requires it of administrators and leaders")
    func defaults() throws {
        #expect(try AppConfigProbe.requiredRoles(["MOTCUA_ENV": "development"]).isEmpty)
        let production = [
            "MOTCUA_ENV": "production", "SIGNING_KEY_SECRET": String(repeating: "s", count: 32),
            "PUBLIC_BASE_URL": "https://dichvucong.example.gov.vn",
        ]
        #expect(try AppConfigProbe.requiredRoles(production) == ["admin", "leader"])
        #expect(throws: (any Error).self) {
            try AppConfigProbe.requiredRoles(["MOTCUA_ENV": "development", "TOTP_REQUIRED_ROLES": "boss"])
        }
    }
}
