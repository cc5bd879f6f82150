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
        addPortal(deps, to: groups, pages: pages, bcryptCost: bcryptCost)
        addFieldReports(deps, to: groups, pages: pages, strings: strings)
        addOperations(deps, to: groups, pages: pages, strings: strings)
        addDTI(deps, to: groups, pages: pages, strings: strings)
        return router
    }

    static func addOperations(_ deps: WebDependencies, to groups: RouteGroups, pages: PageRenderer, strings: Strings) {
        let o = deps.operations
        let queries = OperationsQueries(agencies: deps.agencies, operations: o.service, clock: deps.clock)
        let views = OperationsViews(
            operations: o.service, catalogue: deps.catalogue, agencies: deps.agencies, strings: strings, fieldReports: deps.fieldReports)
        OperationsPagesController(
            operations: o.service, statistics: o.statistics, queries: queries, views: views, dti: deps.dti, pages: pages,
            clock: deps.clock
        ).addRoutes(to: groups)
        OperationsAPIController(
            operations: o.service, administration: o.administration, queries: queries, views: views, settings: deps.settings
        ).addRoutes(to: groups)
    }

    static func addDTI(_ deps: WebDependencies, to groups: RouteGroups, pages: PageRenderer, strings: Strings) {
        let uploads = UploadPolicy(documents: deps.portal.documents, blobs: deps.portal.blobs, maxBytes: deps.settings.maxUploadBytes)
        let requests = DTIRequests(dti: deps.dti, views: DTIViews(dti: deps.dti, strings: strings), clock: deps.clock)
        DTIPagesController(
            requests: requests, uploads: uploads, documents: deps.portal.documents, blobs: deps.portal.blobs,
            pages: pages, settings: deps.settings
        ).addRoutes(to: groups)
        DTIAPIController(requests: requests, settings: deps.settings).addRoutes(to: groups)
    }

    static func addFieldReports(_ deps: WebDependencies, to groups: RouteGroups, pages: PageRenderer, strings: Strings) {
        let views = ReportViews(service: deps.fieldReports, agencies: deps.agencies, strings: strings)
        let uploads = UploadPolicy(documents: deps.portal.documents, blobs: deps.portal.blobs, maxBytes: deps.settings.maxUploadBytes)
        ReportPagesController(
            service: deps.fieldReports, reports: deps.reports, views: views, uploads: uploads,
            limiter: RequestRateLimiter(limit: deps.settings.reportsPerHour, window: 3600), pages: pages,
            settings: deps.settings, clock: deps.clock
        ).addRoutes(to: groups)
        OfficerReportPagesController(
            service: deps.fieldReports, reports: deps.reports, views: views, uploads: uploads,
            pages: pages, settings: deps.settings, clock: deps.clock
        ).addRoutes(to: groups)
        ReportAPIController(service: deps.fieldReports, reports: deps.reports, settings: deps.settings, clock: deps.clock)
            .addRoutes(to: groups)
        Open311Controller(
            service: deps.fieldReports, reports: deps.reports, agencies: deps.agencies, strings: strings,
            settings: deps.settings, clock: deps.clock
        ).addRoutes(to: groups)
    }

    static func addPortal(_ deps: WebDependencies, to groups: RouteGroups, pages: PageRenderer, bcryptCost: Int) {
        let router = groups.open
        let p = deps.portal
        let portal = PortalService(
            dossierService: deps.service, catalogue: deps.catalogue, dossiers: deps.dossiers,
            documents: p.documents, payments: p.payments, ratings: p.ratings, citizens: p.citizens,
            provider: p.paymentProvider, drafts: p.drafts, audit: deps.audit)
        let accounts = CitizenAccountService(citizens: p.citizens, agencies: deps.agencies, audit: deps.audit, clock: deps.clock)
        let uploads = UploadPolicy(documents: p.documents, blobs: p.blobs, maxBytes: deps.settings.maxUploadBytes)
        let identity = LocalIdentityProvider(
            accounts: accounts,
            limiter: LoginRateLimiter(maxFailures: deps.settings.loginMaxFailures, window: Double(deps.settings.loginWindowSeconds)),
            settings: deps.settings, decoyHash: Bcrypt.hash(Tokens.random(), cost: UInt8(bcryptCost)))
        CitizenAccountController(
            accounts: accounts, identity: identity, agencies: deps.agencies, documents: p.documents,
            portal: portal, pages: pages, settings: deps.settings, clock: deps.clock, bcryptCost: bcryptCost
        )
        .addRoutes(to: groups)
        PortalPagesController(
            portal: portal, catalogue: deps.catalogue, agencies: deps.agencies, documents: p.documents, uploads: uploads,
            pages: pages, settings: deps.settings, clock: deps.clock
        ).addRoutes(to: groups)
        MyDossierController(
            portal: portal, catalogue: deps.catalogue, agencies: deps.agencies, documents: p.documents, results: p.results,
            ratings: p.ratings, pages: pages, settings: deps.settings
        ).addRoutes(to: groups)
        DocumentController(documents: p.documents, blobs: p.blobs).addRoutes(to: groups)
        let results = ResultService(
            dossierService: deps.service, results: p.results, signer: p.signer, agencies: deps.agencies, blobs: p.blobs,
            clock: deps.clock)
        ResultController(results: results, uploads: uploads, pages: pages, settings: deps.settings, clock: deps.clock)
            .addRoutes(to: groups)
        SandboxGatewayController(provider: p.paymentProvider, portal: portal, pages: pages, settings: deps.settings, clock: deps.clock)
            .addRoutes(to: groups)
        SatisfactionAPIController(ratings: p.ratings, agencies: deps.agencies).addRoutes(to: groups)
        if deps.settings.development { DevMailboxController(outbox: p.outbox, pages: pages).addRoutes(to: groups) }
    }
}
