import Domain
import Foundation
import Hummingbird

/// Operations endpoints: health (checks the database), readiness (the database answers, its migrations are the
/// binary's, the instance is not draining), Prometheus metrics (requests, dossiers,
/// notifications waiting or given up), the OpenAPI document, the stylesheet and the report form's script.
struct OperationsController: Sendable {
    let probe: any HealthProbe
    let dossiers: any DossierRepository
    let outbox: any OutboxRepository
    let registry: MetricsRegistry
    let settings: WebSettings
    let drain: DrainState

    func addRoutes(to groups: RouteGroups) {
        let router = groups.open
        router.on(Routes.health, .get, health)
        router.on(Routes.ready, .get, ready)
        router.on(Routes.metrics, .get, metrics)
        router.on(Routes.openAPI, .get) { _, _ in try Self.resource("openapi", "json", type: "application/json; charset=utf-8") }
        router.on(Routes.stylesheet, .get) { request, _ in StaticAsset.stylesheet.response(request) }
        router.on(Routes.reportScript, .get) { request, _ in StaticAsset.reportScript.response(request) }
        router.on(Routes.icon, .get) { request, _ in StaticAsset.icon.response(request) }
        router.on(Routes.printScript, .get) { request, _ in StaticAsset.printScript.response(request) }
    }

    @Sendable func health(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        do {
            try await probe.check()
        } catch {
            context.logger.error("health check failed", metadata: ["error": "\(error)"])
            return try JSONCoding.response(["status": "unavailable"], status: .serviceUnavailable)
        }
        return try JSONCoding.response(["status": "ok"])
    }

    /// 200 when this instance should receive traffic; 503 with the reason (`database`, `migrations`,
    /// `draining`) otherwise, so that a load balancer takes it out of rotation.
    @Sendable func ready(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        if drain.isDraining {
            return try JSONCoding.response(["status": "unavailable", "reason": "draining"], status: .serviceUnavailable)
        }
        let current: Bool
        do {
            current = try await probe.schemaIsCurrent()
        } catch {
            context.logger.error("readiness check failed", metadata: ["error": "\(error)"])
            return try JSONCoding.response(["status": "unavailable", "reason": "database"], status: .serviceUnavailable)
        }
        if !current { return try JSONCoding.response(["status": "unavailable", "reason": "migrations"], status: .serviceUnavailable) }
        return try JSONCoding.response(["status": "ok"])
    }

    @Sendable func metrics(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        if let token = settings.metricsToken {
            if !Tokens.equal(request.headers[.authorization] ?? "", "Bearer \(token)") {
                throw DomainError(.unauthenticated, "auth.required")
            }
        } else if !Self.isLocalScraper(request, context) {
            throw DomainError(.notFound, "http.notFound")
        }
        let text = registry.render(dossiersByState: try await dossiers.countByState(), outboxByStatus: try await outbox.counts())
        return Response(
            status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
            body: .init(byteBuffer: .init(string: text)))
    }

    /// Without a token, metrics are for a scraper on the machine itself: a loopback client whose
    /// request no proxy forwarded (a proxy on the same machine adds `X-Forwarded-For` or `Forwarded`).
    static func isLocalScraper(_ request: Request, _ context: AppRequestContext) -> Bool {
        let forwarded =
            request.headers[ClientAddressMiddleware.forwardedFor] != nil || request.headers[ClientAddressMiddleware.forwarded] != nil
        return !forwarded && context.client?.isLoopback == true
    }

    static func resource(_ name: String, _ ext: String, type: String) throws -> Response {
        guard let url = Bundle.module.url(forResource: name, withExtension: ext, subdirectory: "Static") else {
            throw DomainError(.notFound, "http.notFound")
        }
        return Response(
            status: .ok, headers: [.contentType: type, .cacheControl: "public, max-age=300"],
            body: .init(byteBuffer: .init(bytes: try Data(contentsOf: url))))
    }
}
