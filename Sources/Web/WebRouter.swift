import Domain
import Hummingbird
import HummingbirdBcrypt

/// Builds the router: middleware in order (metrics, errors, security headers, session and CSRF),
/// then every controller's routes.
public enum WebRouter {
    public static func build(_ deps: WebDependencies, registry: MetricsRegistry, bcryptCost: Int) async throws -> Router<AppRequestContext> {
        let strings = try Strings.load()
        let pages = try await PageRenderer.load(strings: strings)
        let limiter = LoginRateLimiter(maxFailures: deps.settings.loginMaxFailures, window: Double(deps.settings.loginWindowSeconds))
        let decoy = Bcrypt.hash(Tokens.random(), cost: UInt8(bcryptCost))
        let sessions = SessionService(accounts: deps.accounts, audit: deps.audit, limiter: limiter, settings: deps.settings, decoyHash: decoy)

        let router = Router(context: AppRequestContext.self)
        router.add(middleware: RequestMetricsMiddleware(registry: registry))
        router.add(middleware: SecurityHeadersMiddleware())
        router.add(middleware: ErrorMiddleware(strings: strings, pages: pages))
        router.add(middleware: SessionMiddleware(accounts: deps.accounts, settings: deps.settings))

        OperationsController(database: deps.database, dossiers: deps.dossiers, registry: registry, settings: deps.settings)
            .addRoutes(to: router)
        SessionAPIController(sessions: sessions, settings: deps.settings).addRoutes(to: router)
        CatalogueAPIController(catalogue: deps.catalogue, audit: deps.audit, settings: deps.settings).addRoutes(to: router)
        DossierAPIController(service: deps.service, catalogue: deps.catalogue, dossiers: deps.dossiers,
                             agencies: deps.agencies, settings: deps.settings).addRoutes(to: router)
        CalendarAPIController(calendars: deps.calendars, audit: deps.audit, settings: deps.settings).addRoutes(to: router)
        ReferenceAPIController(agencies: deps.agencies).addRoutes(to: router)
        WorkflowAPIController(catalogue: deps.catalogue, dossiers: deps.dossiers, audit: deps.audit, settings: deps.settings)
            .addRoutes(to: router)
        OfficerPagesController(service: deps.service, sessions: sessions, catalogue: deps.catalogue, dossiers: deps.dossiers,
                               agencies: deps.agencies, pages: pages, settings: deps.settings).addRoutes(to: router)
        PublicPagesController(service: deps.service, catalogue: deps.catalogue, agencies: deps.agencies, pages: pages)
            .addRoutes(to: router)
        return router
    }
}
