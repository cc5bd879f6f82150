import Foundation

/// The audit lines of what a caller only reads or is refused, which no service change carries:
/// refusals (403: a role or agency refused, a missing CSRF token) and downloads of stored identity
/// documents, and an overseer's view of a dossier (its applicant's personal data). Written through the
/// audit log, where floods of identical refusals are aggregated.
public struct AccessAudit: Sendable {
    let audit: any AuditLog
    let clock: Clock

    public init(audit: any AuditLog, clock: Clock) {
        self.audit = audit
        self.clock = clock
    }

    /// `actor` was refused `path` for the reason `code`.
    public func denied(actor: String, path: String, code: String, address: String?) async throws {
        try await audit.record(
            AuditEntry(actor: actor, action: "access.denied", target: String(path.prefix(200)), detail: code, ip: address, at: clock.now()))
    }

    /// `actor` opened the read-only page of the dossier `code` from the operations dashboard.
    public func viewedDossier(code: String, by actor: String, address: String?) async throws {
        try await audit.record(AuditEntry(actor: actor, action: "dossier.view", target: code, ip: address, at: clock.now()))
    }

    /// `actor` downloaded the stored document `documentId`.
    public func downloaded(documentId: Int64, by actor: String, address: String?) async throws {
        try await audit.record(
            AuditEntry(actor: actor, action: "document.download", target: String(documentId), ip: address, at: clock.now()))
    }
}
