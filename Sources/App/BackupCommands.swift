import Foundation
import Logging
import Persistence

/// `motcua backup DEST` and `motcua restore SRC` for the embedded SQLite deployment (PostgreSQL:
/// docs/backup.md). A restore checks the copy, every blob's hash and the audit chain.
public enum BackupCommands {
    /// What a restore found: the blob check and the audit chain's verification.
    public struct RestoreResult: Sendable {
        public let manifest: SQLiteBackup.Manifest
        public let blobs: SQLiteBackup.BlobCheck
        public let audit: AuditVerification
        public var isIntact: Bool { blobs.mismatched.isEmpty && audit.isIntact }
        public var summary: String {
            "restored the backup of \(manifest.createdAt) (schema \(manifest.schemaVersion)); blobs checked: \(blobs.checked), "
                + "mismatched: \(blobs.mismatched.count)\(blobs.mismatched.isEmpty ? "" : " (\(blobs.mismatched.joined(separator: ", ")))"); "
                + audit.summary
        }
    }

    /// Copies the database of `config` (SQLite) and its blob store into `destination`.
    public static func backup(_ config: AppConfig, into destination: String, logger: Logger) async throws -> SQLiteBackup.Manifest {
        guard config.databaseURL == nil else {
            throw ConfigError.invalid("backup", "the embedded SQLite database (on PostgreSQL: pg_basebackup or pg_dump, docs/backup.md)")
        }
        let database = try openDatabase(config, logger: logger)
        do {
            let manifest = try await SQLiteBackup.backup(
                database, blobs: URL(fileURLWithPath: config.dataDirectory).appendingPathComponent("blobs"),
                into: URL(fileURLWithPath: destination), now: Date())
            await database.shutdown()
            return manifest
        } catch {
            await database.shutdown()
            throw error
        }
    }

    /// Restores the backup in `source` into the empty `DATA_DIR` of `config`, then verifies it.
    public static func restore(_ config: AppConfig, from source: String, logger: Logger) async throws -> RestoreResult {
        guard config.databaseURL == nil else {
            throw ConfigError.invalid("restore", "the embedded SQLite database (on PostgreSQL: pg_restore, docs/backup.md)")
        }
        let (manifest, blobs) = try SQLiteBackup.restore(
            from: URL(fileURLWithPath: source), into: URL(fileURLWithPath: config.dataDirectory))
        let audit = try await AuditCommands.verify(config, logger: logger)
        return RestoreResult(manifest: manifest, blobs: blobs, audit: audit)
    }
}
