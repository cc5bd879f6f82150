import Hummingbird

/// Headers every response carries: no sniffing, no framing, a strict content-security policy, and
/// HSTS when the platform is served over HTTPS.
struct SecurityHeadersMiddleware: RouterMiddleware {
    /// Send `Strict-Transport-Security` (one year, subdomains included).
    let strictTransport: Bool
    /// The content-security policy; a form may go to the platform and, when one is configured, to the
    /// payment gateway (the pay button's answer redirects the payer there, which `form-action` governs).
    let policy: String

    /// and the identity provider (the sign-in button's and the logout's answers redirect there).
    init(strictTransport: Bool, paymentGatewayOrigin: String? = nil, identityProviderOrigin: String? = nil) {
        self.strictTransport = strictTransport
        policy =
            "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; form-action 'self'"
            + (paymentGatewayOrigin.map { " " + $0 } ?? "") + (identityProviderOrigin.map { " " + $0 } ?? "")
            + "; frame-ancestors 'none'; base-uri 'none'; object-src 'none'"
    }

    func handle(_ request: Request, context: AppRequestContext, next: (Request, AppRequestContext) async throws -> Response) async throws
        -> Response
    {
        var response = try await next(request, context)
        response.headers[.xContentTypeOptions] = "nosniff"
        // A response with its own policy keeps it (a previewed file: sandboxed, framed by the platform's pages).
        if response.headers[.contentSecurityPolicy] == nil {
            response.headers[.init("X-Frame-Options")!] = "DENY"
            response.headers[.contentSecurityPolicy] = policy
        }
        response.headers[.init("Referrer-Policy")!] = "same-origin"
        if strictTransport { response.headers[.strictTransportSecurity] = "max-age=31536000; includeSubDomains" }
        return response
    }
}
