import Domain
import Foundation
import Hummingbird
import HummingbirdBcrypt
import Logging
import Persistence
import ServiceLifecycle
import Signing
import Web

/// The application `motcua serve` runs and the tests run: the platform of `buildPlatform`, served.
public func buildApplication(_ config: AppConfig, now: @escaping @Sendable () -> Date = Date.init) async throws -> some ApplicationProtocol
{
    try await buildPlatform(config, now: now).application()
}

/// The composition root, used by `motcua serve` and by the tests alike: opens the database,
/// applies migrations, seeds the demo province on first start, builds every repository, service
/// and worker once, and mounts the routes. `now` is the application's one clock (tests move it).
public func buildPlatform(_ config: AppConfig, now: @escaping @Sendable () -> Date = Date.init) async throws -> Platform {
    var logger = Logger(label: "motcua")
    logger.logLevel = config.logLevel
    let database = try openDatabase(config, logger: logger)
    do {
        try await prepare(database, config: config, logger: logger)
    } catch {
        await database.shutdown()  // the pool must be closed before it goes, or the real error is lost in a crash
        throw error
    }

    let clock = Clock(now)
    let catalogue = SQLCatalogueRepository(database: database)
    let agencies = SQLAgencyRepository(database: database)
    let calendars = SQLCalendarRepository(database: database)
    let dossiers = SQLDossierRepository(database: database)
    let results = SQLResultRepository(database: database)
    let blobs = try FileBlobStore(folder: URL(fileURLWithPath: config.dataDirectory).appendingPathComponent("blobs").path)
    let authority = ProvincialAuthority(
        keys: SQLSigningKeyRepository(database: database), agencies: agencies,
        keyEncryptionSecret: config.signingKeySecret, authorityName: config.signingAuthorityName)
    try await authority.prepare(now: now())
    let service = DossierService(
        catalogue: catalogue, agencies: agencies, calendars: calendars, dossiers: dossiers,
        results: results, signer: authority, blobs: blobs, clock: clock)
    let settings = WebSettings(
        secureCookies: config.secureCookies, sessionHours: config.sessionHours,
        maxBodyBytes: config.maxBodyBytes, maxImportBytes: config.maxImportBytes, loginMaxFailures: config.loginMaxFailures,
        loginWindowSeconds: config.loginWindowSeconds, metricsToken: config.metricsToken,
        maxUploadBytes: config.maxUploadBytes, citizenLockSeconds: config.citizenLockSeconds,
        development: config.mode == .development, publicBaseURL: config.publicBaseURL,
        reportsPerHour: config.reportsPerHour)
    let outbox = SQLOutboxRepository(database: database)
    let portal = PortalDependencies(
        citizens: SQLCitizenRepository(database: database), documents: SQLDocumentRepository(database: database), blobs: blobs,
        drafts: SQLDraftRepository(database: database), payments: SQLPaymentRepository(database: database),
        ratings: SQLRatingRepository(database: database), results: results, signer: authority, outbox: outbox,
        paymentProvider: SandboxPaymentProvider(secret: config.paymentSandboxSecret))
    let reports = SQLFieldReportRepository(database: database)
    let projector = StatisticsProjector(database: database, gapGraceSeconds: config.statisticsGapSeconds)
    let fieldReports = FieldReportService(
        reports: reports, agencies: agencies, calendars: calendars, samples: try ReportSeed.samples(),
        reopenDays: config.reportReopenDays, duplicateMetres: config.reportDuplicateMetres,
        provinceCode: Seeder.provinceCode, now: now)
    // OperationsCentre: the aggregates, the service answering from them (shared by the pages and the
    // monthly report archiver) and the administrators' changes.
    let statistics = SQLStatisticsRepository(database: database)
    let indexStore = SQLServiceIndexStore(database: database)
    let operations = OperationsService(statistics: statistics, catalogue: catalogue, agencies: agencies, indexStore: indexStore)
    let operationsAdministration = OperationsAdministration(
        indexStore: indexStore, rebuilder: projector, audit: SQLAuditLog(database: database), clock: clock)
    let deps = WebDependencies(
        database: database, catalogue: catalogue, agencies: agencies, calendars: calendars,
        dossiers: dossiers, accounts: SQLAccountRepository(database: database),
        audit: SQLAuditLog(database: database), service: service, portal: portal,
        fieldReports: fieldReports, reports: reports, settings: settings,
        operations: OperationsDependencies(
            statistics: statistics, service: operations, administration: operationsAdministration, now: now),
        // DTI: the assessment's service, with the agencies (who sees the province) and the clock.
        dti: DTIService(
            repository: SQLDTIRepository(database: database), units: SQLDTIUnits(database: database),
            indicators: SQLDTIIndicators(
                database: database,
                statistics: SQLStatisticsRepository(database: database)),
            agencies: agencies, clock: clock),
        clock: clock, calendarService: CalendarService(calendars: calendars, clock: clock),
        // Dossiers module
        catalogueService: CatalogueService(catalogue: catalogue, clock: clock),
        workflowService: WorkflowService(catalogue: catalogue, dossiers: dossiers, clock: clock),
        healthProbe: SQLHealthProbe(database: database))
    let archiver = MonthlyReportArchiver(
        operations: operations, statistics: statistics,
        writer: try PeriodicReportCSVWriter(operations: operations, catalogue: catalogue, agencies: agencies))
    let router = try await WebRouter.build(deps, registry: MetricsRegistry(), bcryptCost: config.bcryptCost)
    let dispatcher = try OutboxDispatcher(outbox: outbox, senders: messageSenders(config, outbox: outbox), clock: clock)
    let relay = NotificationRelay(outbox: outbox, catalogue: catalogue, clock: clock)
    return Platform(
        router: router, database: database, config: config, logger: logger,
        workers: [
            DatabaseService(database: database),
            PeriodicWorker(name: "notifications", interval: .seconds(config.outboxPollSeconds), logger: logger) {
                try await relay.runOnce()
                return try await dispatcher.runOnce()
            },
            PeriodicWorker(name: "statistics", interval: .seconds(config.statisticsPollSeconds), logger: logger) {
                try await projector.run(now: now())
            },
            PeriodicWorker(name: "monthly reports", interval: .seconds(3600), logger: logger) {
                try await archiver.archivePreviousMonth(now: now())
            },
            PeriodicWorker(name: "escalation", interval: .seconds(config.reportEscalationMinutes * 60), logger: logger) {
                try await fieldReports.escalateOverdue()
            },
        ])
}

