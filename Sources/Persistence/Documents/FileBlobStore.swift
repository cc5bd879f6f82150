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
        let hash = SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined()
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
        guard sha256.count == 64, sha256.allSatisfy(\.isHexDigit) else { return nil }
        guard let data = FileManager.default.contents(atPath: path(sha256).path) else { return nil }
        return [UInt8](data)
    }

    func path(_ hash: String) -> URL { Self.path(hash, in: folder) }

    /// Where the file of `hash` lives in a store's `folder` (also read by `BlobSweeper`).
    static func path(_ hash: String, in folder: URL) -> URL {
        folder.appendingPathComponent(String(hash.prefix(2))).appendingPathComponent(hash)
    }
}
