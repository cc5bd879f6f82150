import Domain
import Foundation

/// Uploaded form parts into the document store (`DocumentStore`): PDF, JPEG or PNG recognised by
/// content, within the size limit and the citizen's quota.
struct UploadPolicy: Sendable {
    let store: DocumentStore
    /// The documents and the blobs, for reading stored files back.
    let documents: any DocumentRepository
    let blobs: any BlobStore

    init(documents: any DocumentRepository, blobs: any BlobStore, maxBytes: Int, quota: StoreQuota = .unlimited) {
        store = DocumentStore(documents: documents, blobs: blobs, maxBytes: maxBytes, quota: quota)
        self.documents = documents
        self.blobs = blobs
    }

    /// The largest file accepted.
    var maxBytes: Int { store.maxBytes }

    /// The type of `part` when it is within the size limit and one of `allowed`; throws the size
    /// error or `wrongType` otherwise.
    func check(
        _ part: MultipartForm.Part, allowed: Set<MediaType> = Set(MediaType.allCases),
        wrongType: String = "upload.badType"
    ) throws -> MediaType {
        try store.check(part.bytes, allowed: allowed, wrongType: wrongType)
    }

    /// Throws `upload.storeFull` (413) when `parts` would take `citizenId` over the store quota.
    func checkQuota(_ parts: [MultipartForm.Part], citizenId: Int64) async throws {
        try await store.checkQuota(citizenId: citizenId, adding: parts.map(\.bytes.count))
    }

    /// Checks `part` and stores it as a document of `citizenId` (nil: owned by the agency until signed).
    func store(_ part: MultipartForm.Part, title: String, citizenId: Int64?, now: Date) async throws -> StoredDocument {
        try await store.store(part.bytes, fileName: part.fileName, title: title, citizenId: citizenId, now: now)
    }

    /// A file name safe to store and to send back.
    static func safeFileName(_ raw: String, type: MediaType) -> String { DocumentStore.safeFileName(raw, type: type) }
}
