import Domain
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

    public init(secureCookies: Bool = false, sessionHours: Int = 8, maxBodyBytes: Int = 1 << 20,
                maxImportBytes: Int = 10 << 20, loginMaxFailures: Int = 5, loginWindowSeconds: Int = 900,
                metricsToken: String? = nil) {
        self.secureCookies = secureCookies; self.sessionHours = sessionHours; self.maxBodyBytes = maxBodyBytes
        self.maxImportBytes = maxImportBytes; self.loginMaxFailures = loginMaxFailures
        self.loginWindowSeconds = loginWindowSeconds; self.metricsToken = metricsToken
    }
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
    public let settings: WebSettings

    public init(database: Database, catalogue: any CatalogueRepository, agencies: any AgencyRepository,
                calendars: any CalendarRepository, dossiers: any DossierRepository, accounts: any AccountRepository,
                audit: any AuditLog, service: DossierService, settings: WebSettings) {
        self.database = database; self.catalogue = catalogue; self.agencies = agencies; self.calendars = calendars
        self.dossiers = dossiers; self.accounts = accounts; self.audit = audit; self.service = service
        self.settings = settings
    }
}
