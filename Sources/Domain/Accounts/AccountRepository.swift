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

/// The officers' protection against password guessing and their second factor.
public protocol OfficerSecurityRepository: Sendable {
    /// Failed logins in a row and the instant before which the next attempt is refused.
    func backoff(officerId: Int64) async throws -> (failures: Int, retryAfter: Date?)
    /// Counts a failed login and sets, from the count it reaches, the instant before which the next
    /// attempt is refused, in one transaction (failures on several instances at once each count).
    func recordFailedLogin(officerId: Int64, backoff: LoginBackoff, now: Date) async throws
    /// The officer's enabled second factor.
    func twoFactor(officerId: Int64) async throws -> OfficerTwoFactor?
    /// Stores the sealed secret and the hashes of new recovery codes (replacing any earlier ones),
    /// marks `step` used, writes `audit`, in one transaction.
    func enableTwoFactor(officerId: Int64, sealedSecret: String, step: Int64, recoveryHashes: [String], audit: AuditEntry) async throws
    /// Removes the second factor and its recovery codes, and writes `audit`, in one transaction.
    func disableTwoFactor(officerId: Int64, audit: AuditEntry) async throws
    /// Stores a pending login (password accepted, second factor owed) and writes `audit`.
    func createPendingLogin(tokenHash: String, officerId: Int64, expiresAt: Date, audit: AuditEntry) async throws
    /// The officer of the live pending login known by the hash of its token.
    func pendingLogin(tokenHash: String, now: Date) async throws -> Officer?
    /// Counts a wrong code of a pending login (removing it at `maxAttempts`) and writes `audit`.
    func failPendingLogin(tokenHash: String, maxAttempts: Int, audit: AuditEntry) async throws
    /// In one transaction: consumes `proof` (a step after the last used one, or an unused recovery
    /// code), removes the pending login, clears the failed logins, opens the session, writes `audit`.
    /// Returns false, changing nothing, when the proof was already used.
    func completeLogin(
        pendingHash: String?, officerId: Int64, proof: SecondFactorProof, session: SessionKeys, expiresAt: Date, audit: [AuditEntry]
    ) async throws -> Bool
    /// Clears the failed logins, removes the pending login (if any) and opens the session, writing `audit`, in one transaction.
    func openSession(officerId: Int64, pendingHash: String?, session: SessionKeys, expiresAt: Date, audit: AuditEntry) async throws
    /// Replaces the password hash, ends every other session of the officer, writes `audit`, in one transaction.
    func changePassword(officerId: Int64, passwordHash: String, keepSession: String?, audit: AuditEntry) async throws
}
