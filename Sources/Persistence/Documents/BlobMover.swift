import Crypto
import Foundation

/// Copies every file of a directory store into the database store (`motcua move-blobs`), checking
/// each SHA-256 twice: of the file (one whose bytes no longer match its name is reported and left
/// out) and of what the database returns. Content already in the database is checked, not written
/// again, so the command may be run again (after an interruption, or to pick up late files).
public struct BlobMover: Sendable {
    let folder: URL
    let target: DatabaseBlobStore

    public init(folder: String, target: DatabaseBlobStore) {
        self.folder = URL(fileURLWithPath: folder)
        self.target = target
    }

    /// What a run did, file by file.
    public struct Report: Sendable, Equatable {
        /// Files written to the database and read back intact.
        public var copied = 0
        /// Files the database already held intact.
        public var present = 0
        /// Files whose bytes do not match their name: not imported.
        public var corrupted: [String] = []
        /// Files the database does not return intact.
        public var failed: [String] = []

        public var isComplete: Bool { corrupted.isEmpty && failed.isEmpty }
        public var summary: String {
            "blobs copied: \(copied), already in the database: \(present), corrupted files (not imported): \(corrupted.count)"
                + ", unreadable after copying: \(failed.count)"
                + (corrupted + failed).map { "\n  \($0)" }.joined()
        }
    }

    /// Copies and checks every file; the files themselves are left in place.
    public func run() async throws -> Report {
        var report = Report()
        for hash in FileBlobStore.hashes(in: folder) {
            guard let data = FileManager.default.contents(atPath: FileBlobStore.path(hash, in: folder).path) else { continue }
            let bytes = [UInt8](data)
            guard FileBlobStore.hex(SHA256.hash(data: bytes)) == hash else {
                report.corrupted.append(hash)
                continue
            }
            let present = try await target.contains(hash)
            if !present { _ = try await target.put(bytes) }
            guard try await readBack(hash) == hash else {
                report.failed.append(hash)
                continue
            }
            if present { report.present += 1 } else { report.copied += 1 }
        }
        return report
    }

    /// The SHA-256 of what the database returns for `hash`, read piece by piece.
    func readBack(_ hash: String) async throws -> String? {
        guard let pieces = try await target.chunks(hash) else { return nil }
        var hasher = SHA256()
        do {
            for try await piece in pieces { hasher.update(data: piece) }
        } catch is BlobStoreError {
            return nil
        }
        return FileBlobStore.hex(hasher.finalize())
    }
}
