import Domain
import Hummingbird
import HummingbirdBcrypt

/// Builds the router: middleware in order (metrics, errors, security headers, session and CSRF),
/// then every module's controllers, each handed what it needs. Services come built from the
/// composition root; only the web layer's own adapters (rate limiters, upload policy, the local
/// identity provider, views) are made here, once each.
public enum WebRouter {
    public static func build(_ deps: WebDependencies, registry: MetricsRegistry, bcryptCost: Int) async throws -> Router<AppRequestContext>
    {
        let strings = try Strings.load()
        let pages = try await PageRenderer.load(strings: strings)
        let d = deps.dossiers
        let router = Router(context: AppRequestContext.self)
        let groups = RouteGroups(router)
        router.add(middleware: FormQueryMiddleware())
        router.add(middleware: ClientAddressMiddleware(proxies: deps.settings.trustedProxies))
        router.add(middleware: RequestMetricsMiddleware(registry: registry))
        router.add(
            middleware: SecurityHeadersMiddleware(
                strictTransport: deps.settings.strictTransport, paymentGatewayOrigin: deps.settings.paymentGatewayOrigin,
                identityProviderOrigin: deps.settings.openID?.origin))
        router.add(middleware: ErrorMiddleware(strings: strings, pages: pages, access: deps.access))
        router.add(
            middleware: SessionMiddleware(
                accounts: d.accounts, citizens: deps.portal.citizens, settings: deps.settings, clock: deps.sessionClock))
        // Again inside the session, so that error pages of the routes keep the caller's header (the
        // outer one answers the session's own refusals, such as a missing CSRF token).
        router.add(middleware: ErrorMiddleware(strings: strings, pages: pages, access: deps.access))
        router.add(middleware: RateLimitMiddleware(settings: deps.settings, counters: deps.rateCounters, clock: deps.sessionClock))
        router.add(middleware: PasswordChangeGate())

        OperationsController(
            probe: deps.healthProbe, dossiers: d.dossiers, outbox: deps.portal.outbox, registry: registry, settings: deps.settings,
            drain: deps.drain
        ).addRoutes(to: groups)
        let uploads = UploadPolicy(
            documents: deps.portal.documents, blobs: deps.portal.blobs, maxBytes: deps.settings.maxUploadBytes,
            quota: deps.settings.uploadQuotas.store)
        addDossiers(deps, to: groups, pages: pages, uploads: uploads, strings: strings)
        addPortal(deps, to: groups, pages: pages, uploads: uploads, bcryptCost: bcryptCost)
        addFieldReports(deps, to: groups, pages: pages, uploads: uploads, strings: strings)
        addOperations(deps, to: groups, pages: pages, strings: strings)
        addDTI(deps, to: groups, pages: pages, uploads: uploads, strings: strings)
        NationalPortalController(
            sync: deps.nationalPortal.sync,
            intake: NationalPortalIntake(dossierService: deps.dossiers.service, catalogue: deps.dossiers.catalogue),
            inboundToken: deps.nationalPortal.inboundToken, apiKeys: deps.apiKeys, settings: deps.settings
        ).addRoutes(to: groups)
        if let keys = deps.apiKeys {
            APIKeyAPIController(service: keys, settings: deps.settings).addRoutes(to: groups)
            APIKeyAdminPages(service: keys, agencies: deps.dossiers.agencies, pages: pages, strings: strings, settings: deps.settings)
                .addRoutes(to: groups)
        }
        if let sync = deps.nationalPortal.sync { PortalSyncPagesController(service: sync, pages: pages).addRoutes(to: groups) }
        if let service = deps.officialDocuments {
            addOfficialDocuments(service, deps, to: groups, pages: pages, uploads: uploads, strings: strings)
        }
        if let exchange = deps.documentExchange { addDocumentExchange(exchange, deps, to: groups) }
        if let exchange = deps.documentExchange { addExchangeAdminPages(exchange, deps, to: groups, pages: pages, strings: strings) }
        if let service = deps.outgoingDocuments {
            addOutgoingDocuments(service, deps, to: groups, pages: pages, uploads: uploads, strings: strings)
        }
        if let service = deps.receivedDocuments { ReceivedDocumentsController(service: service, pages: pages).addRoutes(to: groups) }
        if let service = deps.workDossiers, let documents = deps.officialDocuments {
            addWorkDossiers(service, documents: documents, deps, to: groups, pages: pages, strings: strings)
        }
        return router
    }

