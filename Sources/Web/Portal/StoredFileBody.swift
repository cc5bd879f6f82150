import Domain
import Hummingbird

extension BlobStore {
    /// The body of a download of `sha256`, read from the store piece by piece as it is sent (a large
    /// file is never held whole); nil when nothing is stored under it.
    func body(_ sha256: String) async throws -> ResponseBody? {
        guard let pieces = try await chunks(sha256) else { return nil }
        return ResponseBody { writer in
            for try await piece in pieces { try await writer.write(ByteBuffer(bytes: piece)) }
            try await writer.finish(nil)
        }
    }
}
