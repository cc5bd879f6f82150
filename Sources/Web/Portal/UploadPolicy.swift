import Domain
import Foundation

/// What the portal accepts as a file: PDF, JPEG or PNG recognised by content, within the size
/// limit. Accepted files go into the blob store and the citizen's document store.
struct UploadPolicy: Sendable {
    let documents: any DocumentRepository
    let blobs: any BlobStore
    let maxBytes: Int

    /// The type of `part` when it is within the size limit and one of `allowed`; throws the size
    /// error or `wrongType` otherwise.
    func check(
        _ part: MultipartForm.Part, allowed: Set<MediaType> = Set(MediaType.allCases),
        wrongType: String = "upload.badType"
    ) throws -> MediaType {
        guard part.bytes.count <= maxBytes else {
            throw DomainError(.payloadTooLarge, "upload.tooLarge", ["limit": String(maxBytes / (1 << 20))])
        }
        guard let type = MediaType.sniff(part.bytes), allowed.contains(type) else { throw DomainError(.unsupportedMediaType, wrongType) }
        return type
    }

    /// Checks `part` and stores it as a document of `citizenId` (nil: owned by the agency until signed).
    func store(_ part: MultipartForm.Part, title: String, citizenId: Int64?, now: Date) async throws -> StoredDocument {
        let type = try check(part)
        let hash = try await blobs.put(part.bytes)
        let name = Self.safeFileName(part.fileName ?? "", type: type)
        return try await documents.add(
            StoredDocument(
                citizenId: citizenId, sha256: hash, mediaType: type, size: part.bytes.count,
                fileName: name, kind: .upload, title: String(title.prefix(500)), createdAt: now))
    }

    /// A file name safe to store and to send back: no folders, no control characters, the
    /// extension of the real type, at most 120 characters.
    static func safeFileName(_ raw: String, type: MediaType) -> String {
        let base = raw.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init) ?? ""
        var stem = base.filter { !$0.isNewline && $0 != "\"" && !($0.asciiValue.map { $0 < 32 } ?? false) }
        if let dot = stem.lastIndex(of: ".") { stem = String(stem[..<dot]) }
        stem = String(stem.prefix(100)).trimmingCharacters(in: .whitespaces)
        return (stem.isEmpty ? "tai-lieu" : stem) + "." + type.fileExtension
    }
}
