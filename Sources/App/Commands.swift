import Domain
import Foundation
import Hummingbird
import HummingbirdBcrypt
import Logging
import Persistence
import Web

/// The `motcua` command line: `serve` (default), `migrate`, `seed`, `create-admin`, `create-api-key`,
/// `rebuild-statistics`, `sweep-blobs`, `move-blobs`, `audit verify`, `backup DEST`, `restore SRC`,
/// `payments reconcile --date YYYY-MM-DD`, `portal-sync reconcile [--since YYYY-MM-DD]`.
public enum Commands {
    /// Creates the administrator `username`, audited as done by `cli`; returns the stored name.
    public static func createAdmin(_ config: AppConfig, username: String, password: String, logger: Logger) async throws -> String {
        let database = try openDatabase(config, logger: logger)
        do {
            try await prepare(database, config: config, logger: logger)
            guard let agency = try await SQLAgencyRepository(database: database).agencies(kind: .provincialCommittee).first else {
                throw ConfigError.invalid("agencies", "a provincial committee")
            }
            let name = username.lowercased()
            _ = try await SQLAccountRepository(database: database).createOfficer(
                username: name, passwordHash: Bcrypt.hash(password, cost: UInt8(config.bcryptCost)), fullName: username,
                agencyId: agency.id, roles: [.admin],
                audit: AuditEntry(actor: "cli", action: "officer.create", target: name, detail: "admin", at: Date()))
            await database.shutdown()
            return name
        } catch {
            await database.shutdown()
            throw error
        }
    }

    public static func run(_ arguments: [String]) async throws {
        let config = try AppConfig()
        var logger = Logger(label: "motcua")
        logger.logLevel = config.logLevel
        switch arguments.first ?? "serve" {
        case "serve":
            try await buildPlatform(config).serve()
        case "migrate":
            let database = try openDatabase(config, logger: logger)
            let applied = try await Migrator.migrate(database)
            print("migrations applied: \(applied)")
            await database.shutdown()
        case "seed":
            let database = try openDatabase(config, logger: logger)
            try await prepare(database, config: config, logger: logger)
            print("seeded")
            await database.shutdown()
        case "create-admin":
            guard arguments.count == 2, let password = ProcessInfo.processInfo.environment["ADMIN_PASSWORD"], password.count >= 12 else {
                throw ConfigError.invalid(
                    "create-admin", "motcua create-admin USERNAME with ADMIN_PASSWORD (12+ characters) in the environment")
            }
            let username = try await createAdmin(config, username: arguments[1], password: password, logger: logger)
            print("administrator \(username) created")
        case "audit":
            guard arguments.count == 2, arguments[1] == "verify" else { throw ConfigError.invalid("audit", "motcua audit verify") }
            let result = try await AuditCommands.verify(config, logger: logger)
            print(result.summary)
            if !result.isIntact { exit(1) }
        case "backup":
            guard arguments.count == 2, !arguments[1].isEmpty else { throw ConfigError.invalid("backup", "motcua backup DEST-FOLDER") }
            let manifest = try await BackupCommands.backup(config, into: arguments[1], logger: logger)
            print(
                "backup written to \(arguments[1]): database \(manifest.database.bytes) bytes (SHA-256 \(manifest.database.sha256)), "
                    + "\(manifest.blobCount) blobs (\(manifest.blobBytes) bytes)")
        case "restore":
            guard arguments.count == 2, !arguments[1].isEmpty else { throw ConfigError.invalid("restore", "motcua restore SRC-FOLDER") }
            let result = try await BackupCommands.restore(config, from: arguments[1], logger: logger)
            print(result.summary)
            if !result.isIntact { exit(1) }
        case "create-api-key":
            guard arguments.count == 2, !arguments[1].isEmpty, arguments[1].count <= 100 else {
                throw ConfigError.invalid("create-api-key", "motcua create-api-key CLIENT-NAME")
            }
            let database = try openDatabase(config, logger: logger)
            try await prepare(database, config: config, logger: logger)
            let key = APIKeys.generate()
            // Field reports: the key and its audit line in one transaction.
            let fieldReports = FieldReportService(
                reports: SQLFieldReportRepository(database: database), agencies: SQLAgencyRepository(database: database),
                calendars: SQLCalendarRepository(database: database), samples: [], reopenDays: config.reportReopenDays,
                duplicateMetres: config.reportDuplicateMetres, provinceCode: Seeder.provinceCode)
            try await fieldReports.addAPIKey(keyHash: APIKeys.hash(key), client: arguments[1], by: AuditActor(name: "cli", address: nil))
            print("Open311 API key for \(arguments[1]) (shown once): \(key)")
            await database.shutdown()
        case "rebuild-statistics":
            let database = try openDatabase(config, logger: logger)
            try await prepare(database, config: config, logger: logger)
            let started = Date()
            let counted = try await StatisticsProjector(
                database: database, gapGraceSeconds: config.statisticsGapSeconds, batchSize: 200_000
            )
            .rebuild(now: Date())
            let seconds = Date().timeIntervalSince(started)
            try await SQLAuditLog(database: database).record(
                AuditEntry(
                    actor: "cli", action: "statistics.rebuild", target: nil,
                    detail: "\(counted) in \(String(format: "%.1f", seconds)) s", at: Date()))
            print("statistics rebuilt: \(counted) events and ratings in \(String(format: "%.1f", seconds)) s")
            await database.shutdown()
        case "sweep-blobs":
            let database = try openDatabase(config, logger: logger)
            try await prepare(database, config: config, logger: logger)
            let deleted = try await AppServices.blobSweeper(config, database: database).sweep(
                now: Date(), holder: AppServices.instanceName)
            print(deleted.map { "unreferenced files deleted: \($0)" } ?? "another instance is sweeping; nothing done")
            await database.shutdown()
        case "payments":
            guard arguments.count == 4, arguments[1] == "reconcile", arguments[2] == "--date", let day = LocalDate(iso: arguments[3]) else {
                throw ConfigError.invalid("payments", "motcua payments reconcile --date YYYY-MM-DD")
            }
            let report = try await PaymentCommands.reconcile(config, day: day, logger: logger)
            print(PaymentCommands.text(report))
            if !report.differences.isEmpty { exit(2) }
        case "portal-sync":
            let queued = try await PortalSyncCommands.run(Array(arguments.dropFirst()), config: config, logger: logger)
            print("national portal: \(queued) missing status records queued")
        case "move-blobs":
            let report = try await BlobCommands.move(config, logger: logger)
            print(report.summary)
            if !report.isComplete { exit(1) }
        default:
            print(
                "usage: motcua [serve | migrate | seed | create-admin USERNAME | create-api-key CLIENT | rebuild-statistics | sweep-blobs"
                    + " | move-blobs | audit verify | backup DEST | restore SRC | payments reconcile --date YYYY-MM-DD"
                    + " | portal-sync reconcile [--since YYYY-MM-DD]]")
            throw ConfigError.invalid(
                "command",
                "serve | migrate | seed | create-admin | create-api-key | rebuild-statistics | sweep-blobs | move-blobs | audit verify"
                    + " | backup | restore | payments reconcile | portal-sync reconcile")
        }
    }
}
