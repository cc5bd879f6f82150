import Domain
import Hummingbird
import HummingbirdBcrypt

/// Builds the router: middleware in order (metrics, errors, security headers, session and CSRF),
/// then every controller's routes.
public enum WebRouter {
    public static func build(_ deps: WebDependencies, registry: MetricsRegistry, bcryptCost: Int) async throws -> Router<AppRequestContext>
    {
        let strings = try Strings.load()
        let pages = try await PageRenderer.load(strings: strings)
        let limiter = LoginRateLimiter(maxFailures: deps.settings.loginMaxFailures, window: Double(deps.settings.loginWindowSeconds))
        // Sessions live on the wall clock, as the session middleware reads them (tests move the
        // application's clock for the dossier rules only).
        let sessions = OfficerSessions(
            service: OfficerSessionService(
                accounts: deps.accounts, audit: deps.audit, throttle: limiter, passwords: BcryptPasswords(cost: bcryptCost),
                clock: .system, sessionHours: deps.settings.sessionHours))

        let router = Router(context: AppRequestContext.self)
        let groups = RouteGroups(router)
        router.add(middleware: RequestMetricsMiddleware(registry: registry))
        router.add(middleware: SecurityHeadersMiddleware())
        router.add(middleware: ErrorMiddleware(strings: strings, pages: pages))
        router.add(middleware: SessionMiddleware(accounts: deps.accounts, citizens: deps.portal.citizens, settings: deps.settings))
        // Again inside the session, so that error pages of the routes keep the caller's header (the
        // outer one answers the session's own refusals, such as a missing CSRF token).
        router.add(middleware: ErrorMiddleware(strings: strings, pages: pages))

        OperationsController(
            probe: deps.healthProbe, dossiers: deps.dossiers, outbox: deps.portal.outbox, registry: registry,
            settings: deps.settings
        )
        .addRoutes(to: groups)
        SessionAPIController(sessions: sessions).addRoutes(to: groups)
        CatalogueAPIController(catalogue: deps.catalogue, service: deps.catalogueService, settings: deps.settings).addRoutes(to: groups)
        DossierAPIController(
            service: deps.service, catalogue: deps.catalogue, dossiers: deps.dossiers,
            agencies: deps.agencies, settings: deps.settings
        ).addRoutes(to: groups)
        CalendarAPIController(calendars: deps.calendars, service: deps.calendarService).addRoutes(to: groups)
        ReferenceAPIController(agencies: deps.agencies).addRoutes(to: groups)
        WorkflowAPIController(catalogue: deps.catalogue, service: deps.workflowService, settings: deps.settings)
            .addRoutes(to: groups)
        let dossierViews = DossierPageViews(
            catalogue: deps.catalogue, dossiers: deps.dossiers, agencies: deps.agencies, documents: deps.portal.documents,
            results: deps.portal.results, strings: strings, clock: deps.clock)
        OfficerPagesController(
            service: deps.service, sessions: sessions, catalogue: deps.catalogue, agencies: deps.agencies,
            views: dossierViews, pages: pages, settings: deps.settings, clock: deps.clock
        ).addRoutes(to: groups)
        PublicPagesController(service: deps.service, catalogue: deps.catalogue, agencies: deps.agencies, pages: pages)
            .addRoutes(to: groups)
        addPortal(deps, to: router, pages: pages, bcryptCost: bcryptCost)
        addFieldReports(deps, to: router, pages: pages, strings: strings)
        addOperations(deps, to: router, pages: pages, strings: strings)
        addDTI(deps, to: router, pages: pages, strings: strings)
        return router
    }

    static func addOperations(_ deps: WebDependencies, to router: Router<AppRequestContext>, pages: PageRenderer, strings: Strings) {
        let o = deps.operations
        let operations = OperationsService(
            statistics: o.statistics, catalogue: deps.catalogue, agencies: deps.agencies,
            indexStore: o.indexStore)
        let views = OperationsViews(catalogue: deps.catalogue, agencies: deps.agencies, strings: strings, fieldReports: deps.fieldReports)
        let pagesController = OperationsPagesController(
            operations: operations, statistics: o.statistics, agencies: deps.agencies,
            catalogue: deps.catalogue, views: views, dti: deps.dti, pages: pages, now: o.now)
        pagesController.addRoutes(to: router)
        OperationsAPIController(
            operations: operations, agencies: deps.agencies, indexStore: o.indexStore, projector: o.projector,
            pages: pagesController, audit: deps.audit, settings: deps.settings, now: o.now
        ).addRoutes(to: router)
    }

