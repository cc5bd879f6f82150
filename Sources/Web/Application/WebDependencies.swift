import Domain

/// Everything the routes need, built once by the composition root (App): per module, the services
/// that own every change and the repositories its pages read; the settings; the clocks.
public struct WebDependencies: Sendable {
    public let settings: WebSettings
    /// The application's one clock: the rules' "now" (tests set and move it).
    public let clock: Clock
    /// The wall clock of sessions and rate limits, which a test moving the rules' clock must not expire.
    public let sessionClock: Clock
    public let dossiers: DossierDependencies
    public let portal: PortalDependencies
    public let fieldReports: FieldReportDependencies
    public let operations: OperationsDependencies
    public let dti: DTIService
    /// What the health endpoint checks.
    public let healthProbe: any HealthProbe
    /// The audit lines of refusals and document downloads.
    public let access: AccessAudit
    /// The counters of rate limits and login throttles: in memory (one process), or shared by the instances.
    public var rateCounters: any RateCounters = MemoryRateCounters()
    /// A real payment gateway's API (status, refunds, reconciliation); nil without one.
    public var paymentGateway: PaymentGatewayService?
    /// Set when a shutdown signal arrives; `/readyz` then answers 503.
    public let drain: DrainState
    /// The registers of official documents (set by the composition root; nil mounts no routes).
    public var officialDocuments: OfficialDocumentService?
    /// Outgoing documents from draft to release (set by the composition root; nil mounts no routes).
    public var outgoingDocuments: OutgoingDocumentService?
    /// The outgoing documents in their addressees' accounts (set by the composition root; nil mounts no routes).
    public var receivedDocuments: ReceivedDocumentService?
    /// The official documents' reminders and late documents per unit, for the dashboard (nil: not shown).
    public var documentReminders: DocumentReminderService?
    /// Work dossiers and their share handled online (set by the composition root; nil mounts no routes).
    public var workDossiers: WorkDossierService?
    /// The national public-service portal: the status queue and the inbound token (nothing set mounts answers of 404).
    public var nationalPortal = NationalPortalDependencies()
    /// The exchange of documents with other systems (set by the composition root; nil mounts no routes).
    public var documentExchange: DocumentExchangeDependencies?
    /// The administrators' management of officer accounts (set by the composition root; nil mounts no pages).
    public var officerAdministration: OfficerAdministration?
    /// The administrators' changes of agencies (set by the composition root; nil mounts no pages).
    public var agencyAdministration: AgencyAdministration?
    /// Sign-in through the OpenID Connect provider (set with `settings.openID`; nil mounts no routes).
    public var externalSignIn: ExternalSignInService?
    /// API keys issued to clients (set by the composition root; nil mounts no pages and accepts no issued key).
    public var apiKeys: APIKeyService?

    public init(
        settings: WebSettings, clock: Clock, sessionClock: Clock, dossiers: DossierDependencies, portal: PortalDependencies,
        fieldReports: FieldReportDependencies, operations: OperationsDependencies, dti: DTIService, healthProbe: any HealthProbe,
        access: AccessAudit, drain: DrainState = DrainState()
    ) {
        self.settings = settings
        self.clock = clock
        self.sessionClock = sessionClock
        self.dossiers = dossiers
        self.portal = portal
        self.fieldReports = fieldReports
        self.operations = operations
        self.dti = dti
        self.healthProbe = healthProbe
        self.access = access
        self.drain = drain
    }
}

/// The dossiers module and the reference data it stands on: the dossier service, the officers'
/// sessions, the administrators' edits of catalogue, workflows and calendars, and what pages read.
public struct DossierDependencies: Sendable {
    public let service: DossierService
    public let sessions: OfficerSessionService
    public let calendarService: CalendarService
    public let catalogueService: CatalogueService
    public let workflowService: WorkflowService
    public let catalogue: any CatalogueRepository
    public let agencies: any AgencyRepository
    public let calendars: any CalendarRepository
    public let dossiers: any DossierRepository
    public let accounts: any AccountRepository

    public init(
        service: DossierService, sessions: OfficerSessionService, calendarService: CalendarService,
        catalogueService: CatalogueService, workflowService: WorkflowService, catalogue: any CatalogueRepository,
        agencies: any AgencyRepository, calendars: any CalendarRepository, dossiers: any DossierRepository,
        accounts: any AccountRepository
    ) {
        self.service = service
        self.sessions = sessions
        self.calendarService = calendarService
        self.catalogueService = catalogueService
        self.workflowService = workflowService
        self.catalogue = catalogue
        self.agencies = agencies
        self.calendars = calendars
        self.dossiers = dossiers
        self.accounts = accounts
    }
}

/// The operations centre: the aggregates, the service answering from them, the administrators' changes.
public struct OperationsDependencies: Sendable {
    public let statistics: any StatisticsRepository
    public let service: OperationsService
    public let administration: OperationsAdministration

    public init(statistics: any StatisticsRepository, service: OperationsService, administration: OperationsAdministration) {
        self.statistics = statistics
        self.service = service
        self.administration = administration
    }
}

/// The field reports: the service and the repository its pages read.
public struct FieldReportDependencies: Sendable {
    public let service: FieldReportService
    public let reports: any FieldReportRepository

    public init(service: FieldReportService, reports: any FieldReportRepository) {
        self.service = service
        self.reports = reports
    }
}

/// The citizen portal: its services (submission and payment, accounts, signed results) and the
/// document store, ratings and outbox its pages read.
public struct PortalDependencies: Sendable {
    public let service: PortalService
    public let accounts: CitizenAccountService
    /// Citizens' password changes and resets.
    public let passwords: CitizenPasswordService
    public let resultService: ResultService
    public let citizens: any CitizenRepository
    public let documents: any DocumentRepository
    public let blobs: any BlobStore
    public let ratings: any RatingRepository
    public let results: any ResultRepository
    public let outbox: any OutboxRepository
    /// The sandbox gateway when it is configured (development only); nil: fees are paid at the counter.
    public let paymentProvider: SandboxPaymentProvider?
    /// The citizens' messages and chosen channels.
    public let notices: CitizenNoticeService

    public init(
        service: PortalService, accounts: CitizenAccountService, passwords: CitizenPasswordService, resultService: ResultService,
        citizens: any CitizenRepository,
        documents: any DocumentRepository, blobs: any BlobStore, ratings: any RatingRepository, results: any ResultRepository,
        outbox: any OutboxRepository, paymentProvider: SandboxPaymentProvider?, notices: CitizenNoticeService
    ) {
        self.notices = notices
        self.service = service
        self.accounts = accounts
        self.passwords = passwords
        self.resultService = resultService
        self.citizens = citizens
        self.documents = documents
        self.blobs = blobs
        self.ratings = ratings
        self.results = results
        self.outbox = outbox
        self.paymentProvider = paymentProvider
    }
}
