import Foundation

/// The electronic result of a dossier: the document the agency issues, and once a leader
/// approves, its signature by the agency's key.
public struct ResultRecord: Sendable, Hashable {
    public var dossierId: Int64
    public var dossierCode: String
    public var documentId: Int64
    public var sha256: String
    public var agencyId: String
    public var signature: ResultSignature?
    public var revokedAt: Date?
    public var revokeReason: String?

    public init(
        dossierId: Int64, dossierCode: String, documentId: Int64, sha256: String, agencyId: String,
        signature: ResultSignature? = nil, revokedAt: Date? = nil, revokeReason: String? = nil
    ) {
        self.dossierId = dossierId
        self.dossierCode = dossierCode
        self.documentId = documentId
        self.sha256 = sha256
        self.agencyId = agencyId
        self.signature = signature
        self.revokedAt = revokedAt
        self.revokeReason = revokeReason
    }
}

/// An ECDSA P-256 signature with SHA-256 (DER, base64) of a result file, by the certificate `certificateSerial`.
public struct ResultSignature: Codable, Sendable, Hashable {
    public var signature: String
    public var certificateSerial: String
    public var signedAt: Date
    public init(signature: String, certificateSerial: String, signedAt: Date) {
        self.signature = signature
        self.certificateSerial = certificateSerial
        self.signedAt = signedAt
    }
}

/// What verifying a result finds.
public enum VerificationOutcome: String, Codable, Sendable {
    /// Signed by the agency, the file unchanged, not revoked.
    case valid
    /// The file differs from the one that was signed, or the signature does not check.
    case tampered
    /// Signed, but withdrawn since.
    case revoked
    /// No result of ours matches.
    case unknown
}

/// Signs result files with an agency's key and checks signatures against the provincial authority.
public protocol ResultSigner: Sendable {
    func sign(_ file: [UInt8], agencyId: String, now: Date) async throws -> ResultSignature
    /// Whether `signature` is a valid signature of `file` by a certificate the provincial authority issued.
    func isValid(_ signature: ResultSignature, file: [UInt8]) async throws -> Bool
    /// The PEM chain (agency certificate, then the authority's) of a certificate.
    func certificateChain(serial: String) async throws -> [String]
}

/// Results attached to dossiers.
public protocol ResultRepository: Sendable {
    /// Attaches (or replaces, while unsigned) the result document of a dossier; writes `audit` in the same transaction.
    func attach(_ record: ResultRecord, audit: AuditEntry) async throws
    func result(dossierId: Int64) async throws -> ResultRecord?
    func result(code: String) async throws -> ResultRecord?
    func results(sha256: String) async throws -> [ResultRecord]
    /// Withdraws the signed result of the dossier `code`; writes `audit` in the same transaction.
    func revoke(code: String, reason: String, now: Date, audit: AuditEntry) async throws
}
