import Domain
import Foundation
import HTTPTypes
import Hummingbird
import Persistence

/// Settings of the web layer, read from the environment by the app.
public struct WebSettings: Sendable {
    /// Mark cookies `Secure` (always behind TLS; also set per request when `X-Forwarded-Proto: https`).
    public var secureCookies: Bool
    public var sessionHours: Int
    /// Largest JSON or form body accepted.
    public var maxBodyBytes: Int
    /// Largest catalogue import accepted.
    public var maxImportBytes: Int
    public var loginMaxFailures: Int
    public var loginWindowSeconds: Int
    /// When set, `/metrics` requires `Authorization: Bearer <token>`.
    public var metricsToken: String?
    /// Largest uploaded file.
    public var maxUploadBytes: Int
    /// How long a citizen account stays locked after `loginMaxFailures` wrong passwords.
    public var citizenLockSeconds: Int
    /// Development mode: the sent-messages page exists.
    public var development: Bool
    /// The platform's public address (`https://dichvucong.example.vn`), for links given to
    /// outside systems such as the payment gateway's notify URL; nil: taken from the request.
    public var publicBaseURL: String?
    /// Field reports one client address may send through the web form per hour.
    public var reportsPerHour: Int

    public init(
        secureCookies: Bool = false, sessionHours: Int = 8, maxBodyBytes: Int = 1 << 20,
        maxImportBytes: Int = 10 << 20, loginMaxFailures: Int = 5, loginWindowSeconds: Int = 900,
        metricsToken: String? = nil, maxUploadBytes: Int = 10 << 20, citizenLockSeconds: Int = 900,
        development: Bool = false, publicBaseURL: String? = nil, reportsPerHour: Int = 20
    ) {
        self.secureCookies = secureCookies
        self.sessionHours = sessionHours
        self.maxBodyBytes = maxBodyBytes
        self.maxImportBytes = maxImportBytes
        self.loginMaxFailures = loginMaxFailures
        self.loginWindowSeconds = loginWindowSeconds
        self.metricsToken = metricsToken
        self.maxUploadBytes = maxUploadBytes
        self.citizenLockSeconds = citizenLockSeconds
        self.development = development
        self.publicBaseURL = publicBaseURL
        self.reportsPerHour = reportsPerHour
    }

    /// Whether cookies of `request` must be `Secure`.
    func isSecure(_ request: Request) -> Bool {
        secureCookies || request.headers[HTTPField.Name("X-Forwarded-Proto")!] == "https"
    }

    /// The platform's address as outside systems reach it: `PUBLIC_BASE_URL`, else the request's host.
    func origin(of request: Request) -> String {
        publicBaseURL ?? ((isSecure(request) ? "https://" : "http://") + (request.head.authority ?? "127.0.0.1"))
    }

    /// Largest multipart request: a form with up to eight files at the file limit.
    public var maxUploadRequestBytes: Int { 8 * maxUploadBytes + maxBodyBytes }
}

/// Everything the routes need, built once by the composition root.
public struct WebDependencies: Sendable {
    public let database: Database
    public let catalogue: any CatalogueRepository
    public let agencies: any AgencyRepository
    public let calendars: any CalendarRepository
    public let dossiers: any DossierRepository
    public let accounts: any AccountRepository
    public let audit: any AuditLog
    public let service: DossierService
    public let portal: PortalDependencies
    public let fieldReports: FieldReportService
    public let reports: any FieldReportRepository
    public let settings: WebSettings
    public let operations: OperationsDependencies
    public let dti: DTIService
    /// The application's one clock.
    public let clock: Clock
    /// Administrators' edits of the working calendars.
    public let calendarService: CalendarService
    // Dossiers module: the catalogue import, workflow replacement and the health probe.
    /// Administrators' imports of the procedure catalogue.
    public let catalogueService: CatalogueService
    /// Administrators' replacements of workflows.
    public let workflowService: WorkflowService
    /// What the health endpoint checks.
    public let healthProbe: any HealthProbe

    public init(
        database: Database, catalogue: any CatalogueRepository, agencies: any AgencyRepository,
        calendars: any CalendarRepository, dossiers: any DossierRepository, accounts: any AccountRepository,
        audit: any AuditLog, service: DossierService, portal: PortalDependencies, fieldReports: FieldReportService,
        reports: any FieldReportRepository, settings: WebSettings, operations: OperationsDependencies, dti: DTIService,
        clock: Clock, calendarService: CalendarService,
        // Dossiers module
        catalogueService: CatalogueService, workflowService: WorkflowService, healthProbe: any HealthProbe
    ) {
        self.database = database
        self.catalogue = catalogue
        self.agencies = agencies
        self.calendars = calendars
        self.dossiers = dossiers
        self.accounts = accounts
        self.audit = audit
        self.service = service
        self.portal = portal
        self.fieldReports = fieldReports
        self.reports = reports
        self.settings = settings
        self.operations = operations
        self.dti = dti
        self.clock = clock
        self.calendarService = calendarService
        // Dossiers module
        self.catalogueService = catalogueService
        self.workflowService = workflowService
        self.healthProbe = healthProbe
    }
}

/// What the operations centre adds (OperationsCentre module): the aggregates, the service that
/// answers from them, the administrators' changes, and the clock the DTI pages still read.
public struct OperationsDependencies: Sendable {
    public let statistics: any StatisticsRepository
    public let service: OperationsService
    public let administration: OperationsAdministration
    public let now: @Sendable () -> Date

    public init(
        statistics: any StatisticsRepository, service: OperationsService, administration: OperationsAdministration,
        now: @escaping @Sendable () -> Date
    ) {
        self.statistics = statistics
        self.service = service
        self.administration = administration
        self.now = now
    }
}

/// What the citizen portal adds: accounts, the document store, drafts, payments, results,
/// ratings and the outbox.
public struct PortalDependencies: Sendable {
    public let citizens: any CitizenRepository
    public let documents: any DocumentRepository
    public let blobs: any BlobStore
    public let drafts: any DraftRepository
    public let payments: any PaymentRepository
    public let ratings: any RatingRepository
    public let results: any ResultRepository
    public let signer: any ResultSigner
    public let outbox: any OutboxRepository
    public let paymentProvider: SandboxPaymentProvider

    public init(
        citizens: any CitizenRepository, documents: any DocumentRepository, blobs: any BlobStore, drafts: any DraftRepository,
        payments: any PaymentRepository, ratings: any RatingRepository, results: any ResultRepository,
        signer: any ResultSigner, outbox: any OutboxRepository, paymentProvider: SandboxPaymentProvider
    ) {
        self.citizens = citizens
        self.documents = documents
        self.blobs = blobs
        self.drafts = drafts
        self.payments = payments
        self.ratings = ratings
        self.results = results
        self.signer = signer
        self.outbox = outbox
        self.paymentProvider = paymentProvider
    }
}
