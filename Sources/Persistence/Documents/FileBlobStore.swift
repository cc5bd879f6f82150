import Crypto
import Domain
import Foundation

/// Files under `<folder>/<first two hex digits>/<sha256>`, written to a temporary name and
/// renamed into place, so a crash never leaves a partial file under a valid name.
public struct FileBlobStore: BlobStore {
    let folder: URL

    /// A store in `folder` (created when missing), which must not be served publicly.
    public init(folder: String) throws {
        self.folder = URL(fileURLWithPath: folder)
        try FileManager.default.createDirectory(at: self.folder, withIntermediateDirectories: true)
    }

    public func put(_ bytes: [UInt8]) async throws -> String {
        let hash = Self.hex(SHA256.hash(data: bytes))
        let target = path(hash)
        // Already stored: its modification time renewed, so the sweep's grace period starts again
        // for the row about to reference it (fails when the sweep has just moved it: then written anew).
        if utimes(target.path, nil) == 0 { return hash }
        try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
        let temporary = target.deletingLastPathComponent().appendingPathComponent(".\(hash).\(UUID().uuidString).tmp")
        try Data(bytes).write(to: temporary)
        if rename(temporary.path, target.path) != 0 {
            try? FileManager.default.removeItem(at: temporary)
            if !FileManager.default.fileExists(atPath: target.path) { throw CocoaError(.fileWriteUnknown) }
        }
        return hash
    }

    public func get(_ sha256: String) async throws -> [UInt8]? {
        guard Self.isHash(sha256) else { return nil }
        guard let data = FileManager.default.contents(atPath: path(sha256).path) else { return nil }
        return [UInt8](data)
    }

    public func chunks(_ sha256: String) async throws -> AsyncThrowingStream<[UInt8], any Error>? {
        guard Self.isHash(sha256), let handle = FileHandle(forReadingAtPath: path(sha256).path) else { return nil }
        return FileChunks.stream(handle, size: DatabaseBlobStore.defaultChunkSize)
    }

    func path(_ hash: String) -> URL { Self.path(hash, in: folder) }

    /// Where the file of `hash` lives in a store's `folder` (also read by `BlobSweeper`).
    static func path(_ hash: String, in folder: URL) -> URL {
        folder.appendingPathComponent(String(hash.prefix(2))).appendingPathComponent(hash)
    }

    /// The hashes of the files in a store's `folder` (read by `BlobMover`).
    static func hashes(in folder: URL) -> [String] {
        let files = FileManager.default
        return ((try? files.contentsOfDirectory(atPath: folder.path)) ?? []).filter { $0.count == 2 }.sorted().flatMap { shard in
            ((try? files.contentsOfDirectory(atPath: folder.appendingPathComponent(shard).path)) ?? []).filter(isHash).sorted()
        }
    }

    /// Whether `name` is a hex SHA-256, as the stores name files.
    static func isHash(_ name: String) -> Bool { name.count == 64 && name.allSatisfy(\.isHexDigit) }

    /// The hex form of a digest.
    static func hex(_ digest: SHA256.Digest) -> String { digest.map { String(format: "%02x", $0) }.joined() }
}