/// Webhook senders where gateways are configured; the development mailbox otherwise.
func messageSenders(_ config: AppConfig, outbox: any OutboxRepository) -> [MessageChannel: any MessageSender] {
    let mailbox = MailboxSender(outbox: outbox)
    return [
        .sms: config.smsWebhookURL.map { WebhookSender(url: $0, token: config.notifyWebhookToken) } ?? mailbox,
        .email: config.emailWebhookURL.map { WebhookSender(url: $0, token: config.notifyWebhookToken) } ?? mailbox,
    ]
}

/// The configured database: PostgreSQL when `DATABASE_URL` is set, the SQLite file otherwise.
func openDatabase(_ config: AppConfig, logger: Logger) throws -> Database {
    if let url = config.databaseURL {
        return try Database.postgres(url: url, schema: config.databaseSchema, maxConnections: config.databasePoolSize, logger: logger)
    }
    return try Database.sqlite(path: config.sqlitePath, logger: logger)
}

/// Migrations, reference data, and in development the demo officers.
func prepare(_ database: Database, config: AppConfig, logger: Logger) async throws {
    let applied = try await Migrator.migrate(database)
    if !applied.isEmpty { logger.info("migrations applied", metadata: ["versions": "\(applied)"]) }
    if try await Seeder(database: database).seedReferenceData() { logger.info("demo province seeded (Thanh Hóa, 38)") }
    let categories = try await ReportSeed.seedCategories(database)
    if categories > 0 { logger.info("field-report categories seeded", metadata: ["count": "\(categories)"]) }
    if try await SQLServiceIndexStore(database: database).seed(now: Date()) { logger.info("service-quality index framework seeded") }
    if try await SQLDTIRepository(database: database).seed(now: Date()) { logger.info("digital-transformation frameworks seeded") }
    if try await StatisticsProjector(database: database, batchSize: 200_000).rebuildIfOutdated(now: Date()) {
        logger.info("statistics rebuilt for projector version \(StatisticsProjector.version)")
    }
    if let password = config.demoPassword {
        let cost = UInt8(config.bcryptCost)
        let created = try await DemoOfficers.seed(database) { Bcrypt.hash(password, cost: cost) }
        if created > 0 { logger.info("demo officers created", metadata: ["count": "\(created)"]) }
        // A known Open311 key for trying the API in development (never in production).
        try await SQLFieldReportRepository(database: database).addAPIKey(
            keyHash: APIKeys.hash(APIKeys.developmentOpen311),
            client: "development", now: Date(), audit: nil)
    }
}

/// Keeps the database open while the application runs and closes it on shutdown.
struct DatabaseService: Service {
    let database: Database

    func run() async throws {
        try? await gracefulShutdown()
        await database.shutdown()
    }
}
