import Crypto
import Domain
import Foundation
import NIOCore
import SQLKit

/// Files in the shared database (PostgreSQL), so that every instance serves every file: one row in
/// `blobs` per content (its SHA-256, size, and when a row last came to reference it) and the bytes
/// in `blob_chunks`, pieces of `chunkSize` bytes. Stored once per content, each file in one
/// transaction (never half-stored), and read back one piece per query.
public struct DatabaseBlobStore: BlobStore {
    let database: Database
    let chunkSize: Int
    /// The size of a piece: large enough for few rows, small enough to stream a download.
    public static let defaultChunkSize = 256 << 10

    public init(database: Database, chunkSize: Int = DatabaseBlobStore.defaultChunkSize) {
        precondition(chunkSize > 0, "chunk size")
        self.database = database
        self.chunkSize = chunkSize
    }

    /// Stores `bytes` unless the same content is stored already: then only its `touched_at` is renewed,
    /// so the sweep's grace period starts again for the row about to reference it (times are on the
    /// wall clock, as the sweep's are). The row lock this takes makes a concurrent sweep keep the blob.
    public func put(_ bytes: [UInt8]) async throws -> String {
        let hash = FileBlobStore.hex(SHA256.hash(data: bytes))
        let now = Stored.millis(Date())
        let chunkSize = chunkSize
        try await database.transaction { db in
            let inserted = try await db.raw(
                """
                INSERT INTO blobs (sha256, size, created_at, touched_at)
                VALUES (\(bind: hash), \(bind: bytes.count), \(bind: now), \(bind: now))
                ON CONFLICT (sha256) DO UPDATE SET touched_at = EXCLUDED.touched_at RETURNING (xmax = 0) AS inserted
                """
            ).first()?.decode(column: "inserted", as: Bool.self)
            guard inserted == true else { return }
            for (seq, start) in stride(from: 0, to: bytes.count, by: chunkSize).enumerated() {
                let piece = ByteBuffer(bytes: bytes[start..<min(start + chunkSize, bytes.count)])
                try await db.raw(
                    "INSERT INTO blob_chunks (sha256, seq, data) VALUES (\(bind: hash), \(bind: seq), \(bind: piece))"
                ).run()
            }
        }
        return hash
    }

    public func get(_ sha256: String) async throws -> [UInt8]? {
        guard let stream = try await chunks(sha256) else { return nil }
        var bytes: [UInt8] = []
        for try await piece in stream { bytes += piece }
        return bytes
    }

    /// The pieces in order, each read by its own query when the consumer asks for it (a slow
    /// download holds no connection between two pieces); throws when a piece is missing.
    public func chunks(_ sha256: String) async throws -> AsyncThrowingStream<[UInt8], any Error>? {
        guard FileBlobStore.isHash(sha256) else { return nil }
        let database = database
        let row = try await database.read { db in
            try await db.raw("SELECT size FROM blobs WHERE sha256 = \(bind: sha256)").first()
        }
        guard let size = try row?.decode(column: "size", as: Int.self) else { return nil }
        let cursor = ChunkCursor()
        return AsyncThrowingStream(unfolding: {
            guard let seq = await cursor.next(size: size) else { return nil }
            let piece = try await database.read { db in
                try await db.raw("SELECT data FROM blob_chunks WHERE sha256 = \(bind: sha256) AND seq = \(bind: seq)").first()?
                    .decode(column: "data", as: ByteBuffer.self)
            }
            guard let piece, piece.readableBytes > 0 else { throw BlobStoreError.missingChunk(sha256, seq) }
            await cursor.advance(piece.readableBytes)
            return Array(piece.readableBytesView)
        })
    }

    /// Whether content is stored under `sha256`.
    public func contains(_ sha256: String) async throws -> Bool {
        try await database.read { db in
            try await db.raw("SELECT 1 AS found FROM blobs WHERE sha256 = \(bind: sha256)").first() != nil
        }
    }
}

/// Where a streamed read is: the next piece's number and the bytes read so far.
private actor ChunkCursor {
    var seq = 0
    var read = 0

    /// The number of the next piece, or nil once `size` bytes were read.
    func next(size: Int) -> Int? { read < size ? seq : nil }

    func advance(_ count: Int) {
        seq += 1
        read += count
    }
}

/// A stored file that cannot be read back whole.
public enum BlobStoreError: Error, CustomStringConvertible {
    case missingChunk(String, Int)
    public var description: String {
        switch self {
        case .missingChunk(let hash, let seq): "blob \(hash): piece \(seq) is missing"
        }
    }
}
