import Domain
import Hummingbird

/// A request handler of the platform.
typealias Handler = @Sendable (Request, AppRequestContext) async throws -> Response

extension Router where Context == AppRequestContext {
    /// Registers `handler` for `method` on a typed route.
    func on(_ route: RouteDef, _ method: HTTPRequest.Method, _ handler: @escaping Handler) {
        on(RouterPath(route.pattern), method: method, use: handler)
    }
}

extension AppRequestContext {
    /// A path parameter that the route pattern guarantees.
    func parameter(_ name: String) throws -> String {
        guard let value = parameters.get(name) else { throw DomainError(.notFound, "http.notFound") }
        return value
    }
}
