import Foundation

/// Citizens' accounts: registration, the profile, sessions and the audit lines of logging in.
/// Each change and its audit line are written in one transaction; a login event that changes
/// nothing is written to the audit log alone.
public struct CitizenAccountService: Sendable {
    let citizens: any CitizenRepository
    let agencies: any AgencyRepository
    let audit: any AuditLog
    let clock: Clock
    /// How an account backs off after failed logins.
    public let backoff: LoginBackoff

    public init(
        citizens: any CitizenRepository, agencies: any AgencyRepository, audit: any AuditLog, clock: Clock,
        backoff: LoginBackoff = LoginBackoff(freeFailures: 5, maxSeconds: 900)
    ) {
        self.citizens = citizens
        self.agencies = agencies
        self.audit = audit
        self.clock = clock
        self.backoff = backoff
    }

    /// The actor of a citizen's own actions on the audit log.
    static func actor(_ citizenId: Int64, address: String?) -> AuditActor {
        AuditActor(name: "citizen:\(citizenId)", address: address)
    }

    /// Creates an account with a normalised `profile` and the hash of its password.
    /// Opens an account; `consented` is the citizen's own tick on the personal-data notice, without
    /// which nothing is stored (`PersonalDataConsent`).
    public func register(_ profile: CitizenProfile, passwordHash: String, consented: Bool, address: String?) async throws -> Citizen {
        guard consented else { throw DomainError.invalid("consent", "citizen.consentRequired") }
        let now = clock.now()
        let version = PersonalDataConsent.noticeVersion
        return try await citizens.register(profile, passwordHash: passwordHash, consentVersion: version, now: now) { citizen in
            Self.actor(citizen.id, address: address).entry("citizen.register", detail: "consent \(version)", at: now)
        }
    }

    /// Replaces the citizen's normalised profile: a phone or an e-mail stays, and the commune must exist.
    /// What an identity provider verified (name, birth date, ID number) is kept as it verified it.
    public func updateProfile(of citizen: Citizen, to changed: CitizenProfile, address: String?) async throws -> Citizen {
        var profile = changed
        if citizen.identityLevel > .selfDeclared {
            (profile.fullName, profile.birthDate, profile.idNumber) =
                (citizen.profile.fullName, citizen.profile.birthDate, citizen.profile.idNumber)
        }
        guard profile.phone != nil || profile.email != nil else { throw DomainError.invalid("phone", "citizen.needLogin") }
        if let unit = profile.unitCode, try await agencies.communeAgency(unitCode: unit, kind: .communeOneStop) == nil {
            throw DomainError.invalid("unitCode", "unit.notFound")
        }
        let line = Self.actor(citizen.id, address: address).entry("citizen.profile", at: clock.now())
        return try await citizens.updateProfile(citizenId: citizen.id, profile, audit: line)
    }

    /// Opens a session of `hours` for the citizen, known by the hash of its token.
    public func startSession(for citizen: Citizen, tokenHash: String, csrfToken: String, hours: Int) async throws {
        let now = clock.now()
        try await citizens.createSession(
            tokenHash: tokenHash, citizenId: citizen.id, csrfToken: csrfToken,
            expiresAt: now.addingTimeInterval(Double(hours) * 3600), now: now)
    }

    /// Closes the session known by the hash of its token.
    public func endSession(tokenHash: String, citizen: Citizen?, address: String?) async throws {
        let line = citizen.map { Self.actor($0.id, address: address).entry("citizen.logout", at: clock.now()) }
        try await citizens.deleteSession(tokenHash: tokenHash, audit: line)
    }

    // MARK: logging in

    /// The account whose phone or e-mail is `login`, with its password hash and lockout.
    public func credentials(login: String) async throws -> CitizenCredentials? {
        try await citizens.credentials(login: login)
    }

    /// Records a login refused because the login or the address tried too often.
    public func loginBlocked(login: String, address: String?) async throws {
        try await audit.record(AuditActor(name: "citizen:\(login)", address: address).entry("citizen.login.blocked", at: clock.now()))
    }

    /// Records a login refused because the account (or, for an unknown login, the address) is backing off.
    public func loginLocked(login: String, account: CitizenCredentials?, address: String?) async throws {
        let actor = account.map { Self.actor($0.citizen.id, address: address) } ?? AuditActor(name: "citizen:\(login)", address: address)
        try await audit.record(actor.entry("citizen.login.locked", at: clock.now()))
    }

    /// Records a wrong password (or an unknown login): counts it on the account, which then backs
    /// off (each attempt beyond the free ones waits twice as long as the one before).
    public func loginFailed(login: String, account: CitizenCredentials?, address: String?) async throws {
        let now = clock.now()
        let line = AuditActor(name: "citizen:\(login)", address: address).entry("citizen.login.failed", at: now)
        guard let account else { return try await audit.record(line) }
        // The refusal's line goes through the audit log's aggregation, not in the counter's transaction.
        try await citizens.recordFailedLogin(citizenId: account.citizen.id, backoff: backoff, now: now)
        try await audit.record(line)
    }

    /// Seconds an attempt of this login must still wait (zero when it may try now): the account's
    /// wait, or for an unknown login its failures in a row (`unknown`, on the wall clock, which reads
    /// `wallNow`) waiting as an account's would. The wait holds where the login failed within the
    /// window (`failedHere`), or everywhere once the failures are many enough to be a guessing spread
    /// over many addresses, so that the answers do not tell known and unknown logins apart.
    public func waitSeconds(
        _ account: CitizenCredentials?, failedHere: Bool, unknown: (failures: Int, last: Date?), wallNow: Date
    ) -> Int {
        let failures = account?.failedLogins ?? unknown.failures
        let now = account == nil ? wallNow : clock.now()
        let until = account.map { $0.lockedUntil } ?? unknown.last.flatMap { backoff.retryAfter(failures: unknown.failures, now: $0) }
        guard failedHere || backoff.appliesEverywhere(failures: failures), let until, until > now else { return 0 }
        return Int(until.timeIntervalSince(now).rounded(.up))
    }

    /// Records a successful login, clearing the account's failed attempts.
    public func loginSucceeded(_ account: CitizenCredentials, address: String?) async throws {
        let line = Self.actor(account.citizen.id, address: address).entry("citizen.login", at: clock.now())
        guard account.failedLogins > 0 else { return try await audit.record(line) }
        try await citizens.resetFailedLogins(citizenId: account.citizen.id, audit: line)
    }
}
