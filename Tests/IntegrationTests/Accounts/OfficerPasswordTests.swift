import Foundation
import TestSupport
import Testing

/// Officers' passwords: changing one ends the other sessions; wrong passwords make the account
/// back off (an increasing wait) instead of locking it.
@Suite("Officer passwords and back-off")
struct OfficerPasswordTests {
    @Test("changing the password needs the current one and ends the officer's other sessions", arguments: Backend.available)
    func changePassword(_ backend: Backend) async throws {
        try await withApp(backend) { api, db in
            let other = try await api.login("tiepnhan.hacthanh")
            let browser = BrowserSession(api)
            _ = try await Accounts.officerLogin(browser, "tiepnhan.hacthanh")
            #expect(try await browser.get("/officer/security/password").status == .ok)
            let fields = ["password": "mat-khau-moi-2026", "passwordConfirm": "mat-khau-moi-2026"]
            let wrong = try await browser.post("/officer/security/password", fields.merging(["current": "sai-mat-khau"]) { a, _ in a })
            #expect(wrong.status == .badRequest)
            #expect(try await api.request(.get, "/api/v1/queue", token: other).status == .ok)
            let changed = try await browser.post(
                "/officer/security/password", fields.merging(["current": APIClient.demoPassword]) { a, _ in a })
            #expect(changed.status == .ok && changed.text.contains("id=\"password-changed\""))
            #expect(try await api.request(.get, "/api/v1/queue", token: other).status == .unauthorized)
            #expect(try await browser.get("/officer").status == .ok)  // this session stays
            #expect(
                try await api.request(
                    .post, "/api/v1/session", json: ["username": "tiepnhan.hacthanh", "password": APIClient.demoPassword]
                ).status == .unauthorized)
            _ = try await api.login("tiepnhan.hacthanh", password: "mat-khau-moi-2026")
            #expect(try await Accounts.audited(db, "password.changed") == 1)
        }
    }

    @Test(
        "after the free failures each attempt waits twice as long; a success clears it; nobody is locked out", arguments: Backend.available)
    func backoff(_ backend: Backend) async throws {
        try await withApp(backend, extraEnvironment: ["LOGIN_MAX_FAILURES": "3"]) { api, db in
            func attempt(_ password: String) async throws -> APIResponse {
                try await api.request(.post, "/api/v1/session", json: ["username": "lanhdao.hacthanh", "password": password])
            }
            // Officer logins run on the wall clock: a check made after the wait has passed (a busy
            // machine) cannot expect a refusal, so each is asserted only while the wait still runs.
            var refusals = 0
            // Whether the attempt came after the wait and logged in (which clears the count).
            func attemptWhileWaiting(_ seconds: Double, since failed: Date) async throws -> Bool {
                let answer = try await attempt(APIClient.demoPassword)
                guard Date().timeIntervalSince(failed) < seconds * 0.9 else { return answer.status == .created }
                refusals += 1
                #expect(answer.status == .tooManyRequests && answer.errorCode == "auth.backoff", "\(answer.text)")
                // The message gives the seconds still to wait: the full wait, or less when time has passed.
                let english = answer.errorMessages.en ?? ""
                #expect((1...Int(seconds)).contains { english.contains("\($0) second") }, "\(answer.text)")
                return false
            }
            // Each wait starts when the server counts the failure, before it answers: timed from the request.
            for _ in 0..<2 { #expect(try await attempt("sai-mat-khau").status == .unauthorized) }
            var failed = Date()
            #expect(try await attempt("sai-mat-khau").status == .unauthorized)
            if try await attemptWhileWaiting(1, since: failed) {
                // Too late on a busy machine: the login cleared the count; fail three times again.
                for _ in 0..<3 { #expect(try await attempt("sai-mat-khau").status == .unauthorized) }
            }
            try await Task.sleep(for: .milliseconds(1100))
            failed = Date()
            #expect(try await attempt("sai-mat-khau").status == .unauthorized)
            _ = try await attemptWhileWaiting(2, since: failed)
            try await Task.sleep(for: .milliseconds(2100))
            #expect(try await attempt(APIClient.demoPassword).status == .created)
            // The success cleared the count: three more failures are free again.
            for _ in 0..<3 { #expect(try await attempt("sai-mat-khau").status == .unauthorized) }
            // Another officer at the same address is not affected.
            _ = try await api.login("tiepnhan.hacthanh")
            // Refusals while backing off: the first written at once, the next counted in its window.
            // (An attempt outside the timed window may have been refused too: at most one line either way.)
            let lines = try await Accounts.audited(db, "login.backoff")
            #expect(lines <= 1 && lines >= min(refusals, 1))
        }
    }
}
