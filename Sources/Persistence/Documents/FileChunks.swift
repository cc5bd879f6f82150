import Foundation

/// A file read piece by piece for a streamed download; closed at its end (or when the stream is dropped).
actor FileChunks {
    let handle: FileHandle
    let size: Int
    var open = true

    init(handle: FileHandle, size: Int) {
        self.handle = handle
        self.size = size
    }

    /// The next piece of at most `size` bytes, or nil at the end of the file.
    func next() throws -> [UInt8]? {
        guard open else { return nil }
        if let data = try handle.read(upToCount: size), !data.isEmpty { return [UInt8](data) }
        open = false
        try handle.close()
        return nil
    }

    /// The pieces of `handle` as a stream read on demand.
    static func stream(_ handle: FileHandle, size: Int) -> AsyncThrowingStream<[UInt8], any Error> {
        let file = FileChunks(handle: handle, size: size)
        return AsyncThrowingStream(unfolding: { try await file.next() })
    }
}
