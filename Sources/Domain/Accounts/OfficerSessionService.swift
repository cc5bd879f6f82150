import Foundation

/// Checks a password against its stored hash (bcrypt, provided by the web layer).
public protocol PasswordVerifier: Sendable {
    /// Whether `password` matches `hash`.
    func verify(_ password: String, hash: String) async -> Bool
    /// A new hash of `password` (for a changed password).
    func hash(_ password: String) async -> String
    /// A hash of nothing in particular, checked when the username is unknown so that timing does
    /// not reveal which usernames exist.
    var decoyHash: String { get }
}

/// Counts failed logins per client address, per username and address within a window, and the
/// failures in a row of usernames that name no account (kept as an account keeps its own).
public protocol LoginThrottle: Sendable {
    /// Whether the address has used up its failures at `now`.
    func isBlocked(address: String, now: Date) async throws -> Bool
    /// Whether the user failed from the address within the window ending at `now`.
    func failedHere(user: String, address: String, now: Date) async throws -> Bool
    /// The failures in a row of a username that names no account, and when the last was.
    func unknownFailures(user: String, now: Date) async throws -> (failures: Int, last: Date?)
    /// Records a failure of the user from the address at `now` (`unknown`: the username names no account).
    func recordFailure(user: String, address: String, unknown: Bool, now: Date) async throws
    /// Forgets the user's failures at every address.
    func reset(user: String) async throws
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
/// Wrong passwords back an account off (`LoginBackoff`) rather than lock it; an officer with a
/// second factor (or whose role requires one) gets a pending login, not a session, until the code.
public struct OfficerSessionService: Sendable {
    let accounts: any AccountRepository
    let security: any OfficerSecurityRepository
    let audit: any AuditLog
    let throttle: any LoginThrottle
    let passwords: any PasswordVerifier
    let clock: Clock
    let sessionHours: Int
    let backoff: LoginBackoff
    /// The second factor of officers.
    public let secondFactor: SecondFactor

    /// How long a pending login waits for its code.
    static let pendingSeconds = 300.0
    /// Wrong codes a pending login survives.
    static let maxCodeAttempts = 5

    public init(
        accounts: any AccountRepository, security: any OfficerSecurityRepository, audit: any AuditLog, throttle: any LoginThrottle,
        passwords: any PasswordVerifier, clock: Clock, sessionHours: Int, backoff: LoginBackoff, secondFactor: SecondFactor
    ) {
        self.accounts = accounts
        self.security = security
        self.audit = audit
        self.throttle = throttle
        self.passwords = passwords
        self.clock = clock
        self.sessionHours = sessionHours
        self.backoff = backoff
        self.secondFactor = secondFactor
    }

    var sessionExpiry: Date { clock.now().addingTimeInterval(Double(sessionHours) * 3600) }

    /// Checks the password: opens the session `keys`, or (second factor owed) stores the pending
    /// login `keys.tokenHash`; with `code` (the API), checks it at once. Throws on wrong
    /// credentials, while the account backs off, or when the address tried too often.
    public func login(username: String, password: String, code: String? = nil, from address: String, keys: SessionKeys) async throws
        -> LoginOutcome
    {
        let name = username.trimmingCharacters(in: .whitespaces).lowercased()
        guard !name.isEmpty, name.count <= 100, !password.isEmpty, password.count <= 200 else {
            throw DomainError(.invalid, "auth.missingCredentials")
        }
        let actor = AuditActor(name: name, address: address)
        let limits = ["user:\(name)", "ip:\(address)"]
        if try await throttle.isBlocked(address: limits[1], now: clock.now()) {
            try await audit.record(actor.entry("login.blocked", at: clock.now()))
            throw DomainError(.tooManyRequests, "auth.tooManyAttempts")
        }
        let found = try await accounts.credentials(username: name)
        let now = clock.now()
        if let wait = try await backingOff(found, user: limits[0], address: limits[1], now: now), wait > now {
            // The seconds as of the check (the audit line after it takes time of its own).
            let seconds = max(1, Int(wait.timeIntervalSince(now).rounded(.up)))
            try await audit.record(actor.entry("login.backoff", at: now))
            throw DomainError(.tooManyRequests, "auth.backoff", ["seconds": String(seconds)])
        }
        let valid = await passwords.verify(password, hash: found?.passwordHash ?? passwords.decoyHash)
        guard let found, valid, found.officer.active else {
            try await throttle.recordFailure(user: limits[0], address: limits[1], unknown: found == nil, now: clock.now())
            let line = actor.entry("login.failed", at: clock.now())
            if let found {
                // The refusal's line goes through the audit log's aggregation (a flood of wrong
                // passwords must not grow the log without bound), not in the counter's transaction.
                try await security.recordFailedLogin(officerId: found.officer.id, backoff: backoff, now: clock.now())
            }
            try await audit.record(line)
            throw DomainError(.unauthenticated, "auth.invalidCredentials")
        }
        let officer = found.officer
        let factor = try await security.twoFactor(officerId: officer.id)
        if factor == nil && !secondFactor.isRequired(for: officer) {
            try await security.openSession(
                officerId: officer.id, pendingHash: nil, session: keys, expiresAt: sessionExpiry,
                audit: actor.entry("login", at: clock.now()))
            return .signedIn(officer)
        }
        if let factor, let code {
            try await prove(officer, code: code, factor: factor, pendingHash: nil, keys: keys, address: address)
            return .signedIn(officer)
        }
        try await security.createPendingLogin(
            tokenHash: keys.tokenHash, officerId: officer.id, expiresAt: clock.now().addingTimeInterval(Self.pendingSeconds),
            audit: actor.entry("login.password", at: clock.now()))
        return factor == nil ? .enrolmentRequired : .codeRequired
    }

