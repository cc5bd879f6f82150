import App
import Foundation
import Logging
import Persistence
import SQLKit
import TestSupport
import Testing

/// `motcua backup` taken while receipts are being written, restored into a fresh folder: every
/// receipt acknowledged before the backup started is there, the audit chain and every blob verify.
@Suite("Backup and restore")
struct BackupRestoreTests {
    @Test("a backup under load restores every acknowledged receipt; audit chain and blob hashes verify; non-empty folders refused")
    func backupUnderLoad() async throws {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("motcua-backup-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: scratch) }
        let logger = Logger(label: "test")
        try await withApp(.sqlite, setup: .ahc()) { api, db in
            let desk = try await api.login("tiepnhan.hacthanh")
            let store = try FileBlobStore(folder: db.directory.appendingPathComponent("blobs").path)
            for index in 0..<20 {
                _ = try await store.put(Array("document \(index) ".utf8) + [UInt8](repeating: UInt8(index), count: 4096))
            }
            let acknowledged = Acknowledged()
            // Three counter officers' worth of receipts at once, so that writes are in flight while the backup runs.
            let writers = (0..<3).map { _ in
                Task {
                    while !Task.isCancelled {
                        let receipt = try await api.receive(desk)
                        await acknowledged.add(receipt.code)
                    }
                }
            }
            while await acknowledged.count < 10 { try await Task.sleep(for: .milliseconds(20)) }
            let before = await acknowledged.codes
            let config = try AppConfig(environment: db.environment)
            let destination = scratch.appendingPathComponent("backup")
            let manifest = try await BackupCommands.backup(config, into: destination.path, logger: logger)
            let duringBackup = await acknowledged.count - before.count
            for writer in writers { writer.cancel() }
            for writer in writers { _ = await writer.result }
            #expect(manifest.blobCount == 20 && manifest.database.sha256.count == 64, "\(manifest)")

            await #expect(throws: (any Error).self) { try await BackupCommands.backup(config, into: destination.path, logger: logger) }

            let restoredFolder = scratch.appendingPathComponent("restored")
            let restoredConfig = try AppConfig(environment: db.environment.merging(["DATA_DIR": restoredFolder.path]) { $1 })
            let result = try await BackupCommands.restore(restoredConfig, from: destination.path, logger: logger)
            #expect(result.isIntact, "\(result.summary)")
            #expect(result.blobs.checked == 20 && result.audit.lines > 0, "\(result.summary)")

            let restored = try Database.sqlite(path: restoredFolder.appendingPathComponent("motcua.sqlite").path, logger: logger)
            let codes = try await restored.read { sql in
                try await sql.raw("SELECT code FROM dossiers").all().map { try $0.decode(column: "code", as: String.self) }
            }
            await restored.shutdown()
            let missing = before.subtracting(codes)
            #expect(missing.isEmpty, "acknowledged before the backup but not restored: \(missing.sorted())")
            #expect(codes.count == Set(codes).count)
            print("backup under load: \(before.count) receipts acknowledged before it, \(duringBackup) during it; \(codes.count) restored")

            // A second restore into the now non-empty folder is refused and leaves it as it was.
            await #expect(throws: (any Error).self) {
                try await BackupCommands.restore(restoredConfig, from: destination.path, logger: logger)
            }
            // A damaged blob is reported by the check.
            let blob = try #require(
                FileManager.default.enumerator(atPath: restoredFolder.appendingPathComponent("blobs").path)?
                    .compactMap { $0 as? String }.first { $0.count > 60 })
            try Data("tampered".utf8).write(to: restoredFolder.appendingPathComponent("blobs").appendingPathComponent(blob))
            let check = try SQLiteBackup.verifyBlobs(in: restoredFolder.appendingPathComponent("blobs"))
            #expect(check.checked == 20 && check.mismatched.count == 1)
        }
    }
}

extension BackupRestoreTests {
    @Test(
        "on PostgreSQL, backup and restore refuse and point at pg_basebackup and pg_restore",
        arguments: Backend.available.filter { $0 == .postgres })
    func postgresRefused(_ backend: Backend) async throws {
        let db = try await TestDatabase.make(backend)
        defer { Task { await db.destroy() } }
        let config = try AppConfig(environment: db.environment)
        let backup = await #expect(throws: ConfigError.self) {
            try await BackupCommands.backup(config, into: db.directory.appendingPathComponent("b").path, logger: Logger(label: "test"))
        }
        #expect(backup?.description.contains("pg_basebackup") == true)
        let restore = await #expect(throws: ConfigError.self) {
            try await BackupCommands.restore(config, from: db.directory.path, logger: Logger(label: "test"))
        }
        #expect(restore?.description.contains("pg_restore") == true)
    }
}

/// The receipt codes the server acknowledged to the writers.
actor Acknowledged {
    private(set) var codes: Set<String> = []
    var count: Int { codes.count }
    func add(_ code: String) { codes.insert(code) }
}
