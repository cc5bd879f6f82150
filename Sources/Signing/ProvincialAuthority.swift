import Crypto
import Domain
import Foundation
import X509

/// The province's certificate authority, created at set-up, and the agency keys it certifies.
/// Each agency gets an ECDSA P-256 key and an X.509 certificate on first signature; private
/// keys are stored sealed with AES-GCM under the platform's key-encryption key.
public actor ProvincialAuthority: ResultSigner {
    static let authorityOwner = "authority"

    let keys: any SigningKeyRepository
    let agencies: any AgencyRepository
    let sealing: SymmetricKey
    let authorityName: String
    private var loaded: [String: (key: P256.Signing.PrivateKey, certificate: Certificate)] = [:]
    private var certificates: [String: Certificate] = [:]

    /// `keyEncryptionSecret` derives the sealing key; `authorityName` names the CA (the province).
    public init(keys: any SigningKeyRepository, agencies: any AgencyRepository, keyEncryptionSecret: String, authorityName: String) {
        self.keys = keys
        self.agencies = agencies
        self.authorityName = authorityName
        sealing = SymmetricKey(data: SHA256.hash(data: Data(("motcua-kek:" + keyEncryptionSecret).utf8)))
    }

    /// Creates the authority's key and self-signed certificate unless they exist; returns its PEM.
    @discardableResult
    public func prepare(now: Date) async throws -> String {
        try await authority(now: now).certificate.serializeAsPEM().pemString
    }

    public func sign(_ file: [UInt8], agencyId: String, now: Date) async throws -> ResultSignature {
        let signer = try await agencyKey(agencyId, now: now)
        let signature = try signer.key.signature(for: file)
        return ResultSignature(
            signature: signature.derRepresentation.base64EncodedString(),
            certificateSerial: Self.hex(signer.certificate.serialNumber), signedAt: now)
    }

    public func isValid(_ signature: ResultSignature, file: [UInt8]) async throws -> Bool {
        guard let der = Data(base64Encoded: signature.signature),
            let ecdsa = try? P256.Signing.ECDSASignature(derRepresentation: der),
            let issued = try await certificate(serial: signature.certificateSerial),
            let authority = try await certificate(owner: Self.authorityOwner),
            authority.publicKey.isValidSignature(issued.signature, for: issued),
            issued.issuer == authority.subject,
            let publicKey = P256.Signing.PublicKey(issued.publicKey)
        else { return false }
        return publicKey.isValidSignature(ecdsa, for: file)
    }

    public func certificateChain(serial: String) async throws -> [String] {
        guard let stored = try await keys.key(serial: serial), let authority = try await keys.key(owner: Self.authorityOwner) else {
            return []
        }
        return [stored.certificatePEM, authority.certificatePEM]
    }

    // MARK: audit anchors

    /// Signs `message` with the authority's own key (ECDSA P-256, SHA-256): the DER signature in
    /// base64 and the authority certificate's serial. `openssl dgst -sha256 -verify` checks it.
    public func signAsAuthority(_ message: [UInt8], now: Date) async throws -> (signature: String, serial: String) {
        let ca = try await authority(now: now)
        let signature = try ca.key.signature(for: message)
        return (signature.derRepresentation.base64EncodedString(), Self.hex(ca.certificate.serialNumber))
    }

    /// Whether `signature` (DER, base64) over `message` was made by the authority's key.
    public func isAuthoritySignature(_ signature: String, message: [UInt8]) async throws -> Bool {
        guard let der = Data(base64Encoded: signature), let ecdsa = try? P256.Signing.ECDSASignature(derRepresentation: der),
            let authority = try await certificate(owner: Self.authorityOwner), let key = P256.Signing.PublicKey(authority.publicKey)
        else { return false }
        return key.isValidSignature(ecdsa, for: message)
    }

    // MARK: keys

    private func authority(now: Date) async throws -> (key: P256.Signing.PrivateKey, certificate: Certificate) {
        if let cached = loaded[Self.authorityOwner] { return cached }
        if let stored = try await keys.key(owner: Self.authorityOwner) { return try unseal(stored) }
        let key = P256.Signing.PrivateKey()
        let name = try DistinguishedName {
            CountryName("VN")
            OrganizationName(authorityName)
            CommonName("\(authorityName) - Motcua CA")
        }
        let certificate = try Certificate(
            version: .v3, serialNumber: Certificate.SerialNumber(), publicKey: .init(key.publicKey),
            notValidBefore: now.addingTimeInterval(-3600), notValidAfter: now.addingTimeInterval(20 * 365 * 86400),
            issuer: name, subject: name, signatureAlgorithm: .ecdsaWithSHA256,
            extensions: try Certificate.Extensions {
                Critical(BasicConstraints.isCertificateAuthority(maxPathLength: 0))
                Critical(KeyUsage(keyCertSign: true, cRLSign: true))
            },
            issuerPrivateKey: .init(key))
        return try await store(owner: Self.authorityOwner, key: key, certificate: certificate, now: now)
    }

    private func agencyKey(_ agencyId: String, now: Date) async throws -> (key: P256.Signing.PrivateKey, certificate: Certificate) {
        if let cached = loaded[agencyId] { return cached }
        if let stored = try await keys.key(owner: agencyId) { return try unseal(stored) }
        guard let agency = try await agencies.agency(id: agencyId) else { throw DomainError.notFound("agency.notFound") }
        let ca = try await authority(now: now)
        let key = P256.Signing.PrivateKey()
        let subject = try DistinguishedName {
            CountryName("VN")
            OrganizationName(authorityName)
            OrganizationalUnitName(agency.id)
            CommonName(agency.name)
        }
        let certificate = try Certificate(
            version: .v3, serialNumber: Certificate.SerialNumber(), publicKey: .init(key.publicKey),
            notValidBefore: now.addingTimeInterval(-3600), notValidAfter: now.addingTimeInterval(5 * 365 * 86400),
            issuer: ca.certificate.subject, subject: subject, signatureAlgorithm: .ecdsaWithSHA256,
            extensions: try Certificate.Extensions {
                Critical(BasicConstraints.notCertificateAuthority)
                Critical(KeyUsage(digitalSignature: true, nonRepudiation: true))
            },
            issuerPrivateKey: .init(ca.key))
        return try await store(owner: agencyId, key: key, certificate: certificate, now: now)
    }

    /// Stores a new key unless another instance stored one first, and returns whichever is kept.
    private func store(
        owner: String, key: P256.Signing.PrivateKey, certificate: Certificate,
        now: Date
    ) async throws -> (key: P256.Signing.PrivateKey, certificate: Certificate) {
        let sealed = try AES.GCM.seal(Data(key.rawRepresentation), using: sealing).combined!.base64EncodedString()
        let kept = try await keys.insertIfAbsent(
            StoredSigningKey(
                owner: owner, serial: Self.hex(certificate.serialNumber), certificatePEM: try certificate.serializeAsPEM().pemString,
                sealedPrivateKey: sealed, createdAt: now))
        return try unseal(kept)
    }

    private func unseal(_ stored: StoredSigningKey) throws -> (key: P256.Signing.PrivateKey, certificate: Certificate) {
        guard let combined = Data(base64Encoded: stored.sealedPrivateKey) else { throw SigningError.corruptKey(stored.owner) }
        let raw: Data
        do { raw = try AES.GCM.open(AES.GCM.SealedBox(combined: combined), using: sealing) } catch {
            throw SigningError.wrongKeyEncryptionKey
        }
        let pair = (
            key: try P256.Signing.PrivateKey(rawRepresentation: raw), certificate: try Certificate(pemEncoded: stored.certificatePEM)
        )
        loaded[stored.owner] = pair
        return pair
    }

    private func certificate(serial: String) async throws -> Certificate? {
        if let cached = certificates[serial] { return cached }
        guard let stored = try await keys.key(serial: serial), stored.revokedAt == nil else { return nil }
        let certificate = try Certificate(pemEncoded: stored.certificatePEM)
        certificates[serial] = certificate
        return certificate
    }

    private func certificate(owner: String) async throws -> Certificate? {
        guard let stored = try await keys.key(owner: owner) else { return nil }
        return try await certificate(serial: stored.serial)
    }

    static func hex(_ serial: Certificate.SerialNumber) -> String {
        serial.bytes.map { String(format: "%02x", $0) }.joined()
    }
}

/// Why a signing key cannot be used.
public enum SigningError: Error, CustomStringConvertible {
    case corruptKey(String)
    case wrongKeyEncryptionKey

    public var description: String {
        switch self {
        case .corruptKey(let owner): "the stored signing key of \(owner) is corrupt"
        case .wrongKeyEncryptionKey: "the signing keys cannot be opened: SIGNING_KEY_SECRET differs from the one that sealed them"
        }
    }
}
