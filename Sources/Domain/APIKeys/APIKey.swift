import Foundation

/// A scope an API key can be given, from the list kept as data (`api_key_scopes`), for example
/// `national-portal.inbound`: the national portal hands dossiers over.
public struct APIKeyScope: Sendable, Hashable, Codable {
    public var code: String
    public var name: String
    public var nameEn: String

    public init(code: String, name: String, nameEn: String) {
        self.code = code
        self.name = name
        self.nameEn = nameEn
    }

    /// The national portal's hand-over of dossiers (`POST /api/v1/national-portal/dossiers`).
    public static let nationalPortalInbound = "national-portal.inbound"
    /// An application posting field reports through Open311 (`POST /open311/v2/requests`).
    public static let open311Requests = "open311.requests"
}

/// A key issued to a named client (and optionally on behalf of an agency) with its scopes. Only the
/// key's SHA-256 is stored, with a short prefix shown to tell keys apart; the whole key is shown once.
public struct APIKey: Sendable, Hashable, Codable {
    public var id: Int64
    public var client: String
    public var agencyId: String?
    public var scopes: [String]
    /// The first characters of the key (`mck_` and ten more), which identify it without revealing it.
    public var prefix: String
    public var createdBy: String
    public var createdAt: Date
    public var lastUsedAt: Date?
    public var revokedAt: Date?

    public init(
        id: Int64, client: String, agencyId: String?, scopes: [String], prefix: String, createdBy: String, createdAt: Date,
        lastUsedAt: Date? = nil, revokedAt: Date? = nil
    ) {
        self.id = id
        self.client = client
        self.agencyId = agencyId
        self.scopes = scopes
        self.prefix = prefix
        self.createdBy = createdBy
        self.createdAt = createdAt
        self.lastUsedAt = lastUsedAt
        self.revokedAt = revokedAt
    }
}

/// What a presented key is worth for a scope.
public enum APIKeyCheck: Sendable, Equatable {
    /// A key in force with the scope.
    case granted(APIKey)
    /// A key in force without the scope.
    case wrongScope
    /// No key, an unknown or malformed one, or a revoked one.
    case refused
}

/// Where API keys are kept: each change with its audit line in one transaction.
public protocol APIKeyRepository: Sendable {
    /// The scopes a key can be given, from the data.
    func scopes() async throws -> [APIKeyScope]
    /// Every key, newest first.
    func keys() async throws -> [APIKey]
    /// Stores `key` (its id is given by the store) with the SHA-256 `hash` of the whole key; returns it with its id.
    func insert(_ key: APIKey, hash: String, audit: AuditEntry) async throws -> APIKey
    /// Marks the key revoked at `at`; false when there is no such key in force.
    func revoke(id: Int64, at: Date, audit: AuditEntry) async throws -> Bool
    /// The key of `prefix` and its stored hash, read from the store (never a cache: a revocation holds at once everywhere).
    func key(prefix: String) async throws -> (key: APIKey, hash: String)?
    /// Records the key's use at `at` (at most once a minute, to spare the store).
    func markUsed(id: Int64, at: Date) async throws
}
