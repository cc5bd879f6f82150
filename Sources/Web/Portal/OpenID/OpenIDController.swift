import Domain
import Foundation
import Hummingbird

/// The routes of sign-in through the OpenID Connect provider (VNeID): the login page's button posts
/// to `oidcStart` (with the consent box, the form's token checked as every form's is), which sends the
/// browser to the provider with a cookie binding the attempt to it; the provider sends it back to
/// `oidcCallback`, which opens the citizen's session or shows the login page with the reason.
struct OpenIDController: Sendable {
    static let browserCookie = "motcua_oidc"

    let signIn: OpenIDSignIn
    let accounts: CitizenAccountService
    let pages: PageRenderer
    let settings: WebSettings

    func addRoutes(to groups: RouteGroups) {
        groups.open.on(Routes.oidcStart, .post, start)
        groups.open.on(Routes.oidcCallback, .get, callback)
    }

    @Sendable func start(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let form = try await FormData.read(request, limit: settings.maxBodyBytes)
        let next = CitizenAccountController.next(form["next"])
        do {
            let redirect = try await signIn.begin(next: next, consented: form["consent"] == "yes")
            var response = Response.redirect(to: redirect.location, type: .normal)
            response.setCookie(
                Cookie(
                    name: Self.browserCookie, value: redirect.browserSecret, maxAge: Int(signIn.service.attemptLifetime),
                    path: Routes.oidcStart.link(), secure: settings.isSecure(request), httpOnly: true, sameSite: .lax))
            return response
        } catch let error as DomainError {
            return try refusal(error, next: next, context: context)
        }
    }

    @Sendable func callback(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let query = request.uri.queryParameters
        var presented: [String: String] = [:]
        for name in ["code", "state", "error"] { presented[name] = query.get(name) }
        do {
            let (citizen, next) = try await signIn.finish(
                presented, browserSecret: request.cookies[Self.browserCookie]?.value, client: context.clientAddress)
            let token = Tokens.random()
            try await accounts.startSession(
                for: citizen, tokenHash: Tokens.hash(token), csrfToken: Tokens.random(), hours: settings.sessionHours)
            var response = Response.redirect(to: next, type: .normal)
            response.setCookie(
                Cookie(
                    name: SessionMiddleware.citizenCookie, value: token, maxAge: settings.sessionHours * 3600, path: "/",
                    secure: settings.isSecure(request), httpOnly: true, sameSite: .lax))
            response.setCookie(Cookie(name: Self.browserCookie, value: "", maxAge: 0, path: Routes.oidcStart.link(), httpOnly: true))
            return response
        } catch let error as DomainError {
            return try refusal(error, next: Routes.myDossiers.link(), context: context)
        }
    }

    /// The login page with the reason of the refusal, in the caller's language.
    func refusal(_ error: DomainError, next: String, context: AppRequestContext) throws -> Response {
        var page = CitizenLoginPage(next: next, error: pages.message(error, context))
        page.offer(settings)
        return try pages.render(page, context: context, status: error.kind.status)
    }
}
