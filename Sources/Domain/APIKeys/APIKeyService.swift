import Foundation

/// Administrators issue and revoke API keys; callers presenting one are checked against a scope. The
/// whole key is returned once, at its creation; the store keeps its SHA-256 (`hash`, given by the
/// composition root) and its prefix. Keys are compared in constant time.
public struct APIKeyService: Sendable {
    let keys: any APIKeyRepository
    let agencies: any AgencyRepository
    let clock: Clock
    let hash: @Sendable (String) -> String

    /// The marker every key starts with, and the lengths of its visible and secret parts.
    static let marker = "mck_"
    static let prefixLength = 10
    static let secretLength = 40

    public init(keys: any APIKeyRepository, agencies: any AgencyRepository, clock: Clock, hash: @escaping @Sendable (String) -> String) {
        self.keys = keys
        self.agencies = agencies
        self.clock = clock
        self.hash = hash
    }

    public func scopes() async throws -> [APIKeyScope] { try await keys.scopes() }

    public func list() async throws -> [APIKey] { try await keys.keys() }

    /// Issues a key to `client` (1 to 100 characters), optionally for `agencyId`, with `scopes` from the
    /// list; returns the key as stored and the whole key, which is never shown again.
    public func create(client: String, agencyId: String?, scopes: Set<String>, by actor: AuditActor) async throws -> (APIKey, String) {
        let name = client.trimmingCharacters(in: .whitespacesAndNewlines)
        guard (1...100).contains(name.count) else { throw DomainError.invalid("client", "apiKey.clientRequired") }
        let known = Set(try await keys.scopes().map(\.code))
        guard !scopes.isEmpty, scopes.isSubset(of: known) else { throw DomainError.invalid("scopes", "apiKey.scopesRequired") }
        if let agencyId, try await agencies.agency(id: agencyId) == nil { throw DomainError.invalid("agencyId", "apiKey.unknownAgency") }
        let prefix = Self.marker + Self.randomText(Self.prefixLength)
        let secret = prefix + "_" + Self.randomText(Self.secretLength)
        let now = clock.now()
        let key = APIKey(
            id: 0, client: name, agencyId: agencyId, scopes: scopes.sorted(), prefix: prefix, createdBy: actor.name, createdAt: now)
        let line = actor.entry("apiKey.created", target: prefix, detail: "\(name): \(key.scopes.joined(separator: ","))", at: now)
        return (try await keys.insert(key, hash: hash(secret), audit: line), secret)
    }

    /// Revokes the key `id`; it is refused at once by every instance.
    public func revoke(id: Int64, by actor: AuditActor) async throws {
        let now = clock.now()
        guard try await keys.revoke(id: id, at: now, audit: actor.entry("apiKey.revoked", target: String(id), at: now)) else {
            throw DomainError.notFound("apiKey.notFound")
        }
    }

    /// What `presented` is worth for `scope`: read from the store each time, compared in constant time.
    public func check(_ presented: String, scope: String) async throws -> APIKeyCheck {
        let parts = presented.split(separator: "_", omittingEmptySubsequences: false)
        guard presented.hasPrefix(Self.marker), parts.count == 3, parts[1].count == Self.prefixLength,
            parts[2].count == Self.secretLength, presented.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }),
            let (key, stored) = try await keys.key(prefix: Self.marker + parts[1])
        else { return .refused }
        guard Self.equal(hash(presented), stored), key.revokedAt == nil else { return .refused }
        guard key.scopes.contains(scope) else { return .wrongScope }
        try await keys.markUsed(id: key.id, at: clock.now())
        return .granted(key)
    }

    /// Lower-case letters and digits from the system's secure generator.
    static func randomText(_ count: Int) -> String {
        let alphabet = Array("abcdefghijklmnopqrstuvwxyz0123456789")
        var generator = SystemRandomNumberGenerator()
        return String((0..<count).map { _ in alphabet[Int(generator.next(upperBound: UInt64(alphabet.count)))] })
    }

    /// Compares two strings in time independent of where they differ.
    static func equal(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8)
        let y = Array(b.utf8)
        guard x.count == y.count else { return false }
        return zip(x, y).reduce(UInt8(0)) { $0 | ($1.0 ^ $1.1) } == 0
    }
}