    static func addDTI(_ deps: WebDependencies, to router: Router<AppRequestContext>, pages: PageRenderer, strings: Strings) {
        let uploads = UploadPolicy(documents: deps.portal.documents, blobs: deps.portal.blobs, maxBytes: deps.settings.maxUploadBytes)
        let controller = DTIPagesController(
            dti: deps.dti, views: DTIViews(dti: deps.dti, strings: strings), uploads: uploads,
            documents: deps.portal.documents, blobs: deps.portal.blobs, agencies: deps.agencies,
            audit: deps.audit, pages: pages, settings: deps.settings, now: deps.operations.now)
        controller.addRoutes(to: router)
        DTIAPIController(dti: deps.dti, pages: controller, audit: deps.audit, settings: deps.settings).addRoutes(to: router)
    }

    static func addFieldReports(_ deps: WebDependencies, to router: Router<AppRequestContext>, pages: PageRenderer, strings: Strings) {
        let views = ReportViews(service: deps.fieldReports, reports: deps.reports, agencies: deps.agencies, strings: strings)
        let uploads = UploadPolicy(documents: deps.portal.documents, blobs: deps.portal.blobs, maxBytes: deps.settings.maxUploadBytes)
        ReportPagesController(
            service: deps.fieldReports, reports: deps.reports, views: views, uploads: uploads,
            limiter: RequestRateLimiter(limit: deps.settings.reportsPerHour, window: 3600), pages: pages,
            settings: deps.settings
        ).addRoutes(to: router)
        OfficerReportPagesController(
            service: deps.fieldReports, reports: deps.reports, views: views, uploads: uploads, audit: deps.audit,
            pages: pages, settings: deps.settings
        ).addRoutes(to: router)
        ReportAPIController(
            service: deps.fieldReports, reports: deps.reports, agencies: deps.agencies, audit: deps.audit,
            settings: deps.settings
        ).addRoutes(to: router)
        Open311Controller(
            service: deps.fieldReports, reports: deps.reports, agencies: deps.agencies, strings: strings,
            settings: deps.settings
        ).addRoutes(to: router)
    }

    static func addPortal(_ deps: WebDependencies, to router: Router<AppRequestContext>, pages: PageRenderer, bcryptCost: Int) {
        let p = deps.portal
        let portal = PortalService(
            dossierService: deps.service, catalogue: deps.catalogue, dossiers: deps.dossiers,
            documents: p.documents, payments: p.payments, ratings: p.ratings, citizens: p.citizens,
            provider: p.paymentProvider)
        let uploads = UploadPolicy(documents: p.documents, blobs: p.blobs, maxBytes: deps.settings.maxUploadBytes)
        let identity = LocalIdentityProvider(
            citizens: p.citizens, audit: deps.audit,
            limiter: LoginRateLimiter(maxFailures: deps.settings.loginMaxFailures, window: Double(deps.settings.loginWindowSeconds)),
            settings: deps.settings, decoyHash: Bcrypt.hash(Tokens.random(), cost: UInt8(bcryptCost)))
        CitizenAccountController(
            citizens: p.citizens, identity: identity, agencies: deps.agencies, documents: p.documents,
            portal: portal, audit: deps.audit, pages: pages, settings: deps.settings, bcryptCost: bcryptCost
        )
        .addRoutes(to: router)
        PortalPagesController(
            portal: portal, catalogue: deps.catalogue, agencies: deps.agencies, dossiers: deps.dossiers,
            documents: p.documents, drafts: p.drafts, results: p.results, ratings: p.ratings, uploads: uploads,
            pages: pages, settings: deps.settings
        ).addRoutes(to: router)
        DocumentController(documents: p.documents, blobs: p.blobs).addRoutes(to: router)
        let results = ResultService(
            dossierService: deps.service, results: p.results, signer: p.signer, agencies: deps.agencies, blobs: p.blobs)
        ResultController(results: results, uploads: uploads, audit: deps.audit, pages: pages, settings: deps.settings).addRoutes(to: router)
        SandboxGatewayController(provider: p.paymentProvider, portal: portal, audit: deps.audit, pages: pages, settings: deps.settings)
            .addRoutes(to: router)
        SatisfactionAPIController(ratings: p.ratings, agencies: deps.agencies).addRoutes(to: RouteGroups(router))
        if deps.settings.development { DevMailboxController(outbox: p.outbox, pages: pages).addRoutes(to: RouteGroups(router)) }
    }
}
