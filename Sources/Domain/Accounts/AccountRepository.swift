import Foundation

/// Officers' credentials and login sessions.
public protocol AccountRepository: Sendable {
    func credentials(username: String) async throws -> (officer: Officer, passwordHash: String)?
    func createOfficer(username: String, passwordHash: String, fullName: String, agencyId: String, roles: Set<Role>) async throws -> Officer
    /// Stores a session under the hash of its token (the token itself is never stored), and
    /// removes expired sessions; writes `audit` in the same transaction.
    func createSession(tokenHash: String, officerId: Int64, csrfToken: String, expiresAt: Date, audit: AuditEntry) async throws
    /// The officer and CSRF token of a live session.
    func session(tokenHash: String, now: Date) async throws -> (officer: Officer, csrfToken: String)?
    /// Removes a session; writes `audit` in the same transaction.
    func deleteSession(tokenHash: String, audit: AuditEntry) async throws
}
