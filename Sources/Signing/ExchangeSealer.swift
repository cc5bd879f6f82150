import Crypto
import Domain
import Foundation
import X509

/// Signs the exchange's packages with the provincial authority's key (ECDSA P-256, SHA-256) and checks a peer's
/// signature with the public key of the certificate configured for that peer.
public struct ExchangeSealer: PackageSealer {
    let authority: ProvincialAuthority

    public init(authority: ProvincialAuthority) { self.authority = authority }

    public func seal(_ bytes: [UInt8], now: Date) async throws -> PackageSeal {
        let signed = try await authority.signAsAuthority(bytes, now: now)
        return PackageSeal(signature: signed.signature, certificatePEM: try await authority.prepare(now: now))
    }

    public func isValid(_ signature: String, over bytes: [UInt8], certificatePEM: String) -> Bool {
        guard let key = Self.key(certificatePEM), let der = Data(base64Encoded: signature),
            let ecdsa = try? P256.Signing.ECDSASignature(derRepresentation: der)
        else { return false }
        return key.isValidSignature(ecdsa, for: bytes)
    }

    public func isUsableCertificate(_ pem: String) -> Bool { Self.key(pem) != nil }

    public func certificatePEM(now: Date) async throws -> String { try await authority.prepare(now: now) }

    static func key(_ pem: String) -> P256.Signing.PublicKey? {
        guard pem.utf8.count <= 20_000, let certificate = try? Certificate(pemEncoded: pem) else { return nil }
        return P256.Signing.PublicKey(certificate.publicKey)
    }
}
