import Crypto
import Foundation
import SQLKit

/// `motcua backup` and `motcua restore` for the embedded database: an online, consistent copy of
/// the SQLite file (`VACUUM INTO`, a snapshot as of its start while writers carry on) and of the
/// blob store, described by a manifest written last; and its restore into an empty data folder,
/// which checks the copy against the manifest and every blob's hash against its name.
public enum SQLiteBackup {
    /// What a backup folder holds: written last, so a folder without it is an interrupted backup.
    public struct Manifest: Codable, Sendable, Equatable {
        /// A file of the backup: its name in the folder, size and SHA-256.
        public struct File: Codable, Sendable, Equatable {
            public let name: String
            public let bytes: Int64
            public let sha256: String
        }

        public let format: Int
        /// When the snapshot was taken (ISO 8601, UTC).
        public let createdAt: String
        /// The highest migration applied to the copied database.
        public let schemaVersion: Int
        public let database: File
        public let blobCount: Int
        public let blobBytes: Int64
    }

    /// What a restore found: the blobs checked and those whose content does not match their name.
    public struct BlobCheck: Sendable {
        public let checked: Int
        public let mismatched: [String]
    }

    static let manifestName = "manifest.json"
    static let databaseName = "motcua.sqlite"
    static let blobsName = "blobs"

    /// Copies `database` and the blob folder `blobs` into `destination` (absent or empty).
    public static func backup(_ database: Database, blobs: URL, into destination: URL, now: Date) async throws -> Manifest {
        guard database.dialect == .sqlite else {
            throw BackupError(
                "motcua backup copies the embedded SQLite database; on PostgreSQL use pg_basebackup or pg_dump (docs/backup.md)")
        }
        try prepareEmpty(destination, what: "backup destination")
        let copy = destination.appendingPathComponent(databaseName)
        let schemaVersion = try await database.read { db in
            try await db.raw("SELECT MAX(version) AS v FROM schema_migrations").first()?.decode(column: "v", as: Int?.self) ?? 0
        }
        // The database first: every blob a copied row names was stored before that row was committed.
        try await database.read { db in try await db.raw("VACUUM INTO \(bind: copy.path)").run() }
        var blobCount = 0
        var blobBytes: Int64 = 0
        let target = destination.appendingPathComponent(blobsName)
        try FileManager.default.createDirectory(at: target, withIntermediateDirectories: true)
        for file in try blobFiles(in: blobs) {
            let folder = target.appendingPathComponent(file.deletingLastPathComponent().lastPathComponent)
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try FileManager.default.copyItem(at: file, to: folder.appendingPathComponent(file.lastPathComponent))
            blobCount += 1
            blobBytes += try size(file)
        }
        let formatter = ISO8601DateFormatter()
        let manifest = Manifest(
            format: 1, createdAt: formatter.string(from: now), schemaVersion: schemaVersion,
            database: .init(name: databaseName, bytes: try size(copy), sha256: try sha256(of: copy)),
            blobCount: blobCount, blobBytes: blobBytes)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try encoder.encode(manifest).write(to: destination.appendingPathComponent(manifestName), options: .atomic)
        return manifest
    }

    /// Restores the backup in `source` into `dataDirectory` (absent or empty): checks the database
    /// copy against the manifest, copies it and the blobs, then checks every blob's hash.
    public static func restore(from source: URL, into dataDirectory: URL) throws -> (Manifest, BlobCheck) {
        guard let data = FileManager.default.contents(atPath: source.appendingPathComponent(manifestName).path),
            let manifest = try? JSONDecoder().decode(Manifest.self, from: data)
        else { throw BackupError("\(source.path) holds no \(manifestName): not a complete backup") }
        let copy = source.appendingPathComponent(manifest.database.name)
        guard FileManager.default.fileExists(atPath: copy.path), try sha256(of: copy) == manifest.database.sha256 else {
            throw BackupError("the database copy in \(source.path) does not match its manifest's SHA-256")
        }
        try prepareEmpty(dataDirectory, what: "DATA_DIR")
        try FileManager.default.copyItem(at: copy, to: dataDirectory.appendingPathComponent(databaseName))
        let blobs = dataDirectory.appendingPathComponent(blobsName)
        if FileManager.default.fileExists(atPath: source.appendingPathComponent(blobsName).path) {
            try FileManager.default.copyItem(at: source.appendingPathComponent(blobsName), to: blobs)
        } else {
            try FileManager.default.createDirectory(at: blobs, withIntermediateDirectories: true)
        }
        return (manifest, try verifyBlobs(in: blobs))
    }

    /// Hashes every stored blob and compares the hash with the file's name (and folder).
    public static func verifyBlobs(in folder: URL) throws -> BlobCheck {
        var checked = 0
        var mismatched: [String] = []
        for file in try blobFiles(in: folder) {
            let name = file.lastPathComponent
            checked += 1
            if try sha256(of: file) != name || file.deletingLastPathComponent().lastPathComponent != String(name.prefix(2)) {
                mismatched.append(name)
            }
        }
        return BlobCheck(checked: checked, mismatched: mismatched)
    }

    /// The stored blobs (`xx/<sha256>`), without the temporary files of writes in progress.
    static func blobFiles(in folder: URL) throws -> [URL] {
        guard FileManager.default.fileExists(atPath: folder.path) else { return [] }
        var files: [URL] = []
        for prefix in try FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil) {
            guard !prefix.lastPathComponent.hasPrefix("."),
                let names = try? FileManager.default.contentsOfDirectory(at: prefix, includingPropertiesForKeys: nil)
            else { continue }
            files += names.filter { !$0.lastPathComponent.hasPrefix(".") }
        }
        return files.sorted { $0.path < $1.path }
    }

    static func prepareEmpty(_ folder: URL, what: String) throws {
        if let entries = try? FileManager.default.contentsOfDirectory(atPath: folder.path), !entries.isEmpty {
            throw BackupError("\(what) \(folder.path) is not empty; nothing was written")
        }
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    static func size(_ file: URL) throws -> Int64 {
        (try FileManager.default.attributesOfItem(atPath: file.path)[.size] as? NSNumber)?.int64Value ?? 0
    }

    /// The file's SHA-256 in hex, read 1 MiB at a time.
    static func sha256(of file: URL) throws -> String {
        let handle = try FileHandle(forReadingFrom: file)
        defer { try? handle.close() }
        var hasher = SHA256()
        while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty { hasher.update(data: chunk) }
        return hasher.finalize().map { String(format: "%02x", $0) }.joined()
    }
}

/// A backup or restore that cannot be done, with the reason for the operator.
public struct BackupError: Error, CustomStringConvertible {
    public let description: String

    init(_ description: String) { self.description = description }
}