    /// The pending login known by the hash of its token, if still live.
    public func pending(tokenHash: String) async throws -> PendingLogin? {
        guard let officer = try await security.pendingLogin(tokenHash: tokenHash, now: clock.now()) else { return nil }
        let enrolled = try await security.twoFactor(officerId: officer.id) != nil
        return PendingLogin(officer: officer, mustEnrol: !enrolled)
    }

    /// Completes the pending login `pendingHash` with `code` (a current code or a recovery code):
    /// opens the session `keys`. A wrong or reused code counts against the pending login.
    public func completeLogin(pendingHash: String, code: String, from address: String, keys: SessionKeys) async throws -> Officer {
        guard let pending = try await pending(tokenHash: pendingHash) else { throw DomainError(.unauthenticated, "auth.pendingExpired") }
        guard let factor = try await security.twoFactor(officerId: pending.officer.id) else {
            throw DomainError(.unauthenticated, "auth.pendingExpired")
        }
        try await prove(pending.officer, code: code, factor: factor, pendingHash: pendingHash, keys: keys, address: address)
        return pending.officer
    }

    /// Enrols the officer of the pending login `pendingHash` (whose role requires a second factor)
    /// and opens the session `keys`; returns the recovery codes.
    public func enrolAndLogin(pendingHash: String, ticket: String, code: String, from address: String, keys: SessionKeys) async throws
        -> (officer: Officer, recoveryCodes: [String])
    {
        guard let pending = try await pending(tokenHash: pendingHash), pending.mustEnrol else {
            throw DomainError(.unauthenticated, "auth.pendingExpired")
        }
        let actor = AuditActor(pending.officer, address: address)
        let codes = try await secondFactor.confirmEnrolment(for: pending.officer, ticket: ticket, code: code, by: actor)
        try await security.openSession(
            officerId: pending.officer.id, pendingHash: pendingHash, session: keys, expiresAt: sessionExpiry,
            audit: actor.entry("login", detail: "totp", at: clock.now()))
        return (pending.officer, codes)
    }

    private func prove(
        _ officer: Officer, code: String, factor: OfficerTwoFactor, pendingHash: String?, keys: SessionKeys, address: String
    ) async throws {
        let actor = AuditActor(officer, address: address)
        let now = clock.now()
        if let proof = try secondFactor.proof(code, factor: factor) {
            var lines = [actor.entry("login", detail: "totp", at: now)]
            if case .recoveryCode = proof {
                lines = [
                    actor.entry("totp.recoveryUsed", target: officer.username, at: now), actor.entry("login", detail: "recovery", at: now),
                ]
            }
            if try await security.completeLogin(
                pendingHash: pendingHash, officerId: officer.id, proof: proof, session: keys, expiresAt: sessionExpiry, audit: lines)
            {
                return
            }
        }
        let line = actor.entry("login.codeFailed", at: now)
        if let pendingHash {
            try await security.failPendingLogin(tokenHash: pendingHash, maxAttempts: Self.maxCodeAttempts, audit: line)
        } else {
            try await audit.record(line)
        }
        throw DomainError(.unauthenticated, "auth.invalidCode")
    }

    /// Changes the officer's password once `current` is proven, and ends the officer's other sessions.
    public func changePassword(
        of officer: Officer, current: String, new password: String, keepSession: String?, by actor: AuditActor
    ) async throws {
        guard let found = try await accounts.credentials(username: officer.username),
            await passwords.verify(current, hash: found.passwordHash)
        else { throw DomainError.invalid("current", "password.wrongCurrent") }
        try PasswordRules.check(password, differentFrom: current)
        let hash = await passwords.hash(password)
        try await security.changePassword(
            officerId: officer.id, passwordHash: hash, keepSession: keepSession,
            audit: actor.entry("password.changed", target: officer.username, at: clock.now()))
    }

    /// Closes the session whose token hashes to `tokenHash`.
    public func logout(tokenHash: String, by actor: AuditActor) async throws {
        try await accounts.deleteSession(tokenHash: tokenHash, audit: actor.entry("logout", at: clock.now()))
    }
}

extension OfficerSessionService {
    /// Until when an attempt of `user` from `address` is refused at `now`. The account's wait (in
    /// the database) holds where it failed within the window, or everywhere once the failures are
    /// many enough to be a guessing spread over many addresses; an unknown username's failures in a
    /// row are kept by the throttle and wait the same way, so that the answers do not tell them apart.
    func backingOff(_ found: (officer: Officer, passwordHash: String)?, user: String, address: String, now: Date) async throws -> Date? {
        let state: (failures: Int, retryAfter: Date?)
        if let found {
            state = try await security.backoff(officerId: found.officer.id)
        } else {
            let unknown = try await throttle.unknownFailures(user: user, now: now)
            state = (unknown.failures, unknown.last.flatMap { backoff.retryAfter(failures: unknown.failures, now: $0) })
        }
        guard state.retryAfter != nil else { return nil }
        let here = try await throttle.failedHere(user: user, address: address, now: now)
        return here || backoff.appliesEverywhere(failures: state.failures) ? state.retryAfter : nil
    }
}
