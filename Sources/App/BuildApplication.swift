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

    do {
        let services = try await AppServices.build(config, database: database, clock: Clock(now), logger: logger)
        let router = try await WebRouter.build(services.web, registry: MetricsRegistry(), bcryptCost: config.bcryptCost)
        return Platform(
            router: router, database: database, replica: services.replica, config: config, logger: logger, workers: services.workers,
            boundAddress: services.web.settings.boundAddress, drain: services.web.drain)
    } catch {
        await database.shutdown()
        throw error
    }
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
    return try Database.sqlite(path: config.sqlitePath, synchronous: config.sqliteSynchronous, logger: logger)
}

/// Migrations, reference data, and in development the demo officers. Production refuses a database
/// that holds demo rows, naming them.
func prepare(_ database: Database, config: AppConfig, logger: Logger) async throws {
    let applied = try await Migrator.migrate(database)
    if !applied.isEmpty { logger.info("migrations applied", metadata: ["versions": "\(applied)"]) }
    if config.mode == .production {
        let demo = try await DemoRows.find(database, open311KeyHash: APIKeys.hash(APIKeys.developmentOpen311))
        if !demo.isEmpty {
            throw ConfigError.production(demo.map { "database: \($0); production needs a database that never ran the demo" })
        }
    }
    if try await Seeder(database: database).seedReferenceData() { logger.info("demo province seeded (Thanh Hóa, 38)") }
    let categories = try await ReportSeed.seedCategories(database)
    if categories > 0 { logger.info("field-report categories seeded", metadata: ["count": "\(categories)"]) }
    if try await SQLServiceIndexStore(database: database).seed(now: Date()) { logger.info("service-quality index framework seeded") }
    if try await SQLDTIRepository(database: database).seed(now: Date()) { logger.info("digital-transformation frameworks seeded") }
    if try await StatisticsProjector(database: database, batchSize: 200_000).rebuildIfOutdated(now: Date()) {
        logger.info("statistics rebuilt for projector version \(StatisticsProjector.version)")
    }
    if let password = config.demoPassword {
        try await DemoRows.markDevelopment(database, now: Date())
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
