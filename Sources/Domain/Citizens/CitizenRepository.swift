import Foundation

/// Citizens' accounts, credentials, lockouts and sessions.
public protocol CitizenRepository: Sendable {
    /// Creates an account; throws a conflict when the phone, e-mail or ID number is taken.
    /// Creates an account and writes `audit`'s line for it (the line of the new account) in the same transaction;
    /// throws a conflict when the phone, e-mail or ID number is taken.
    /// Opens an account with the personal-data consent the citizen gave to `consentVersion` of the notice at `now`.
    func register(
        _ profile: CitizenProfile, passwordHash: String?, consentVersion: String, now: Date,
        audit: @escaping @Sendable (Citizen) -> AuditEntry
    ) async throws -> Citizen
    func citizen(id: Int64) async throws -> Citizen?
    /// The account whose phone or e-mail is `login`, with its password hash and lockout.
    func credentials(login: String) async throws -> CitizenCredentials?
    /// Counts a failed login and, from the count it reaches, makes the account wait as `backoff`
    /// says, in one transaction (failures on several instances at once each count).
    func recordFailedLogin(citizenId: Int64, backoff: LoginBackoff, now: Date) async throws
    /// Clears the failed logins and the lockout, and writes `audit` in the same transaction.
    func resetFailedLogins(citizenId: Int64, audit: AuditEntry) async throws
    func updateProfile(citizenId: Int64, _ profile: CitizenProfile) async throws -> Citizen
    /// Updates the profile and writes `audit` in the same transaction.
    func updateProfile(citizenId: Int64, _ profile: CitizenProfile, audit: AuditEntry) async throws -> Citizen
    func createSession(tokenHash: String, citizenId: Int64, csrfToken: String, expiresAt: Date, now: Date) async throws
    func session(tokenHash: String, now: Date) async throws -> (citizen: Citizen, csrfToken: String)?
    func deleteSession(tokenHash: String, audit: AuditEntry?) async throws
}

/// Citizens' passwords: changing one, and resetting a forgotten one with a code sent by the outbox.
public protocol CitizenPasswordRepository: Sendable {
    /// Replaces the password hash, ends every session of the citizen but `keepSession`, clears the
    /// failed logins, writes `audit`, in one transaction.
    func changePassword(citizenId: Int64, passwordHash: String, keepSession: String?, audit: AuditEntry) async throws
    /// Reset codes issued to the citizen since `since`.
    func resetsIssued(citizenId: Int64, since: Date) async throws -> Int
    /// Stores a reset code's hash and queues `message` (which carries the code), writes `audit`, in one transaction.
    func createPasswordReset(citizenId: Int64, codeHash: String, expiresAt: Date, message: OutboundMessage, audit: AuditEntry) async throws
    /// The citizen's newest reset that is unused, unexpired and has attempts left.
    func liveReset(citizenId: Int64, now: Date, maxAttempts: Int) async throws -> (id: Int64, codeHash: String)?
    /// Counts a wrong code against the reset and writes `audit`, in one transaction.
    func failPasswordReset(id: Int64, audit: AuditEntry) async throws
    /// Marks the reset used, replaces the password hash, ends every session of the citizen, clears
    /// the failed logins, writes `audit`, in one transaction; false (nothing changed) if the reset was used meanwhile.
    func completePasswordReset(id: Int64, citizenId: Int64, passwordHash: String, audit: AuditEntry) async throws -> Bool
}

/// A citizen's stored login data.
public struct CitizenCredentials: Sendable {
    public var citizen: Citizen
    public var passwordHash: String?
    public var failedLogins: Int
    public var lockedUntil: Date?
    public init(citizen: Citizen, passwordHash: String?, failedLogins: Int, lockedUntil: Date?) {
        self.citizen = citizen
        self.passwordHash = passwordHash
        self.failedLogins = failedLogins
        self.lockedUntil = lockedUntil
    }
}