    static func addDossiers(_ deps: WebDependencies, to groups: RouteGroups, pages: PageRenderer, uploads: UploadPolicy, strings: Strings) {
        let d = deps.dossiers
        let sessions = OfficerSessions(service: d.sessions)
        SessionAPIController(sessions: sessions).addRoutes(to: groups)
        SecondFactorController(service: d.sessions, pages: pages, settings: deps.settings).addRoutes(to: groups)
        CatalogueAPIController(catalogue: d.catalogue, service: d.catalogueService, settings: deps.settings).addRoutes(to: groups)
        DossierAPIController(
            service: d.service, catalogue: d.catalogue, dossiers: d.dossiers, agencies: d.agencies, calendars: d.calendars,
            settings: deps.settings
        ).addRoutes(to: groups)
        CalendarAPIController(calendars: d.calendars, service: d.calendarService).addRoutes(to: groups)
        CalendarPagesController(calendars: d.calendars, service: d.calendarService, pages: pages, settings: deps.settings)
            .addRoutes(to: groups)
        ReferenceAPIController(agencies: d.agencies).addRoutes(to: groups)
        CalendarGlancePages(calendars: d.calendars, service: d.calendarService, pages: pages, strings: strings, settings: deps.settings)
            .addRoutes(to: groups)
        if let service = deps.officerAdministration {
            OfficerAdminPages(service: service, agencies: d.agencies, pages: pages, strings: strings, settings: deps.settings)
                .addRoutes(to: groups)
        }
        CatalogueAdminPages(
            catalogue: d.catalogue, service: d.catalogueService, agencies: d.agencies, pages: pages, strings: strings,
            settings: deps.settings
        ).addRoutes(to: groups)
        WorkflowAPIController(catalogue: d.catalogue, service: d.workflowService, settings: deps.settings).addRoutes(to: groups)
        if let service = deps.agencyAdministration {
            AgencyAdminPages(service: service, pages: pages, strings: strings, settings: deps.settings).addRoutes(to: groups)
        }
        WorkflowAdminPages(service: d.workflowService, pages: pages, strings: strings, settings: deps.settings).addRoutes(to: groups)
        let views = DossierPageViews(
            catalogue: d.catalogue, dossiers: d.dossiers, agencies: d.agencies, documents: deps.portal.documents,
            results: deps.portal.results, strings: strings, clock: deps.clock)
        let officerPages = OfficerPagesController(
            service: d.service, sessions: sessions, catalogue: d.catalogue, agencies: d.agencies,
            views: views, pages: pages, settings: deps.settings, clock: deps.clock)
        officerPages.addRoutes(to: groups)
        AssistedReceiptController(
            service: d.service, catalogue: d.catalogue, uploads: uploads, form: officerPages, settings: deps.settings, clock: deps.clock
        ).addRoutes(to: groups)
        OperationsDossierController(service: d.service, agencies: d.agencies, views: views, access: deps.access, pages: pages)
            .addRoutes(to: groups)
        DossierSearchController(service: d.service, catalogue: d.catalogue, agencies: d.agencies, pages: pages).addRoutes(to: groups)
        PublicPagesController(service: d.service, catalogue: d.catalogue, agencies: d.agencies, pages: pages).addRoutes(to: groups)
    }

    static func addOperations(_ deps: WebDependencies, to groups: RouteGroups, pages: PageRenderer, strings: Strings) {
        let o = deps.operations
        let d = deps.dossiers
        let queries = OperationsQueries(agencies: d.agencies, operations: o.service, clock: deps.clock)
        let views = OperationsViews(
            operations: o.service, catalogue: d.catalogue, agencies: d.agencies, strings: strings, fieldReports: deps.fieldReports.service)
        OperationsPagesController(
            operations: o.service, statistics: o.statistics, queries: queries, views: views, dti: deps.dti, pages: pages,
            clock: deps.clock, documents: deps.documentReminders, workDossiers: deps.workDossiers
        ).addRoutes(to: groups)
        OperationsAPIController(
            operations: o.service, administration: o.administration, queries: queries, views: views, settings: deps.settings
        ).addRoutes(to: groups)
    }

    static func addDTI(_ deps: WebDependencies, to groups: RouteGroups, pages: PageRenderer, uploads: UploadPolicy, strings: Strings) {
        let p = deps.portal
        let requests = DTIRequests(dti: deps.dti, views: DTIViews(dti: deps.dti, strings: strings), clock: deps.clock)
        DTIPagesController(
            requests: requests, uploads: uploads, documents: p.documents, blobs: p.blobs, pages: pages, settings: deps.settings
        ).addRoutes(to: groups)
        DTIAPIController(requests: requests, settings: deps.settings).addRoutes(to: groups)
    }

