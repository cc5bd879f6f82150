import Domain
import Foundation
import Logging
import Persistence
import ServiceLifecycle
import Signing
import Web

/// Every repository, service and background worker of the platform, each built exactly once from
/// the configuration, the database and the one clock. The web layer receives `web`; the server
/// runs `workers` beside it.
struct AppServices {
    let web: WebDependencies
    let workers: [any Service]
    /// The read replica of `DATABASE_READ_URL`, which the platform closes with the primary.
    let replica: Database?

    /// Builds everything on `database` (migrated and seeded) for `config`.
    static func build(_ config: AppConfig, database: Database, clock: Clock, logger: Logger) async throws -> AppServices {
        // Reference data and dossiers.
        let catalogue = SQLCatalogueRepository(database: database)
        let agencies = SQLAgencyRepository(database: database)
        let calendars = SQLCalendarRepository(database: database)
        let dossierStore = SQLDossierRepository(database: database)
        let results = SQLResultRepository(database: database)
        let audit = RefusalAggregator(log: SQLAuditLog(database: database), window: Double(config.auditRefusalWindowSeconds))
        let accounts = SQLAccountRepository(database: database)
        let blobs = try blobStore(config, database: database)
        let authority = ProvincialAuthority(
            keys: SQLSigningKeyRepository(database: database), agencies: agencies,
            keyEncryptionSecret: config.signingKeySecret, authorityName: config.signingAuthorityName)
        try await authority.prepare(now: clock.now())
        let dossierService = DossierService(
            catalogue: catalogue, agencies: agencies, calendars: calendars, dossiers: dossierStore,
            results: results, signer: authority, blobs: blobs, clock: clock)
        var settings = webSettings(config)
        settings.paymentGatewayOrigin = config.vnpay?.payOrigin
        settings.openID = config.openID
        settings.localPasswordSignIn = config.localPasswordSignIn
        settings.uploadQuotas = UploadQuotas(
            store: StoreQuota(maxFiles: config.citizenStoreMaxFiles, maxBytes: config.citizenStoreMaxBytes),
            reportPhotosPerHour: config.reportPhotosPerHour, reportPhotosPerDay: config.reportPhotosPerDay)
        // Sessions and login throttles expire on the wall clock, whatever clock the rules run on.
        let sessionClock = Clock.system
        let backoff = LoginBackoff(freeFailures: config.loginMaxFailures, maxSeconds: config.loginBackoffMaxSeconds)
        let rateCounters = rateCounters(database)
        let officerSessions = OfficerSessionService(
            accounts: accounts, security: accounts, audit: audit,
            throttle: LoginRateLimiter(
                counters: rateCounters, maxFailures: config.loginMaxFailures, window: Double(config.loginWindowSeconds),
                clock: sessionClock),
            passwords: BcryptPasswords(cost: config.bcryptCost), clock: sessionClock, sessionHours: config.sessionHours, backoff: backoff,
            secondFactor: SecondFactor(
                security: accounts, otp: TOTPAuthenticator(keyEncryptionSecret: config.signingKeySecret), clock: sessionClock,
                requiredRoles: config.totpRequiredRoles))
        let dossiers = DossierDependencies(
            service: dossierService, sessions: officerSessions, calendarService: CalendarService(calendars: calendars, clock: clock),
            catalogueService: CatalogueService(catalogue: catalogue, clock: clock),
            workflowService: WorkflowService(catalogue: catalogue, dossiers: dossierStore, clock: clock),
            catalogue: catalogue, agencies: agencies, calendars: calendars, dossiers: dossierStore,
            accounts: accounts)

        // The citizen portal.
        let citizens = SQLCitizenRepository(database: database)
        let documents = SQLDocumentRepository(database: database)
        let ratings = SQLRatingRepository(database: database)
        let outbox = SQLOutboxRepository(database: database)
        let orderLifetime = TimeInterval(config.paymentOrderMinutes * 60)
        let paymentProvider =
            config.paymentProvider == .sandbox
            ? SandboxPaymentProvider(secret: config.paymentSandboxSecret, orderLifetime: orderLifetime) : nil
        let vnpay = config.vnpay.map { VNPayPaymentProvider(credentials: $0.credentials, settings: settings, orderLifetime: orderLifetime) }
        let payments = SQLPaymentRepository(database: database)
        let outgoing = SQLOutgoingDocumentRepository(database: database)
        var resultService = ResultService(
            dossierService: dossierService, results: results, signer: authority, agencies: agencies, blobs: blobs, clock: clock)
        resultService.outgoingDocuments = outgoing
        let portal = PortalDependencies(
            service: PortalService(
                dossierService: dossierService, catalogue: catalogue, dossiers: dossierStore, documents: documents,
                payments: payments, ratings: ratings, citizens: citizens, provider: vnpay ?? paymentProvider,
                drafts: SQLDraftRepository(database: database), audit: audit, orderLifetime: orderLifetime),
            accounts: CitizenAccountService(citizens: citizens, agencies: agencies, audit: audit, clock: clock, backoff: backoff),
            passwords: CitizenPasswordService(citizens: citizens, passwords: citizens, audit: audit, clock: clock),
            resultService: resultService,
            citizens: citizens, documents: documents, blobs: blobs, ratings: ratings, results: results, outbox: outbox,
            paymentProvider: paymentProvider,
            notices: CitizenNoticeService(notices: SQLCitizenNoticeRepository(database: database), clock: clock))

        // Field reports.
        let reports = SQLFieldReportRepository(database: database)
        let fieldReports = FieldReportService(
            reports: reports, agencies: agencies, calendars: calendars, samples: try ReportSeed.samples(),
            reopenDays: config.reportReopenDays, duplicateMetres: config.reportDuplicateMetres,
            provinceCode: Seeder.provinceCode, now: clock.now)

        // The operations centre: the aggregates kept by the projector, the service answering from
        // them (shared by the pages and the monthly report archiver), the administrators' changes.
        let projector = StatisticsProjector(database: database, gapGraceSeconds: config.statisticsGapSeconds)
        // The dashboards' aggregates may be read from a standby (a few seconds behind at most).
        let replica = try config.databaseReadURL.map {
            try Database.postgres(
                url: $0, schema: config.databaseSchema, maxConnections: config.databasePoolSize, name: "motcua read", logger: logger)
        }
        let statistics = SQLStatisticsRepository(database: database, reads: replica)
        let indexStore = SQLServiceIndexStore(database: database)
        let operations = OperationsService(statistics: statistics, catalogue: catalogue, agencies: agencies, indexStore: indexStore)
        let administration = OperationsAdministration(indexStore: indexStore, rebuilder: projector, audit: audit, clock: clock)

        // The yearly digital-transformation assessment.
        let dti = DTIService(
            repository: SQLDTIRepository(database: database), units: SQLDTIUnits(database: database),
            indicators: SQLDTIIndicators(database: database, statistics: statistics), agencies: agencies, clock: clock)

        var web = WebDependencies(
            settings: settings, clock: clock, sessionClock: sessionClock, dossiers: dossiers, portal: portal,
            fieldReports: FieldReportDependencies(service: fieldReports, reports: reports),
            operations: OperationsDependencies(statistics: statistics, service: operations, administration: administration),
            dti: dti, healthProbe: SQLHealthProbe(database: database),
            access: AccessAudit(audit: audit, clock: sessionClock))
        web.rateCounters = rateCounters
        web.officialDocuments = OfficialDocumentService(
            documents: SQLOfficialDocumentRepository(database: database), agencies: agencies, calendars: calendars, clock: clock)
        let reminders = DocumentReminderService(
            reminders: SQLDocumentReminderRepository(database: database), agencies: agencies, calendars: calendars, clock: clock,
            daysBefore: config.documentReminderDays, mailbox: config.documentReminderMailbox, holder: instanceName)
        web.documentReminders = reminders
        web.workDossiers = web.officialDocuments.map {
            WorkDossierService(dossiers: SQLWorkDossierRepository(database: database), documents: $0, agencies: agencies, clock: clock)
        }
        web.outgoingDocuments = web.officialDocuments.map {
            OutgoingDocumentService(outgoing: outgoing, agencies: agencies, signer: authority, blobs: blobs, registers: $0, clock: clock)
        }
        web.receivedDocuments = ReceivedDocumentService(
            received: SQLReceivedDocumentRepository(database: database), blobs: blobs, audit: audit, clock: clock)
        web.paymentGateway = paymentGateway(config, payments: payments, clock: clock)
        let portalSync = SQLPortalSyncRepository(database: database)
        web.nationalPortal = NationalPortalDependencies(
            sync: PortalSyncService(records: portalSync, catalogue: catalogue, clock: clock),
            inboundToken: config.nationalPortal.inboundToken)
        let exchange = try await documentExchange(
            config, database: database, agencies: agencies, authority: authority, blobs: blobs, refusals: audit, clock: clock)
        web.documentExchange = exchange.web
        web.officerAdministration = OfficerAdministration(
            officers: SQLOfficerAdministration(database: database), agencies: agencies,
            passwords: BcryptPasswords(cost: config.bcryptCost), clock: clock)
        web.agencyAdministration = AgencyAdministration(agencies: agencies, clock: clock)
        web.apiKeys = APIKeyService(
            keys: SQLAPIKeyRepository(database: database), agencies: agencies, clock: clock, hash: SQLAPIKeyRepository.hash)
        web.externalSignIn = config.openID.map { _ in
            ExternalSignInService(repository: SQLExternalSignIn(database: database), audit: audit, clock: clock)
        }

        // Background work.
        let archiver = MonthlyReportArchiver(
            operations: operations, statistics: statistics,
            writer: try PeriodicReportCSVWriter(operations: operations, catalogue: catalogue, agencies: agencies))
        let dispatcher = try OutboxDispatcher(
            outbox: outbox, senders: messageSenders(config, outbox: outbox), clock: clock, holder: instanceName,
            leaseSeconds: TimeInterval(config.outboxLeaseSeconds), publicBaseURL: { [settings] in settings.publicOrigin })
        let relay = NotificationRelay(outbox: outbox, catalogue: catalogue, clock: clock)
        let sweeper = blobSweeper(config, database: database)
        // Caches another instance may change: their versions as of now, then every announced or moved one dropped.
        let invalidator = CacheInvalidator(
            database: database, caches: [catalogue, agencies, calendars, reports, statistics], logger: logger)
        try await invalidator.check()
        // Jobs that instances sharing the database run one at a time (docs/architecture.md, "Background jobs").
        let leases = MaintenanceLeases(database: database)
        var workers: [any Service] = [
            PeriodicWorker(name: "notifications", interval: .seconds(config.outboxPollSeconds), logger: logger) {
                try await relay.runOnce()
                return try await dispatcher.runOnce()
            },
            PeriodicWorker(name: "statistics", interval: .seconds(config.statisticsPollSeconds), logger: logger) {
                try await leases.run("statistics", holder: instanceName, now: Date()) { try await projector.run(now: clock.now()) } ?? 0
            },
            PeriodicWorker(name: "monthly reports", interval: .seconds(3600), logger: logger) {
                try await leases.run("monthly-reports", holder: instanceName, now: Date()) {
                    try await archiver.archivePreviousMonth(now: clock.now())
                } ?? 0
            },
            PeriodicWorker(name: "escalation", interval: .seconds(config.reportEscalationMinutes * 60), logger: logger) {
                try await leases.run("escalation", holder: instanceName, now: Date()) { try await fieldReports.escalateOverdue() } ?? 0
            },
            // File times are on the wall clock, whatever clock the rules run on.
            PeriodicWorker(name: "blob sweep", interval: .seconds(config.blobSweepMinutes * 60), logger: logger) {
                try await sweeper.sweep(now: Date(), holder: instanceName) ?? 0
            },
            PeriodicWorker(name: "audit refusals", interval: .seconds(config.auditRefusalWindowSeconds), logger: logger) {
                try await audit.flush(closedBy: sessionClock.now())
            },
            AuditAnchorWorker.worker(config, database: database, authority: authority, logger: logger),
            PeriodicWorker(name: "rate counters", interval: .seconds(300), logger: logger) {
                try await rateCounters.sweep(now: sessionClock.now())
            },
            PeriodicWorker(name: "cache versions", interval: .seconds(config.cacheCheckSeconds), logger: logger) {
                try await invalidator.check()
            },
            PeriodicWorker(name: "document reminders", interval: .seconds(600), logger: logger) { try await reminders.runOnce() },
        ]
        if let sender = config.nationalPortal.sender {
            let dispatcher = PortalSyncDispatcher(
                records: portalSync, sender: sender, policy: config.nationalPortal.retry, clock: clock, holder: instanceName,
                leaseSeconds: TimeInterval(config.nationalPortal.leaseSeconds))
            workers.append(
                PeriodicWorker(name: "national portal sync", interval: .seconds(config.nationalPortal.pollSeconds), logger: logger) {
                    try await dispatcher.runOnce()
                })
        }
        workers.append(
            PeriodicWorker(name: "document exchange", interval: .seconds(config.documentExchange.pollSeconds), logger: logger) {
                try await exchange.dispatcher.runOnce()
            })
        if database.dialect == .postgres && config.cacheListen { workers.append(CacheListener(invalidator: invalidator)) }
        return AppServices(web: web, workers: workers, replica: replica)
    }

