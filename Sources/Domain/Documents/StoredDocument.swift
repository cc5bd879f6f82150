import Foundation

/// Where a document in a citizen's store came from.
public enum DocumentKind: String, Codable, Sendable, CaseIterable {
    /// Uploaded by the citizen.
    case upload
    /// A signed result of one of their dossiers.
    case result
}

/// A file in the document store, owned by a citizen (or by nobody for a counter dossier's result).
/// The bytes live in the blob store under their SHA-256.
public struct StoredDocument: Codable, Sendable, Hashable {
    public var id: Int64
    public var citizenId: Int64?
    public var sha256: String
    public var mediaType: MediaType
    public var size: Int
    public var fileName: String
    public var kind: DocumentKind
    /// What the document is (the requirement it was uploaded for, or the result's name).
    public var title: String
    /// The dossier whose result this is.
    public var dossierCode: String?
    public var createdAt: Date

    public init(
        id: Int64 = 0, citizenId: Int64?, sha256: String, mediaType: MediaType, size: Int, fileName: String,
        kind: DocumentKind, title: String, dossierCode: String? = nil, createdAt: Date
    ) {
        self.id = id
        self.citizenId = citizenId
        self.sha256 = sha256
        self.mediaType = mediaType
        self.size = size
        self.fileName = fileName
        self.kind = kind
        self.title = title
        self.dossierCode = dossierCode
        self.createdAt = createdAt
    }
}

/// The file types the portal accepts, recognised by their first bytes, never by their name.
public enum MediaType: String, Codable, Sendable, CaseIterable {
    case pdf = "application/pdf"
    case jpeg = "image/jpeg"
    case png = "image/png"

    /// The type whose signature starts `bytes`, or nil.
    public static func sniff<C: Collection>(_ bytes: C) -> MediaType? where C.Element == UInt8 {
        let head = Array(bytes.prefix(8))
        if head.starts(with: [0x25, 0x50, 0x44, 0x46, 0x2D]) { return .pdf }  // %PDF-
        if head.starts(with: [0xFF, 0xD8, 0xFF]) { return .jpeg }
        if head == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] { return .png }
        return nil
    }

    public var fileExtension: String {
        switch self {
        case .pdf: "pdf"
        case .jpeg: "jpg"
        case .png: "png"
        }
    }
}

/// A document a dossier uses for one of its procedure's requirements, and whether it was
/// picked from the store (reused) rather than uploaded for this dossier.
public struct DossierDocument: Codable, Sendable, Hashable {
    /// Index of the requirement in the procedure's document list.
    public var requirement: Int
    public var documentId: Int64
    public var reused: Bool
    /// Set on a document sent in answer to a supplement request: the request's number (then
    /// `requirement` means nothing).
    public var supplementRound: Int?
    public init(requirement: Int, documentId: Int64, reused: Bool, supplementRound: Int? = nil) {
        self.requirement = requirement
        self.documentId = documentId
        self.reused = reused
        self.supplementRound = supplementRound
    }
}

/// Documents and the links between dossiers and documents.
public protocol DocumentRepository: Sendable {
    func add(_ document: StoredDocument) async throws -> StoredDocument
    /// Adds a citizen's upload unless their uploads would then exceed `quota` (checked in the insert's transaction).
    func add(_ document: StoredDocument, within quota: StoreQuota) async throws -> StoredDocument
    /// What the citizen's own uploads take.
    func usage(citizenId: Int64) async throws -> StoreUsage
    func document(id: Int64) async throws -> StoredDocument?
    /// A citizen's documents, newest first.
    func documents(citizenId: Int64) async throws -> [StoredDocument]
    /// The documents a dossier uses, with the requirement each answers, then those sent in answer to
    /// its supplement requests (`supplementRound` set), oldest request first.
    func dossierDocuments(dossierId: Int64) async throws -> [(link: DossierDocument, document: StoredDocument)]
    /// Whether the document is linked to a dossier handled or received by `agencyId` (with it or with
    /// a supplement), or is the result of one.
    func isUsed(documentId: Int64, byAgency agencyId: String) async throws -> Bool
}

/// File bytes kept under their SHA-256 (content-addressed), outside any public folder.
public protocol BlobStore: Sendable {
    /// Stores `bytes` (idempotent) and returns their hex SHA-256.
    func put(_ bytes: [UInt8]) async throws -> String
    func get(_ sha256: String) async throws -> [UInt8]?
    /// The stored bytes of `sha256` piece by piece, read as they are consumed, so that a large file
    /// is never held whole in memory; nil when nothing is stored under it.
    func chunks(_ sha256: String) async throws -> AsyncThrowingStream<[UInt8], any Error>?
}