    static func addFieldReports(
        _ deps: WebDependencies, to groups: RouteGroups, pages: PageRenderer, uploads: UploadPolicy, strings: Strings
    ) {
        let f = deps.fieldReports
        let agencies = deps.dossiers.agencies
        let views = ReportViews(service: f.service, agencies: agencies, strings: strings)
        ReportPagesController(
            service: f.service, reports: f.reports, views: views, uploads: uploads,
            limiter: RequestRateLimiter(
                counters: deps.rateCounters, scope: "reports", limit: deps.settings.reportsPerHour, window: 3600, clock: deps.sessionClock),
            photoQuota: [
                RequestRateLimiter(
                    counters: deps.rateCounters, scope: "report-photos-hour", limit: deps.settings.uploadQuotas.reportPhotosPerHour,
                    window: 3600, clock: deps.sessionClock),
                RequestRateLimiter(
                    counters: deps.rateCounters, scope: "report-photos-day", limit: deps.settings.uploadQuotas.reportPhotosPerDay,
                    window: 86_400, clock: deps.sessionClock),
            ],
            pages: pages,
            settings: deps.settings, clock: deps.clock
        ).addRoutes(to: groups)
        OfficerReportPagesController(
            service: f.service, reports: f.reports, views: views, uploads: uploads, pages: pages, settings: deps.settings,
            clock: deps.clock
        ).addRoutes(to: groups)
        ReportAPIController(service: f.service, reports: f.reports, settings: deps.settings, clock: deps.clock).addRoutes(to: groups)
        ReportCategoryAdminPages(
            service: f.service, reports: f.reports, agencies: agencies, pages: pages, strings: strings, settings: deps.settings
        ).addRoutes(to: groups)
        Open311Controller(
            service: f.service, reports: f.reports, agencies: agencies, strings: strings, settings: deps.settings, clock: deps.clock,
            apiKeys: deps.apiKeys
        ).addRoutes(to: groups)
    }

    static func addPortal(_ deps: WebDependencies, to groups: RouteGroups, pages: PageRenderer, uploads: UploadPolicy, bcryptCost: Int) {
        let p = deps.portal
        let d = deps.dossiers
        let identity = LocalIdentityProvider(
            accounts: p.accounts,
            limiter: LoginRateLimiter(
                counters: deps.rateCounters, maxFailures: deps.settings.loginMaxFailures, window: Double(deps.settings.loginWindowSeconds),
                clock: deps.sessionClock),
            decoyHash: Bcrypt.hash(Tokens.random(), cost: UInt8(bcryptCost)))
        var accountController = CitizenAccountController(
            accounts: p.accounts, identity: identity, agencies: d.agencies, documents: p.documents,
            portal: p.service, pages: pages, settings: deps.settings, clock: deps.clock, bcryptCost: bcryptCost)
        if let openID = deps.settings.openID, let service = deps.externalSignIn {
            let signIn = OpenIDSignIn(
                settings: openID, client: OpenIDProviderClient(settings: openID, clock: deps.sessionClock), service: service)
            OpenIDController(signIn: signIn, accounts: p.accounts, pages: pages, settings: deps.settings).addRoutes(to: groups)
            accountController.providerLogout = { home in await signIn.logoutLocation(home: home) }
        }
        accountController.addRoutes(to: groups)
        CitizenNoticesController(notices: p.notices, pages: pages, settings: deps.settings).addRoutes(to: groups)
        CitizenPasswordController(
            accounts: p.accounts, passwords: p.passwords,
            limiter: RequestRateLimiter(
                counters: deps.rateCounters, scope: "password-resets", limit: 10, window: 3600, clock: deps.sessionClock),
            pages: pages, settings: deps.settings, bcryptCost: bcryptCost
        ).addRoutes(to: groups)
        PortalPagesController(
            portal: p.service, catalogue: d.catalogue, agencies: d.agencies, documents: p.documents, uploads: uploads,
            pages: pages, settings: deps.settings, clock: deps.clock
        ).addRoutes(to: groups)
        let myDossiers = MyDossierController(
            portal: p.service, catalogue: d.catalogue, agencies: d.agencies, documents: p.documents, results: p.results,
            ratings: p.ratings, pages: pages, settings: deps.settings)
        myDossiers.addRoutes(to: groups)
        SupplementController(portal: p.service, dossierPages: myDossiers, uploads: uploads, settings: deps.settings, clock: deps.clock)
            .addRoutes(to: groups)
        DocumentController(documents: p.documents, blobs: p.blobs, access: deps.access).addRoutes(to: groups)
        ResultController(results: p.resultService, uploads: uploads, pages: pages, settings: deps.settings, clock: deps.clock)
            .addRoutes(to: groups)
        if let provider = p.paymentProvider {
            SandboxGatewayController(provider: provider, portal: p.service, pages: pages, settings: deps.settings, clock: deps.clock)
                .addRoutes(to: groups)
        }
        VNPayIPNController(portal: p.service).addRoutes(to: groups)
        PaymentGatewayController(service: deps.paymentGateway).addRoutes(to: groups)
        SatisfactionAPIController(ratings: p.ratings, agencies: d.agencies).addRoutes(to: groups)
        if deps.settings.development { DevMailboxController(outbox: p.outbox, pages: pages).addRoutes(to: groups) }
    }
}
