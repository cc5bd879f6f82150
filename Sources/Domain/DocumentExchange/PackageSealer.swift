import Foundation

/// A signature made by this system over a package's canonical form, and the certificate that checks it.
public struct PackageSeal: Sendable, Hashable {
    /// ECDSA P-256 with SHA-256, DER, base64.
    public var signature: String
    public var certificatePEM: String

    public init(signature: String, certificatePEM: String) {
        self.signature = signature
        self.certificatePEM = certificatePEM
    }
}

/// Signs outgoing packages with the province's signing authority and checks a peer's signature
/// against the certificate configured for that peer (implemented in `Signing`).
public protocol PackageSealer: Sendable {
    /// Signs `bytes` with this system's key.
    func seal(_ bytes: [UInt8], now: Date) async throws -> PackageSeal
    /// Whether `signature` over `bytes` was made by the key certified by `certificatePEM`.
    func isValid(_ signature: String, over bytes: [UInt8], certificatePEM: String) -> Bool
    /// Whether `pem` is a certificate whose key can check signatures (an ECDSA P-256 key).
    func isUsableCertificate(_ pem: String) -> Bool
    /// This system's certificate (PEM), which peers configure to check its packages.
    func certificatePEM(now: Date) async throws -> String
}
