import Domain
import Foundation
import HTTPTypes
import Persistence
import SQLKit
import TestSupport
import Testing

/// The edge of the platform (issue 16, items 6, 8, 9, 13, 14): redirects after login, client
/// addresses behind trusted proxies, rate limits of public lookups and registration, CSV cells,
/// security headers, `/metrics`, and `+` in query strings.
@Suite("Edge security")
struct EdgeSecurityTests {
    static let forwarded = "X-Forwarded-For"

    @Test("after a citizen login, `next` goes only to a local path (known bypasses refused)", arguments: Backend.available)
    func openRedirect(_ backend: Backend) async throws {
        try await withApp(backend) { api, _ in
            try await Portal.register(BrowserSession(api), phone: "0912000601")
            let bad = [
                "//evil.example", "/\\evil.example", "/\t/evil.example", "/%09/evil.example", "%2F%2Fevil.example",
                "/%2F/evil.example", "/%5Cevil.example", "https://evil.example", "/\n/evil.example", "/ /evil.example",
                "http:/evil.example", "javascript:alert(1)", "\\/evil.example", "/\u{0}/evil.example", "/%0d%0aSet-Cookie:x=1",
            ]
            for next in bad {
                let browser = BrowserSession(api)
                _ = try await browser.get("/dang-nhap")
                let login = try await browser.post("/dang-nhap", ["login": "0912000601", "password": "matkhau-123", "next": next])
                #expect(login.status == .seeOther)
                #expect(
                    login.headers[.location] == "/ho-so-cua-toi", "next=\(next.debugDescription) went to \(login.headers[.location] ?? "")")
            }
            let browser = BrowserSession(api)
            let page = try await browser.get("/dang-nhap?next=/%09/evil.example")
            #expect(page.text.contains("name=\"next\" value=\"/ho-so-cua-toi\""))
            let good = try await browser.post(
                "/dang-nhap", ["login": "0912000601", "password": "matkhau-123", "next": "/thu-tuc/1.001193/nop-truc-tuyen?a=1"])
            #expect(good.headers[.location] == "/thu-tuc/1.001193/nop-truc-tuyen?a=1")
        }
    }

    @Test("behind a trusted proxy each citizen is throttled on their own address; IPv6 by /64", arguments: Backend.available)
    func trustedProxies(_ backend: Backend) async throws {
        let env = ["TRUSTED_PROXIES": "127.0.0.1/32, ::1", "LOGIN_MAX_FAILURES": "2"]
        try await withApp(backend, extraEnvironment: env) { api, db in
            func login(_ user: String, _ password: String, from address: String) async throws -> APIResponse {
                try await api.request(
                    .post, "/api/v1/session", json: ["username": user, "password": password], headers: [Self.forwarded: address])
            }
            // Eight failures (four times the per-user limit) from one address block that address only.
            for n in 0..<8 { _ = try await login("nobody\(n)", "sai-mat-khau", from: "203.0.113.7") }
            #expect(try await login("tiepnhan.hacthanh", APIClient.demoPassword, from: "203.0.113.7").status == .tooManyRequests)
            // The proxy appends the address it saw: the right-most untrusted one is the client.
            let other = try await login("tiepnhan.hacthanh", APIClient.demoPassword, from: "203.0.113.7, 198.51.100.8")
            #expect(other.status == .created)
            let database = try db.open()
            let rows = try await database.read { db in
                try await db.raw("SELECT ip FROM audit_log WHERE action = 'login' ORDER BY id DESC").all()
            }
            await database.shutdown()
            #expect(try rows.first?.decode(column: "ip", as: String.self) == "198.51.100.8")
            // IPv6: the whole /64 shares a count; the next /64 does not.
            for n in 0..<8 { _ = try await login("nobody\(n)", "sai-mat-khau", from: "2001:db8:1:2::\(n + 1)") }
            #expect(try await login("tiepnhan.hacthanh", APIClient.demoPassword, from: "2001:db8:1:2::99").status == .tooManyRequests)
            #expect(try await login("tiepnhan.hacthanh", APIClient.demoPassword, from: "2001:db8:1:3::1").status == .created)
        }
    }

    @Test(
        "a stranger guessing wrong cannot lock the owner out; forwarded addresses from strangers are ignored", arguments: Backend.available)
    func noLockoutByStrangers(_ backend: Backend) async throws {
        try await withApp(backend, extraEnvironment: ["TRUSTED_PROXIES": "127.0.0.1/32", "LOGIN_MAX_FAILURES": "3"]) { api, _ in
            func login(_ password: String, from address: String) async throws -> APIResponse {
                try await api.request(
                    .post, "/api/v1/session", json: ["username": "tiepnhan.hacthanh", "password": password],
                    headers: [Self.forwarded: address])
            }
            // The wait starts when the server counts the last failure, before it answers: timed from the request.
            var failed = Date()
            for _ in 0..<3 {
                failed = Date()
                let wrong = try await login("sai-mat-khau", from: "203.0.113.50")
                #expect(wrong.status == .unauthorized)
            }
            // The stranger's address now backs off for a second (wall clock: asserted only within it).
            let stranger = try await login(APIClient.demoPassword, from: "203.0.113.50")
            if Date().timeIntervalSince(failed) < 0.9 { #expect(stranger.status == .tooManyRequests, "\(stranger.text)") }
            let owner = try await login(APIClient.demoPassword, from: "198.51.100.20")
            #expect(owner.status == .created)
        }
        // Without trusted proxies, X-Forwarded-For is the caller's word and changes nothing.
        try await withApp(backend, extraEnvironment: ["LOGIN_MAX_FAILURES": "1"]) { api, _ in
            for n in 0..<4 {
                _ = try await api.request(
                    .post, "/api/v1/session", json: ["username": "nobody\(n)", "password": "x"], headers: [Self.forwarded: "192.0.2.\(n)"])
            }
            let blocked = try await api.request(
                .post, "/api/v1/session", json: ["username": "quantri", "password": APIClient.demoPassword],
                headers: [Self.forwarded: "192.0.2.200"])
            #expect(blocked.status == .tooManyRequests)
        }
    }

    @Test(
        "guessing spread over many addresses makes the account wait everywhere after ten times the free failures",
        arguments: Backend.available)
    func distributedGuessing(_ backend: Backend) async throws {
        try await withApp(backend, extraEnvironment: ["TRUSTED_PROXIES": "127.0.0.1/32", "LOGIN_MAX_FAILURES": "1"]) { api, _ in
            func login(_ password: String, from address: String) async throws -> APIResponse {
                try await api.request(
                    .post, "/api/v1/session", json: ["username": "tiepnhan.hacthanh", "password": password],
                    headers: [Self.forwarded: address])
            }
            // Each new address is let through the per-address limits: nine failures are not yet enough.
            for n in 1...9 { #expect(try await login("sai-mat-khau", from: "203.0.113.\(n)").status == .unauthorized) }
            #expect(try await login("sai-mat-khau", from: "203.0.113.10").status == .unauthorized)
            // The tenth failure (ten times LOGIN_MAX_FAILURES) sets a wait of 2^9 s that holds everywhere.
            let fresh = try await login(APIClient.demoPassword, from: "198.51.100.77")
            #expect(fresh.status == .tooManyRequests && fresh.errorCode == "auth.backoff", "\(fresh.text)")
        }
    }

    @Test("an unknown username backs off as a known one does: the answers do not tell which accounts exist", arguments: Backend.available)
    func noUsernameEnumeration(_ backend: Backend) async throws {
        try await withApp(backend, extraEnvironment: ["LOGIN_MAX_FAILURES": "3"]) { api, _ in
            var answers: [String: (Int, String?)] = [:]
            for username in ["tiepnhan.hacthanh", "khong.ton.tai"] {
                // The wait starts when the server counts the last failure, before it answers: timed from the request.
                var failed = Date()
                for _ in 0..<3 {
                    failed = Date()
                    #expect(
                        try await api.request(.post, "/api/v1/session", json: ["username": username, "password": "sai"]).status
                            == .unauthorized)
                }
                // The wait is one second of the wall clock: compared only when the attempt came within it.
                let next = try await api.request(.post, "/api/v1/session", json: ["username": username, "password": "sai"])
                if Date().timeIntervalSince(failed) < 0.9 { answers[username] = (Int(next.status.code), next.errorCode) }
            }
            if let known = answers["tiepnhan.hacthanh"], let unknown = answers["khong.ton.tai"] {
                #expect(known.0 == 429 && known.1 == "auth.backoff")
                #expect(unknown.0 == known.0 && unknown.1 == known.1, "unknown: \(unknown), known: \(known)")
            }
        }
    }

    @Test("300 tracking and verification lookups in a row get 429 with Retry-After", arguments: Backend.available)
    func lookupLimits(_ backend: Backend) async throws {
        try await withApp(backend) { api, _ in
            var statuses: [HTTPResponse.Status] = []
            var refused: APIResponse?
            for n in 0..<300 {
                let response = try await api.request(.get, "/api/v1/tracking/000.00.00.H99-260101-\(String(format: "%04d", n))")
                statuses.append(response.status)
                if response.status == .tooManyRequests { refused = response }
            }
            #expect(statuses.first != .tooManyRequests)
            #expect(statuses.filter { $0 == .tooManyRequests }.count >= 100)
            #expect(Int(refused?.headers[.retryAfter] ?? "") ?? 0 > 0)
            #expect(refused?.errorMessages.vi?.isEmpty == false && refused?.errorMessages.en?.isEmpty == false)
            for path in ["/tra-cuu?code=X-1", "/xac-minh-ket-qua?code=X-1", "/api/v1/results/X-1/verification"] {
                let response = try await api.request(.get, path)
                #expect(response.status == .tooManyRequests, "\(path): \(response.status)")
                #expect(response.headers[.retryAfter] != nil)
            }
        }
    }

    @Test("registration is rate-limited per address before any password is hashed", arguments: Backend.available)
    func registrationLimit(_ backend: Backend) async throws {
        try await withApp(backend, extraEnvironment: ["RATE_LIMIT_REGISTRATIONS_PER_HOUR": "3"]) { api, db in
            var statuses: [HTTPResponse.Status] = []
            for n in 0..<5 {
                let browser = BrowserSession(api)
                _ = try await browser.get("/dang-ky")
                let response = try await browser.post(
                    "/dang-ky",
                    [
                        "fullName": "Trần Văn An", "phone": "091200070\(n)", "password": "matkhau-123", "passwordConfirm": "matkhau-123",
                        "consent": "yes",
                    ])
                statuses.append(response.status)
            }
            #expect(statuses == [.seeOther, .seeOther, .seeOther, .tooManyRequests, .tooManyRequests])
            #expect(try await db.count("citizens") == 3)
        }
    }

    @Test("a duplicate registration is refused with 409 and creates nothing", arguments: Backend.available)
    func duplicateRegistration(_ backend: Backend) async throws {
        try await withApp(backend) { api, db in
            try await Portal.register(BrowserSession(api), phone: "0912000801")
            let browser = BrowserSession(api)
            _ = try await browser.get("/dang-ky")
            let again = try await browser.post(
                "/dang-ky",
                [
                    "fullName": "Kẻ Khác", "phone": "0912000801", "password": "matkhau-456", "passwordConfirm": "matkhau-456",
                    "consent": "yes",
                ])
            #expect(again.status == .conflict)
            #expect(try await db.count("citizens") == 1)
        }
    }

    @Test("CSV cells that a spreadsheet would run as formulas are neutralised, and read back as written")
    func csvInjection() throws {
        let row = ["=HYPERLINK(\"http://evil\")", "+1+1", "-2+3", "@SUM(A1)", "\tx", "\rx", "-5", "+3.5", "ok", "'quoted"]
        let text = CSV.write([row])
        #expect(text.hasPrefix("\"'=HYPERLINK"))
        let cells = try CSV.parse(text)[0]
        #expect(cells == row)
        let raw = text.components(separatedBy: ",")
        #expect(raw[1] == "'+1+1" && raw[2] == "'-2+3" && raw[3] == "'@SUM(A1)")
        #expect(raw.contains("-5") && raw.contains("+3.5") && raw.contains("ok"))
    }

    @Test("HSTS behind https, a CSP with base-uri and form-action, /metrics only to local scrapers", arguments: Backend.available)
    func headersAndMetrics(_ backend: Backend) async throws {
        try await withApp(backend, extraEnvironment: ["PUBLIC_BASE_URL": "https://dichvucong.example.vn"]) { api, _ in
            let page = try await api.request(.get, "/")
            #expect(page.headers[.strictTransportSecurity]?.hasPrefix("max-age=31536000") == true)
            let csp = page.headers[.contentSecurityPolicy] ?? ""
            #expect(csp.contains("base-uri 'none'") && csp.contains("form-action 'self'") && csp.contains("frame-ancestors 'none'"))
            #expect(try await api.request(.get, "/metrics").status == .ok)
            #expect(try await api.request(.get, "/metrics", headers: [Self.forwarded: "203.0.113.9"]).status == .notFound)
        }
        try await withApp(backend, extraEnvironment: ["TRUSTED_PROXIES": "127.0.0.1/32"]) { api, _ in
            let page = try await api.request(.get, "/")
            #expect(page.headers[.strictTransportSecurity] == nil)
            let metrics = try await api.request(.get, "/metrics", headers: [Self.forwarded: "203.0.113.9"])
            #expect(metrics.status == .notFound)
        }
        try await withApp(backend, extraEnvironment: ["METRICS_TOKEN": "scraper-token-0123456789"]) { api, _ in
            let remote = [Self.forwarded: "203.0.113.9", "Authorization": "Bearer scraper-token-0123456789"]
            let scraped = try await api.request(.get, "/metrics", headers: remote)
            #expect(scraped.status == .ok)
            let anonymous = try await api.request(.get, "/metrics")
            #expect(anonymous.status == .unauthorized)
        }
    }

    @Test("the API reads `+` in a query string as a space", arguments: Backend.available)
    func plusInQuery(_ backend: Backend) async throws {
        try await withApp(backend) { api, _ in
            let plus = try await api.request(.get, "/api/v1/procedures?q=dang+ky+khai+sinh")
            let spaces = try await api.request(.get, "/api/v1/procedures?q=dang%20ky%20khai%20sinh")
            let found = spaces.json["items"] as? [[String: Any]] ?? []
            #expect(!found.isEmpty)
            #expect((plus.json["items"] as? [[String: Any]])?.count == found.count)
            // A literal plus is still sent as %2B and read as one.
            let literal = try await api.request(.get, "/api/v1/procedures?q=khai%2Bsinh")
            #expect((literal.json["items"] as? [[String: Any]])?.isEmpty == true)
        }
    }
}
