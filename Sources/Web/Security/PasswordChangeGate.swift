import Domain
import Hummingbird

/// Until an officer whose password an administrator set (a new account, a reset) has chosen their own,
/// every officer page sends them to the change page and every API call but logging out answers 403
/// `auth.passwordChangeRequired`. The change page, logging in and out, and public pages stay open.
struct PasswordChangeGate: RouterMiddleware {
    typealias Context = AppRequestContext

    /// Paths an officer who must change their password may still reach.
    static let open: Set<String> = [
        Routes.officerPassword.link(), Routes.logout.link(), Routes.login.link(), Routes.loginCode.link(), Routes.loginEnrol.link(),
        Routes.apiSession.link(),
    ]

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard context.officer?.mustChangePassword == true else { return try await next(request, context) }
        let path = request.uri.path
        let api = path.hasPrefix("/api/")
        guard api || path.hasPrefix("/officer"), !Self.open.contains(path) else { return try await next(request, context) }
        if api { throw DomainError.forbidden("auth.passwordChangeRequired") }
        return .redirect(to: Routes.officerPassword.link(), type: .normal)
    }
}
