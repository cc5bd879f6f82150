import Foundation
import TestSupport
import Testing

/// The checks of the officer's browser journey (scripts/browser/journey.py) that need no browser:
/// a wrong password, a page that needs a login, the control slip, the public tracking page.
@Suite("Officer journey over HTTP")
struct OfficerJourneyHTTPTests {
    @Test(
        "a wrong password keeps the login form with an alert and opens no session; /officer asks for a login", arguments: Backend.available)
    func wrongPassword(_ backend: Backend) async throws {
        try await withApp(backend) { api, db in
            let browser = BrowserSession(api)
            _ = try await browser.get("/officer/login")
            let wrong = try await browser.post("/officer/login", ["username": "tiepnhan.hacthanh", "password": "sai-mat-khau"])
            #expect(wrong.status == .unauthorized)
            #expect(wrong.headers[.location] == nil)  // the browser stays on /officer/login
            #expect(wrong.text.contains("id=\"login-form\"") && !wrong.text.contains("logout-form"))
            let alert = wrong.text.components(separatedBy: "role=\"alert\">").dropFirst().first?.prefix { $0 != "<" }
            #expect(alert.map { !$0.trimmingCharacters(in: .whitespaces).isEmpty } == true, "no [role=alert] text")
            #expect(!wrong.headers[values: .setCookie].contains { $0.hasPrefix("motcua_session=") })
            #expect(try await db.count("sessions") == 0)
            let queue = try await browser.get("/officer")
            #expect(queue.status == .found && queue.headers[.location] == "/officer/login")
        }
    }

    @Test(
        "the control slip shows the dossier's code; public tracking shows its state, not the applicant", arguments: Backend.available)
    func slipAndTracking(_ backend: Backend) async throws {
        try await withApp(backend) { api, _ in
            let desk = try await api.login("tiepnhan.hacthanh")
            let leader = try await api.login("lanhdao.hacthanh")
            let specialist = try await api.login("chuyenvien.hacthanh")
            let applicant = ["fullName": "Nguyễn Thị Mai", "idNumber": "038195001234", "phone": "0912345678", "address": "12 Lê Lợi"]
            var body = Fixtures.receipt()
            body["applicant"] = applicant
            var (code, v) = try await api.receive(desk, body)
            v = try await api.must(desk, code, "forward", version: v)
            v = try await api.must(
                leader, code, "assign", version: v, extra: ["assigneeId": try await api.officerId("chuyenvien.hacthanh")])
            v = try await api.must(specialist, code, "submitForApproval", version: v)
            v = try await api.must(leader, code, "approve", version: v)
            _ = try await api.must(desk, code, "returnResult", version: v)

            let slip = try await api.request(.get, "/officer/dossiers/\(code)/control-slip", token: desk)
            #expect(slip.status == .ok)
            #expect(PageReading.text(id: "dossier-code", in: slip.text) == code)

            let tracking = try await BrowserSession(api).get("/tra-cuu?code=\(code)")
            #expect(tracking.status == .ok)
            #expect(PageReading.text(id: "tracking-state", in: tracking.text) == "Đã trả kết quả")
            for secret in [applicant["fullName"]!, applicant["idNumber"]!, applicant["phone"]!] {
                #expect(!tracking.text.contains(secret), "the public tracking page shows \(secret)")
            }
        }
    }
}
