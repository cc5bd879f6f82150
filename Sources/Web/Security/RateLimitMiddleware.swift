import Domain
import Hummingbird

/// Thrown when a client address has used up an allowance: answered with 429 and `Retry-After`.
struct RateLimited: Error {
    /// Seconds until the address may try again.
    let retryAfter: Int
}

/// Rate limits of the open routes, per client address (IPv6 by /64): lookups that could list
/// every dossier (tracking, result verification; page and API), registrations (before any
/// password is hashed), and a generous limit on every other request of a caller without a session.
/// Logged-in officers, `/healthz` and `/readyz` are not limited here (officers' logins are).
struct RateLimitMiddleware: RouterMiddleware {
    let lookups: RequestRateLimiter
    let registrations: RequestRateLimiter
    /// Nil when `RATE_LIMIT_REQUESTS_PER_MINUTE` is 0.
    let general: RequestRateLimiter?

    init(settings: WebSettings, counters: any RateCounters, clock: Clock) {
        lookups = RequestRateLimiter(counters: counters, scope: "lookups", limit: settings.lookupsPerHour, window: 3600, clock: clock)
        registrations = RequestRateLimiter(
            counters: counters, scope: "registrations", limit: settings.registrationsPerHour, window: 3600, clock: clock)
        general =
            settings.requestsPerMinute > 0
            ? RequestRateLimiter(counters: counters, scope: "requests", limit: settings.requestsPerMinute, window: 60, clock: clock) : nil
    }

    /// Whether `request` looks up a dossier's progress or a result.
    static func isLookup(_ request: Request) -> Bool {
        let path = request.uri.path
        return path == Routes.tracking.pattern || path == Routes.verify.pattern || path.hasPrefix("/api/v1/tracking/")
            || (path.hasPrefix("/api/v1/results/") && (path.hasSuffix("/verification") || path == Routes.apiResultVerify.pattern))
    }

    func handle(_ request: Request, context: AppRequestContext, next: (Request, AppRequestContext) async throws -> Response) async throws
        -> Response
    {
        // Load balancers probe /healthz and /readyz every few seconds from one address: never limited.
        guard context.officer == nil, request.uri.path != Routes.health.pattern, request.uri.path != Routes.ready.pattern else {
            return try await next(request, context)
        }
        let key = context.clientKey
        if Self.isLookup(request), let wait = try await lookups.retryAfter(key) { throw RateLimited(retryAfter: wait) }
        if request.method == .post, request.uri.path == Routes.register.pattern, let wait = try await registrations.retryAfter(key) {
            throw RateLimited(retryAfter: wait)
        }
        if context.citizen == nil, let general, let wait = try await general.retryAfter(key) { throw RateLimited(retryAfter: wait) }
        return try await next(request, context)
    }
}
