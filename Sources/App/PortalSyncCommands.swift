import Domain
import Foundation
import Logging
import Persistence

/// `motcua portal-sync reconcile [--since YYYY-MM-DD]`: every change of a dossier's state since the day (Vietnam's time;
/// the whole history without it) that has no status record for the national portal is queued, and sent by the running
/// instances' sync.
public enum PortalSyncCommands {
    /// Runs the command's `arguments` (after `portal-sync`); returns how many records were queued.
    static func run(_ arguments: [String], config: AppConfig, logger: Logger) async throws -> Int {
        let usage = ConfigError.invalid("portal-sync", "motcua portal-sync reconcile [--since YYYY-MM-DD]")
        guard arguments.first == "reconcile" else { throw usage }
        switch arguments.count {
        case 1: return try await reconcile(config, since: nil, logger: logger)
        case 3:
            guard arguments[1] == "--since", let day = LocalDate(iso: arguments[2]) else { throw usage }
            return try await reconcile(config, since: day, logger: logger)
        default: throw usage
        }
    }

    /// The reconciliation on the database `config` names, from the start of `since` at UTC+7.
    public static func reconcile(_ config: AppConfig, since: LocalDate?, logger: Logger) async throws -> Int {
        let database = try openDatabase(config, logger: logger)
        do {
            try await Migrator.migrate(database)
            let service = PortalSyncService(
                records: SQLPortalSyncRepository(database: database), catalogue: SQLCatalogueRepository(database: database), clock: .system)
            let queued = try await service.reconcile(
                since: since?.startInstant(utcOffsetSeconds: 7 * 3600), by: AuditActor(name: "cli", address: nil))
            await database.shutdown()
            return queued
        } catch {
            await database.shutdown()
            throw error
        }
    }
}
