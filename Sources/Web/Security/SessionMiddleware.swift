import Domain
import Foundation
import HTTPTypes
import Hummingbird

/// Identifies the caller (session cookie or bearer token), picks the language, and enforces
/// CSRF on unsafe requests that ride on cookies: forms echo `_csrf` (forms with files in their
/// address, `?csrf=`), scripts send `X-CSRF-Token`.
struct SessionMiddleware: RouterMiddleware {
    static let sessionCookie = "motcua_session"
    static let citizenCookie = "motcua_citizen"
    static let csrfCookie = "motcua_csrf"
    static let languageCookie = "motcua_lang"
    static let csrfHeader = HTTPField.Name("X-CSRF-Token")!
    /// The query parameter that carries the token of a multipart form.
    static let csrfQuery = "csrf"

    let accounts: any AccountRepository
    let citizens: any CitizenRepository
    let settings: WebSettings
    /// The wall clock sessions expire on.
    let clock: Clock

    /// The link that shows the same page in `language`: a page read with GET keeps its path and
    /// query (filters, period, unit); a form's answer switches on the page itself.
    static func languageSwitch(_ request: Request, to language: Language) -> String {
        guard request.method == .get else { return "?lang=\(language.rawValue)" }
        var items = URLComponents(string: request.uri.description)?.queryItems ?? []
        items.removeAll { $0.name == "lang" }
        items.append(URLQueryItem(name: "lang", value: language.rawValue))
        var components = URLComponents()
        components.path = request.uri.path
        components.queryItems = items
        return components.string ?? "?lang=\(language.rawValue)"
    }

    func handle(_ request: Request, context: AppRequestContext, next: (Request, AppRequestContext) async throws -> Response) async throws
        -> Response
    {
        // The metrics endpoint has its own bearer token (for the scraper), not a session.
        if request.uri.path == Routes.metrics.pattern { return try await next(request, context) }
        var context = context
        context.maxBody = settings.maxBodyBytes
        let chosen = request.uri.queryParameters.get("lang").flatMap(Language.init(rawValue:))
        context.language = chosen ?? request.cookies[Self.languageCookie].flatMap { Language(rawValue: $0.value) } ?? .vi
        context.languageSwitch = Self.languageSwitch(request, to: context.language == .en ? .vi : .en)

        var token: String?
        if let auth = request.headers[.authorization], auth.hasPrefix("Bearer ") {
            token = String(auth.dropFirst(7))
            context.viaBearer = true
        } else if let cookie = request.cookies[Self.sessionCookie]?.value {
            token = cookie
        }
        if let token, Tokens.wellFormed(token) {
            let hash = Tokens.hash(token)
            if let (officer, csrf) = try await accounts.session(tokenHash: hash, now: clock.now()) {
                context.officer = officer
                context.csrfToken = csrf
                context.sessionTokenHash = hash
            }
        }
        if context.viaBearer && context.officer == nil { throw DomainError(.unauthenticated, "auth.invalidToken") }
        if !context.viaBearer, let cookie = request.cookies[Self.citizenCookie]?.value, Tokens.wellFormed(cookie) {
            let hash = Tokens.hash(cookie)
            if let (citizen, csrf) = try await citizens.session(tokenHash: hash, now: clock.now()) {
                context.citizen = citizen
                context.citizenSessionHash = hash
                if context.officer == nil { context.csrfToken = csrf }
            }
        }

        var newCSRFCookie: String?
        // Pages carry forms and need a token before login; the JSON API and health checks do not.
        if context.officer == nil && context.citizen == nil && !request.uri.path.hasPrefix("/api/")
            && !request.uri.path.hasPrefix("/open311/") && request.uri.path != Routes.health.pattern
            && request.uri.path != Routes.ready.pattern
        {
            if let cookie = request.cookies[Self.csrfCookie]?.value, Tokens.wellFormed(cookie) {
                context.csrfToken = cookie
            } else {
                newCSRFCookie = Tokens.random()
                context.csrfToken = newCSRFCookie
            }
        }

        var request = request
        // Cookies are what a forged cross-site request rides on; pages' forms always carry a token.
        let cookieSession = request.cookies[Self.sessionCookie] != nil || request.cookies[Self.citizenCookie] != nil
        let pageForm = request.isForm && !request.uri.path.hasPrefix("/api/") && !request.uri.path.hasPrefix("/open311/")
        if ![.get, .head, .options].contains(request.method) && !context.viaBearer && (pageForm || cookieSession) {
            var presented = request.headers[Self.csrfHeader]
            if request.isMultipart {
                // A form with files is never read before it is known to be genuine: its token comes
                // in the header or in the form's address (`action="...?csrf=..."`).
                presented = presented ?? request.uri.queryParameters.get(Self.csrfQuery)
            } else if presented == nil && request.isForm {
                var copy = request
                let buffer = try await collect(&copy, limit: settings.maxBodyBytes)
                presented = FormData(encoded: String(buffer: buffer))["_csrf"]
                request = copy
            }
            guard newCSRFCookie == nil, let expected = context.csrfToken, let presented, Tokens.equal(presented, expected) else {
                throw DomainError.forbidden("csrf.invalid")
            }
        }

        var response = try await next(request, context)
        let secure = settings.secureCookies || request.headers[.init("X-Forwarded-Proto")!] == "https"
        if let newCSRFCookie {
            response.setCookie(
                Cookie(name: Self.csrfCookie, value: newCSRFCookie, path: "/", secure: secure, httpOnly: true, sameSite: .strict))
        }
        if let chosen {
            response.setCookie(
                Cookie(
                    name: Self.languageCookie, value: chosen.rawValue, maxAge: 365 * 86400, path: "/", secure: secure, httpOnly: true,
                    sameSite: .lax))
        }
        return response
    }

    private func collect(_ request: inout Request, limit: Int) async throws -> ByteBuffer {
        do { return try await request.collectBody(upTo: limit) } catch {
            throw DomainError(.payloadTooLarge, "http.payloadTooLarge", ["limit": String(limit)])
        }
    }
}
