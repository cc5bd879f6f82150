import HTTPTypes
import Hummingbird

/// Resolves the client's address: the peer, or behind a trusted proxy the address it forwarded.
struct ClientAddressMiddleware: RouterMiddleware {
    static let forwardedFor = HTTPField.Name("X-Forwarded-For")!
    /// The standard header (RFC 7239) of the same; not read, but a sign that a proxy forwarded the request.
    static let forwarded = HTTPField.Name("Forwarded")!
    let proxies: TrustedProxies

    func handle(_ request: Request, context: AppRequestContext, next: (Request, AppRequestContext) async throws -> Response) async throws
        -> Response
    {
        guard !proxies.blocks.isEmpty else { return try await next(request, context) }
        var context = context
        context.client = proxies.client(peer: context.peer, forwardedFor: request.headers[values: Self.forwardedFor])
        return try await next(request, context)
    }
}
