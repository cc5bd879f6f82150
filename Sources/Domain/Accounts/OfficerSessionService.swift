import Foundation

/// Checks a password against its stored hash (bcrypt, provided by the web layer).
public protocol PasswordVerifier: Sendable {
    /// Whether `password` matches `hash`.
    func verify(_ password: String, hash: String) async -> Bool
    /// A hash of nothing in particular, checked when the username is unknown so that timing does
    /// not reveal which usernames exist.
    var decoyHash: String { get }
}

/// Counts failed logins per username and per client address within a window.
public protocol LoginThrottle: Sendable {
    /// Whether the user or the address has used up its failures at `now`.
    func isBlocked(user: String, address: String, now: Date) async -> Bool
    /// Records a failure of each key at `now`.
    func recordFailure(_ keys: [String], now: Date) async
    /// Forgets the failures of `key`.
    func reset(_ key: String) async
}

/// A new session's keys, made by the caller: the hash of its token (the token itself is never
/// stored) and its CSRF token.
public struct SessionKeys: Sendable, Hashable {
    public let tokenHash: String
    public let csrfToken: String

    public init(tokenHash: String, csrfToken: String) {
        self.tokenHash = tokenHash
        self.csrfToken = csrfToken
    }
}

/// Officer login and logout, shared by the API (bearer tokens) and the login page (cookies):
/// each login, refusal and logout leaves its audit line; a session and its line in one transaction.
public struct OfficerSessionService: Sendable {
    let accounts: any AccountRepository
    let audit: any AuditLog
    let throttle: any LoginThrottle
    let passwords: any PasswordVerifier
    let clock: Clock
    let sessionHours: Int

    public init(
        accounts: any AccountRepository, audit: any AuditLog, throttle: any LoginThrottle, passwords: any PasswordVerifier,
        clock: Clock, sessionHours: Int
    ) {
        self.accounts = accounts
        self.audit = audit
        self.throttle = throttle
        self.passwords = passwords
        self.clock = clock
        self.sessionHours = sessionHours
    }

    /// Opens the session `keys` for the officer, or throws (wrong credentials, too many attempts).
    public func login(username: String, password: String, from address: String, keys: SessionKeys) async throws -> Officer {
        let name = username.trimmingCharacters(in: .whitespaces).lowercased()
        guard !name.isEmpty, name.count <= 100, !password.isEmpty, password.count <= 200 else {
            throw DomainError(.invalid, "auth.missingCredentials")
        }
        let actor = AuditActor(name: name, address: address)
        let limits = ["user:\(name)", "ip:\(address)"]
        if await throttle.isBlocked(user: limits[0], address: limits[1], now: clock.now()) {
            try await audit.record(actor.entry("login.blocked", at: clock.now()))
            throw DomainError(.tooManyRequests, "auth.tooManyAttempts")
        }
        let found = try await accounts.credentials(username: name)
        let valid = await passwords.verify(password, hash: found?.passwordHash ?? passwords.decoyHash)
        guard let found, valid, found.officer.active else {
            await throttle.recordFailure(limits, now: clock.now())
            try await audit.record(actor.entry("login.failed", at: clock.now()))
            throw DomainError(.unauthenticated, "auth.invalidCredentials")
        }
        await throttle.reset("user:\(name)")
        let now = clock.now()
        try await accounts.createSession(
            tokenHash: keys.tokenHash, officerId: found.officer.id, csrfToken: keys.csrfToken,
            expiresAt: now.addingTimeInterval(Double(sessionHours) * 3600), audit: actor.entry("login", at: now))
        return found.officer
    }

    /// Closes the session whose token hashes to `tokenHash`.
    public func logout(tokenHash: String, by actor: AuditActor) async throws {
        try await accounts.deleteSession(tokenHash: tokenHash, audit: actor.entry("logout", at: clock.now()))
    }
}
