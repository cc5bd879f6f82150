import Domain
import Foundation
import Logging
import Persistence

/// `motcua move-blobs`: copies the files of the directory store (`BLOB_DIRECTORY`) into the database
/// store, checking every hash; safe to run again. Exits with 1 when a file was corrupted or not read back intact.
enum BlobCommands {
    static func move(_ config: AppConfig, logger: Logger) async throws -> BlobMover.Report {
        let database = try openDatabase(config, logger: logger)
        do {
            guard database.dialect == .postgres else {
                throw ConfigError.invalid("move-blobs", "a PostgreSQL DATABASE_URL (the database store is PostgreSQL's)")
            }
            try await prepare(database, config: config, logger: logger)
            let report = try await BlobMover(folder: config.blobDirectory, target: DatabaseBlobStore(database: database)).run()
            try await SQLAuditLog(database: database).record(
                AuditEntry(
                    actor: "cli", action: "blobs.move", target: nil,
                    detail: "\(report.copied) copied, \(report.present) present, \(report.corrupted.count) corrupted, "
                        + "\(report.failed.count) failed", at: Date()))
            await database.shutdown()
            return report
        } catch {
            await database.shutdown()
            throw error
        }
    }
}
