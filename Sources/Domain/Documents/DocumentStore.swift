import Foundation

/// What the platform accepts as a file, and where it keeps it: PDF, JPEG or PNG recognised by
/// content, within the size limit, its bytes in the blob store and its record in the documents.
public struct DocumentStore: Sendable {
    let documents: any DocumentRepository
    let blobs: any BlobStore
    /// The largest file accepted.
    public let maxBytes: Int
    /// What each citizen may keep.
    public let quota: StoreQuota

    public init(documents: any DocumentRepository, blobs: any BlobStore, maxBytes: Int, quota: StoreQuota = .unlimited) {
        self.documents = documents
        self.blobs = blobs
        self.maxBytes = maxBytes
        self.quota = quota
    }

    /// Throws `upload.storeFull` when files of `sizes` would take `citizenId` over the quota.
    public func checkQuota(citizenId: Int64, adding sizes: [Int]) async throws {
        try quota.check(used: try await documents.usage(citizenId: citizenId), adding: sizes)
    }

    /// The type of `bytes` when they are within the size limit and one of `allowed`; throws the
    /// size error or `wrongType` otherwise.
    public func check(
        _ bytes: [UInt8], allowed: Set<MediaType> = Set(MediaType.allCases), wrongType: String = "upload.badType"
    ) throws -> MediaType {
        guard bytes.count <= maxBytes else {
            throw DomainError(.payloadTooLarge, "upload.tooLarge", ["limit": String(maxBytes / (1 << 20))])
        }
        guard let type = MediaType.sniff(bytes), allowed.contains(type) else { throw DomainError(.unsupportedMediaType, wrongType) }
        return type
    }

    /// Checks `bytes` (type, size, the citizen's quota) and stores them as a document of `citizenId`
    /// (nil: owned by the agency until signed).
    public func store(_ bytes: [UInt8], fileName: String?, title: String, citizenId: Int64?, now: Date) async throws
        -> StoredDocument
    {
        let type = try check(bytes)
        if let citizenId { try await checkQuota(citizenId: citizenId, adding: [bytes.count]) }
        let hash = try await blobs.put(bytes)
        let document = StoredDocument(
            citizenId: citizenId, sha256: hash, mediaType: type, size: bytes.count,
            fileName: Self.safeFileName(fileName ?? "", type: type), kind: .upload, title: String(title.prefix(500)),
            createdAt: now)
        // Checked again in the row's transaction: two uploads at once cannot both pass the quota.
        return try await citizenId == nil ? documents.add(document) : documents.add(document, within: quota)
    }

    /// A file name safe to store and to send back: no folders, no control characters, the
    /// extension of the real type, at most 120 characters.
    public static func safeFileName(_ raw: String, type: MediaType) -> String {
        let base = raw.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init) ?? ""
        var stem = base.filter { !$0.isNewline && $0 != "\"" && !($0.asciiValue.map { $0 < 32 } ?? false) }
        if let dot = stem.lastIndex(of: ".") { stem = String(stem[..<dot]) }
        stem = String(stem.prefix(100)).trimmingCharacters(in: .whitespaces)
        return (stem.isEmpty ? "tai-lieu" : stem) + "." + type.fileExtension
    }
}