    /// The finance side of the configured real payment gateway (status, refunds, reconciliation); nil without one.
    static func paymentGateway(_ config: AppConfig, payments: SQLPaymentRepository, clock: Clock) -> PaymentGatewayService? {
        config.vnpay.map {
            PaymentGatewayService(
                gateway: VNPayGatewayAPI(credentials: $0.credentials), payments: payments, ledger: payments, now: { clock.now() })
        }
    }

    /// The document exchange: the service the routes use and the dispatcher of its outbox. The organisation and the receiving
    /// agency default to the provincial people's committee.
    static func documentExchange(
        _ config: AppConfig, database: Database, agencies: any AgencyRepository, authority: ProvincialAuthority, blobs: any BlobStore,
        refusals: any AuditLog, clock: Clock
    ) async throws -> (web: DocumentExchangeDependencies, dispatcher: ExchangeDispatcher) {
        let c = config.documentExchange
        let committee = try await agencies.agencies(kind: .provincialCommittee).first
        let receiving = c.receivingAgencyId ?? committee?.id ?? ""
        let organisation = ExchangeOrganisation(
            id: c.organisationId ?? receiving, name: c.organisationName ?? committee?.name ?? config.signingAuthorityName)
        let repository = SQLExchangeRepository(database: database)
        let sealer = ExchangeSealer(authority: authority)
        let service = DocumentExchangeService(
            exchange: repository, documents: SQLOfficialDocumentRepository(database: database),
            files: SQLDocumentRepository(database: database), blobs: blobs, sealer: sealer, refusals: refusals,
            settings: ExchangeSettings(
                organisation: organisation, receivingAgencyId: receiving, place: c.place, maxAttachmentBytes: c.maxAttachmentBytes,
                allowsPlainHTTP: config.mode == .development),
            clock: clock)
        let dispatcher = ExchangeDispatcher(
            exchange: repository, transport: ExchangeHTTPTransport(), sealer: sealer, organisation: organisation, policy: c.retry,
            clock: clock, holder: instanceName, leaseSeconds: TimeInterval(c.leaseSeconds))
        return (
            DocumentExchangeDependencies(service: service, maxPackageBytes: c.maxPackageBytes, packagesPerMinute: c.packagesPerMinute),
            dispatcher
        )
    }

