import Foundation
import Hummingbird

/// Counts requests and measures their latency by route pattern (never by raw path, which would
/// let callers create unbounded series).
struct RequestMetricsMiddleware: RouterMiddleware {
    let registry: MetricsRegistry

    func handle(_ request: Request, context: AppRequestContext, next: (Request, AppRequestContext) async throws -> Response) async throws
        -> Response
    {
        let start = ContinuousClock.now
        let response = try await next(request, context)
        let elapsed = ContinuousClock.now - start
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        registry.record(
            method: request.method.rawValue, route: context.endpointPath ?? "unmatched",
            status: response.status.code, seconds: seconds)
        return response
    }
}
