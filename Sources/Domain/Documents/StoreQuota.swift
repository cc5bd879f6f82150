/// How much a citizen may keep in their document store: files and bytes of their own uploads
/// (signed results do not count). Over either, an upload is refused (413) before it is stored.
public struct StoreQuota: Sendable, Hashable {
    public var maxFiles: Int
    public var maxBytes: Int

    public init(maxFiles: Int, maxBytes: Int) {
        self.maxFiles = maxFiles
        self.maxBytes = maxBytes
    }

    /// No limit (officers' uploads, tests of other rules).
    public static let unlimited = StoreQuota(maxFiles: .max, maxBytes: .max)

    /// Throws `upload.storeFull` (413) when `used` plus `adding` (the sizes of new files) exceeds the quota.
    public func check(used: StoreUsage, adding sizes: [Int]) throws {
        let files = used.files + sizes.count
        let bytes = used.bytes + sizes.reduce(0, +)
        guard files <= maxFiles, bytes <= maxBytes else {
            throw DomainError(.payloadTooLarge, "upload.storeFull", ["files": String(maxFiles), "mb": String(maxBytes / (1 << 20))])
        }
    }
}

/// What a citizen's own uploads take in the document store.
public struct StoreUsage: Sendable, Hashable {
    public var files: Int
    public var bytes: Int

    public init(files: Int, bytes: Int) {
        self.files = files
        self.bytes = bytes
    }
}
