import Domain
import Hummingbird

/// A request handler of the platform's public routes.
typealias Handler = @Sendable (Request, AppRequestContext) async throws -> Response

extension RouterMethods {
    /// Registers `handler` for `method` on a typed route.
    @discardableResult
    func on(_ route: RouteDef, _ method: HTTPRequest.Method, _ handler: @escaping @Sendable (Request, Context) async throws -> Response)
        -> Self
    {
        on(RouterPath(route.pattern), method: method, use: handler)
    }
}

/// The route groups a controller mounts its routes in. Each group's context carries the caller
/// its middleware resolved (an officer, an administrator, the counter, a citizen), so handlers
/// never check who is calling by hand.
struct RouteGroups {
    /// Routes open to anyone (the session, if any, is on the context).
    let open: Router<AppRequestContext>
    /// Routes of any logged-in officer.
    let officers: RouterGroup<OfficerContext>
    /// Routes of administrators.
    let administrators: RouterGroup<AdminContext>
    /// Routes of the one-stop counter (the receiving role).
    let counter: RouterGroup<ReceivingContext>
    /// Routes of a logged-in citizen.
    let citizens: RouterGroup<CitizenRequestContext>

    init(_ router: Router<AppRequestContext>) {
        open = router
        officers = router.group(context: OfficerContext.self)
        administrators = router.group(context: AdminContext.self)
        counter = router.group(context: ReceivingContext.self)
        citizens = router.group(context: CitizenRequestContext.self)
    }
}
