import Domain
import Hummingbird

/// The cookies of an officer's login: the session's, or, while a second factor is owed, the
/// pending login's (short-lived, only good for the code or enrolment pages).
enum OfficerLoginCookies {
    static let pendingCookie = "motcua_pending"

    /// The answer to a password accepted with `outcome`: the session cookie and the queue, or the
    /// pending cookie and the page that asks for the code or the enrolment.
    static func answer(_ outcome: LoginOutcome, token: String, request: Request, settings: WebSettings) -> Response {
        switch outcome {
        case .signedIn: return session(token, request: request, settings: settings, redirect: Routes.queue.link())
        case .codeRequired, .enrolmentRequired:
            var response = Response.redirect(
                to: outcome == .codeRequired ? Routes.loginCode.link() : Routes.loginEnrol.link(), type: .normal)
            response.setCookie(
                Cookie(
                    name: pendingCookie, value: token, maxAge: 300, path: "/officer", secure: settings.isSecure(request), httpOnly: true,
                    sameSite: .strict))
            return response
        }
    }

    /// Sets the session cookie (and clears the pending one) and goes to `redirect`.
    static func session(_ token: String, request: Request, settings: WebSettings, redirect: String) -> Response {
        var response = Response.redirect(to: redirect, type: .normal)
        set(token, on: &response, request: request, settings: settings)
        return response
    }

    /// Sets the session cookie on `response` and clears the pending one.
    static func set(_ token: String, on response: inout Response, request: Request, settings: WebSettings) {
        response.setCookie(
            Cookie(
                name: SessionMiddleware.sessionCookie, value: token, maxAge: settings.sessionHours * 3600,
                path: "/", secure: settings.isSecure(request), httpOnly: true, sameSite: .lax))
        response.setCookie(
            Cookie(
                name: pendingCookie, value: "", maxAge: 0, path: "/officer", secure: settings.isSecure(request), httpOnly: true,
                sameSite: .strict))
    }

    /// The hash of the pending login's token the request carries, if well formed.
    static func pendingHash(_ request: Request) -> String? {
        guard let token = request.cookies[pendingCookie]?.value, Tokens.wellFormed(token) else { return nil }
        return Tokens.hash(token)
    }
}
