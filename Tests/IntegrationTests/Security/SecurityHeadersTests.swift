import App
import Foundation
import HTTPTypes
import TestSupport
import Testing

/// Every answer of every GET route (pages, API, files, errors), to a stranger and to a logged-in
/// officer, carries the security headers; every cookie the platform sets is Secure, HttpOnly and
/// SameSite when the platform is served over HTTPS.
@Suite("Security headers on every page")
struct SecurityHeadersTests {
    /// The GET routes the application registers, with their parameters filled in (a real dossier
    /// code, procedure and unit where one is named; `1` for ids).
    static func routes(code: String) async throws -> [String] {
        let database = try await TestDatabase.make(.sqlite)
        let platform = try await buildPlatform(try AppConfig(environment: database.environment))
        let routes = platform.routes
        await platform.close()
        await database.destroy()
        let values = [":code": code, ":unit": "14797", ":date": "2026-09-02", ":resource": "services.json", ":item": "1"]
        return routes.compactMap { route in
            guard route.hasPrefix("GET ") else { return nil }
            return String(route.dropFirst(4)).split(separator: "/", omittingEmptySubsequences: false)
                .map { part in
                    // Parameters read `:code` or `{code}` depending on how the router describes them.
                    let name = part.hasPrefix("{") ? ":" + part.dropFirst().dropLast() : String(part)
                    return name.hasPrefix(":") ? values[name] ?? "1" : name
                }
                .joined(separator: "/")
        }
    }

    static func problems(_ path: String, _ answer: APIResponse) -> [String] {
        var found: [String] = []
        let csp = answer.headers[.contentSecurityPolicy] ?? ""
        for directive in ["default-src 'self'", "base-uri", "frame-ancestors 'none'", "form-action 'self'", "object-src 'none'"]
        where !csp.contains(directive) {
            found.append("CSP lacks \(directive)")
        }
        if answer.headers[.xContentTypeOptions] != "nosniff" { found.append("no X-Content-Type-Options: nosniff") }
        if answer.headers[.init("Referrer-Policy")!] == nil { found.append("no Referrer-Policy") }
        if !(answer.headers[.strictTransportSecurity]?.contains("max-age=") ?? false) { found.append("no Strict-Transport-Security") }
        for cookie in answer.headers[values: .setCookie] {
            let attributes = cookie.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
            for attribute in ["secure", "httponly"] where !attributes.contains(attribute) {
                found.append("cookie \(cookie.prefix { $0 != "=" }) without \(attribute)")
            }
            if !attributes.contains(where: { $0.hasPrefix("samesite=") }) { found.append("cookie without SameSite") }
        }
        return found.map { "\(path) (\(answer.status.code)): \($0)" }
    }

    @Test("security headers and cookie flags on every GET route, anonymous and logged in", arguments: Backend.available)
    func everyPage(_ backend: Backend) async throws {
        let https = ["SECURE_COOKIES": "true", "PUBLIC_BASE_URL": "https://dichvucong.example.gov.vn"]
        try await withApp(backend, extraEnvironment: https) { api, _ in
            let desk = try await api.login("tiepnhan.hacthanh")
            let (code, _) = try await api.receive(desk)
            let paths = try await Self.routes(code: code)
            #expect(paths.count > 60)
            var problems: [String] = []
            // A browser login: the CSRF cookie from the form, then the session cookie.
            let form = try await api.request(.get, "/officer/login")
            problems += Self.problems("/officer/login", form)
            let csrfCookie = form.headers[values: .setCookie].first { $0.hasPrefix("motcua_csrf=") } ?? ""
            let csrf = String(csrfCookie.dropFirst("motcua_csrf=".count).prefix { $0 != ";" })
            let login = try await api.request(
                .post, "/officer/login", raw: "_csrf=\(csrf)&username=lanhdao.hacthanh&password=motcua2026",
                headers: ["Content-Type": "application/x-www-form-urlencoded", "Cookie": "motcua_csrf=\(csrf)"])
            #expect(login.status == .seeOther)
            problems += Self.problems("POST /officer/login", login)
            let session = login.headers[values: .setCookie].first { $0.hasPrefix("motcua_session=") } ?? ""
            #expect(!session.isEmpty)
            let cookies = ["Cookie": "motcua_csrf=\(csrf); \(session.prefix { $0 != ";" })"]
            for path in paths + ["/no-such-page", "/api/v1/no-such-route", "/static/motcua.css"] {
                for (caller, token, headers) in [("anonymous", nil, [:]), ("bearer", desk, [:]), ("cookie", nil, cookies)] {
                    do {
                        problems += Self.problems(path, try await api.request(.get, path, token: token, headers: headers))
                    } catch {
                        problems.append("\(path) as \(caller): \(error)")
                    }
                }
            }
            #expect(problems == [])
        }
    }
}
