import Foundation

/// A signing key of the provincial authority or of an agency: its certificate, and its private
/// key sealed (encrypted) with the platform's key-encryption key.
public struct StoredSigningKey: Sendable, Hashable {
    /// `authority` for the provincial certificate authority, or an agency identifier.
    public var owner: String
    public var serial: String
    public var certificatePEM: String
    public var sealedPrivateKey: String
    public var createdAt: Date
    public var revokedAt: Date?
    public init(owner: String, serial: String, certificatePEM: String, sealedPrivateKey: String, createdAt: Date, revokedAt: Date? = nil) {
        self.owner = owner
        self.serial = serial
        self.certificatePEM = certificatePEM
        self.sealedPrivateKey = sealedPrivateKey
        self.createdAt = createdAt
        self.revokedAt = revokedAt
    }
}

/// Where signing keys are kept.
public protocol SigningKeyRepository: Sendable {
    func key(owner: String) async throws -> StoredSigningKey?
    func key(serial: String) async throws -> StoredSigningKey?
    /// Stores `key` unless its owner has one already; returns the owner's key either way.
    func insertIfAbsent(_ key: StoredSigningKey) async throws -> StoredSigningKey
}
