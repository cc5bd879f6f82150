import Foundation
import Persistence
import SQLKit
import TestSupport
import Testing

/// Authentication, authorisation by role and agency, CSRF, and the append-only history.
@Suite("Security")
struct SecurityTests {
    @Test("an officer of another agency can neither see nor act on a dossier", arguments: Backend.available)
    func otherAgency(_ backend: Backend) async throws {
        try await withApp(backend) { api, _ in
            let desk = try await api.login("tiepnhan.hacthanh")
            let otherDesk = try await api.login("tiepnhan.quangphu")
            let otherLeader = try await api.login("lanhdao.quangphu")
            var (code, v) = try await api.receive(desk)
            #expect(try await api.request(.get, "/api/v1/dossiers/\(code)", token: otherDesk).status == .notFound)
            #expect(try await api.act(otherDesk, code, "forward", version: v).status == .notFound)
            v = try await api.must(desk, code, "forward", version: v)
            #expect(try await api.act(otherLeader, code, "assign", version: v, extra: ["assigneeId": 1]).status == .notFound)
            let queue = try await api.request(.get, "/api/v1/queue", token: otherLeader)
            #expect(queue.status == .ok)
            #expect(!(queue.text.contains(code)))
            #expect(try await api.request(.get, "/officer/dossiers/\(code)", token: otherDesk).status == .notFound)
            #expect(try await api.request(.get, "/officer/dossiers/\(code)/receipt", token: otherDesk).status == .notFound)
            // Same agency, wrong role: the desk cannot assign.
            let wrongRole = try await api.act(desk, code, "assign", version: v, extra: ["assigneeId": 1])
            #expect(wrongRole.status == .forbidden)
            #expect(wrongRole.errorCode == "transition.wrongRole")
            // The specialist cannot act before being assigned to someone else... and not after.
            let leader = try await api.login("lanhdao.hacthanh")
            let other = try await api.officerId("chuyenvien2.hacthanh")
            v = try await api.must(leader, code, "assign", version: v, extra: ["assigneeId": other])
            let notMine = try await api.act(try await api.login("chuyenvien.hacthanh"), code, "submitForApproval", version: v)
            #expect(notMine.errorCode == "transition.notAssignee")
        }
    }

    @Test("the API needs a valid token; wrong passwords are rate-limited", arguments: Backend.available)
    func authentication(_ backend: Backend) async throws {
        try await withApp(backend) { api, db in
            let anonymous = try await api.request(.post, "/api/v1/dossiers", json: Fixtures.receipt())
            #expect(anonymous.status == .unauthorized)
            #expect(anonymous.errorMessages.vi?.isEmpty == false && anonymous.errorMessages.en?.isEmpty == false)
            #expect(try await api.request(.get, "/api/v1/queue", token: String(repeating: "x", count: 43)).status == .unauthorized)
            var failed = Date()  // the wait starts when the server counts the last failure: timed from the request
            for _ in 0..<5 {
                failed = Date()
                let wrong = try await api.request(
                    .post, "/api/v1/session", json: ["username": "tiepnhan.hacthanh", "password": "sai-mat-khau"])
                #expect(wrong.status == .unauthorized)
            }
            // The account backs off (it is not locked) for one second of the wall clock: asserted within it.
            let blocked = try await api.request(
                .post, "/api/v1/session", json: ["username": "tiepnhan.hacthanh", "password": APIClient.demoPassword])
            if Date().timeIntervalSince(failed) < 0.9 {
                #expect(blocked.status == .tooManyRequests && blocked.errorCode == "auth.backoff", "\(blocked.text)")
            }
            // Logout ends the session; a new login removes expired sessions.
            _ = try await api.login("quantri")
            let database = try db.open()
            try await database.transaction { try await $0.raw("UPDATE sessions SET expires_at = 0").run() }
            await database.shutdown()
            #expect(try await db.count("sessions") >= 1)
            let token = try await api.login("lanhdao.hacthanh")
            #expect(try await db.count("sessions") == 1)
            #expect(try await api.request(.delete, "/api/v1/session", token: token).status == .noContent)
            #expect(try await api.request(.get, "/api/v1/queue", token: token).status == .unauthorized)
        }
    }