    /// The counters of rate limits and login throttles: in memory for the one process on SQLite,
    /// in the database for the instances sharing PostgreSQL.
    static func rateCounters(_ database: Database) -> any RateCounters {
        database.dialect == .postgres ? SQLRateCounters(database: database) : MemoryRateCounters()
    }

    /// The store of files `BLOB_STORE` names.
    static func blobStore(_ config: AppConfig, database: Database) throws -> any BlobStore {
        switch config.blobStore {
        case .database: DatabaseBlobStore(database: database)
        case .directory: try FileBlobStore(folder: config.blobDirectory)
        }
    }

    /// The sweep of unreferenced files in the configured blob store.
    static func blobSweeper(_ config: AppConfig, database: Database) -> BlobSweeper {
        let grace = TimeInterval(config.blobSweepGraceHours * 3600)
        switch config.blobStore {
        case .database: return BlobSweeper(database: database, graceSeconds: grace)
        case .directory: return BlobSweeper(database: database, folder: config.blobDirectory, graceSeconds: grace)
        }
    }

    /// This instance's name on its leases and claims (the sweep, the outbox, the single-runner jobs).
    static let instanceName =
        "\(ProcessInfo.processInfo.hostName)-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString.prefix(8))"

    /// The web layer's settings, from the configuration.
    static func webSettings(_ config: AppConfig) -> WebSettings {
        var settings = WebSettings(
            secureCookies: config.secureCookies, sessionHours: config.sessionHours,
            maxBodyBytes: config.maxBodyBytes, maxImportBytes: config.maxImportBytes, loginMaxFailures: config.loginMaxFailures,
            loginWindowSeconds: config.loginWindowSeconds, metricsToken: config.metricsToken,
            maxUploadBytes: config.maxUploadBytes,
            development: config.mode == .development, publicBaseURL: config.publicBaseURL,
            reportsPerHour: config.reportsPerHour)
        settings.trustedProxies = config.trustedProxies
        settings.lookupsPerHour = config.lookupsPerHour
        settings.registrationsPerHour = config.registrationsPerHour
        settings.requestsPerMinute = config.requestsPerMinute
        return settings
    }
}
