import Domain
import Foundation
import SQLKit

/// Deletes stored files that no row references (documents, results) once they are older than a
/// grace period: the leftovers of uploads whose row was never written. One instance at a time holds
/// the sweep (a lease in `maintenance_leases`). A file is never deleted while a row may come to
/// reference it: storing the same bytes again renews its modification time (`FileBlobStore.put`),
/// and each candidate is first moved aside, then checked again (still old, still unreferenced)
/// before it is deleted, or moved back. The database store is swept by `databasePass`.
public struct BlobSweeper: Sendable {
    let database: Database
    /// The directory store's folder; nil for the database store.
    let folder: URL?
    let graceSeconds: TimeInterval
    static let lease = "blob-sweep"
    /// How long a claim holds if the instance dies during a pass.
    static let leaseSeconds: TimeInterval = 600

    public init(database: Database, folder: String, graceSeconds: TimeInterval) {
        self.database = database
        self.folder = URL(fileURLWithPath: folder)
        self.graceSeconds = graceSeconds
    }

    /// The sweep of the database store (`DatabaseBlobStore`).
    public init(database: Database, graceSeconds: TimeInterval) {
        self.database = database
        self.folder = nil
        self.graceSeconds = graceSeconds
    }

    /// One pass at `now` (wall clock, as file times are) by `holder`: the number of files deleted,
    /// or nil when another instance holds the sweep.
    public func sweep(now: Date, holder: String) async throws -> Int? {
        let leases = MaintenanceLeases(database: database)
        guard try await leases.claim(Self.lease, holder: holder, now: now, seconds: Self.leaseSeconds) else { return nil }
        do {
            let deleted = try await pass(cutoff: now.addingTimeInterval(-graceSeconds))
            // A pass that deleted files leaves an audit line in the transaction that ends the lease.
            let audit = AuditEntry(actor: "system", action: "blobs.sweep", target: nil, detail: "\(deleted) files", at: now)
            try await leases.release(Self.lease, holder: holder, audit: deleted > 0 ? audit : nil)
            return deleted
        } catch {
            try? await leases.release(Self.lease, holder: holder)
            throw error
        }
    }

    /// Deletes the unreferenced files modified before `cutoff`; returns how many.
    func pass(cutoff: Date) async throws -> Int {
        guard let folder else { return try await databasePass(cutoff: cutoff) }
        var candidates: [String] = []
        let files = FileManager.default
        for shard in (try? files.contentsOfDirectory(atPath: folder.path)) ?? [] where shard.count == 2 {
            let directory = folder.appendingPathComponent(shard)
            for name in (try? files.contentsOfDirectory(atPath: directory.path)) ?? [] {
                let file = directory.appendingPathComponent(name)
                guard let modified = Self.modified(file), modified < cutoff else { continue }
                if name.count == 64, name.allSatisfy(\.isHexDigit) {
                    candidates.append(name)
                } else if name.hasSuffix(".tmp") {
                    try? files.removeItem(at: file)  // a write that never finished
                }
            }
        }
        var deleted = 0
        for start in stride(from: 0, to: candidates.count, by: 500) {
            let batch = Array(candidates[start..<min(start + 500, candidates.count)])
            let referenced = try await references(batch)
            for hash in batch where !referenced.contains(hash) {
                if try await delete(hash, in: folder, cutoff: cutoff) { deleted += 1 }
            }
        }
        return deleted
    }

    /// Moves the file aside, checks it again, and deletes it or moves it back.
    func delete(_ hash: String, in folder: URL, cutoff: Date) async throws -> Bool {
        let target = FileBlobStore.path(hash, in: folder)
        let aside = target.deletingLastPathComponent().appendingPathComponent(".\(hash).sweep")
        guard rename(target.path, aside.path) == 0 else { return false }
        let stillOld = Self.modified(aside).map { $0 < cutoff } ?? false
        let unreferenced: Bool
        do { unreferenced = try await references([hash]).isEmpty } catch {
            restore(aside, to: target)
            throw error
        }
        guard stillOld, unreferenced else {
            restore(aside, to: target)
            return false
        }
        try FileManager.default.removeItem(at: aside)
        return true
    }

    /// Puts a file moved aside back (over a copy of the same bytes stored again meanwhile).
    func restore(_ aside: URL, to target: URL) {
        if rename(aside.path, target.path) != 0 { try? FileManager.default.removeItem(at: aside) }
    }

    /// The hashes of `hashes` that a document or a result references.
    func references(_ hashes: [String]) async throws -> Set<String> {
        try await database.read { db in
            Set(
                try await db.raw(
                    """
                    SELECT sha256 FROM documents WHERE sha256 IN (\(binds: hashes))
                    UNION SELECT sha256 FROM results WHERE sha256 IN (\(binds: hashes))
                    """
                ).all().map { try $0.string("sha256") })
        }
    }

    static func modified(_ file: URL) -> Date? {
        (try? FileManager.default.attributesOfItem(atPath: file.path))?[.modificationDate] as? Date
    }
}