    @Test("forms without a valid CSRF token are refused; a browser login works with one", arguments: Backend.available)
    func csrf(_ backend: Backend) async throws {
        try await withApp(backend) { api, _ in
            let page = try await api.request(.get, "/officer/login")
            #expect(page.status == .ok)
            let cookie = page.headers[values: .setCookie].first { $0.hasPrefix("motcua_csrf=") } ?? ""
            let token = String(cookie.dropFirst("motcua_csrf=".count).prefix { $0 != ";" })
            #expect(page.text.contains("value=\"\(token)\""))
            let form = ["Content-Type": "application/x-www-form-urlencoded"]
            let without = try await api.request(
                .post, "/officer/login", raw: "username=tiepnhan.hacthanh&password=motcua2026",
                headers: form.merging(["Cookie": "motcua_csrf=\(token)"]) { a, _ in a })
            #expect(without.status == .forbidden)
            let forged = try await api.request(
                .post, "/officer/login", raw: "_csrf=\(String(repeating: "a", count: 43))&username=tiepnhan.hacthanh&password=motcua2026",
                headers: form.merging(["Cookie": "motcua_csrf=\(token)"]) { a, _ in a })
            #expect(forged.status == .forbidden)
            let ok = try await api.request(
                .post, "/officer/login", raw: "_csrf=\(token)&username=tiepnhan.hacthanh&password=motcua2026",
                headers: form.merging(["Cookie": "motcua_csrf=\(token)"]) { a, _ in a })
            #expect(ok.status == .seeOther)
            let session = ok.headers[values: .setCookie].first { $0.hasPrefix("motcua_session=") } ?? ""
            #expect(session.contains("HttpOnly") && session.contains("SameSite=Lax"))
            // With the session cookie, a JSON write needs the X-CSRF-Token header.
            let sessionValue = String(session.dropFirst("motcua_session=".count).prefix { $0 != ";" })
            let noHeader = try await api.request(
                .post, "/api/v1/dossiers", json: Fixtures.receipt(), headers: ["Cookie": "motcua_session=\(sessionValue)"])
            #expect(noHeader.status == .forbidden)
            #expect(noHeader.errorCode == "csrf.invalid")
        }
    }

    @Test("pages need a login, and say so in the officer's language", arguments: Backend.available)
    func pagesNeedLogin(_ backend: Backend) async throws {
        try await withApp(backend) { api, _ in
            let queue = try await api.request(.get, "/officer")
            #expect(queue.status == .found)
            #expect(queue.headers[.location] == "/officer/login")
            let login = try await api.request(.get, "/officer/login?lang=en")
            #expect(login.text.contains("Officer login"))
            let home = try await api.request(.get, "/")
            #expect(home.headers[.contentSecurityPolicy]?.contains("default-src 'self'") == true)
            #expect(home.headers[values: .init("X-Frame-Options")!] == ["DENY"])
        }
    }

    @Test("history and audit log are append-only in the database", arguments: Backend.available)
    func appendOnly(_ backend: Backend) async throws {
        try await withApp(backend) { api, db in
            let desk = try await api.login("tiepnhan.hacthanh")
            _ = try await api.receive(desk)
            let database = try db.open()
            await #expect(throws: (any Error).self) {
                try await database.transaction { try await $0.raw("UPDATE dossier_events SET note = 'sửa'").run() }
            }
            await #expect(throws: (any Error).self) {
                try await database.transaction { try await $0.raw("DELETE FROM audit_log").run() }
            }
            let logins = try await database.read {
                try await $0.raw("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'login'").first()?.decode(column: "n", as: Int.self)
            }
            #expect(logins == 1)
            await database.shutdown()
        }
    }
}
