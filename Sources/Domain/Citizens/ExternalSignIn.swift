import Foundation

/// One sign-in through an external identity provider, from the redirect to the callback: the values
/// the callback must match (`state`, the ID token's `nonce`, the PKCE verifier, the browser's binding),
/// where to go after, and whether the citizen consented to an account being opened. Used once.
public struct SignInAttempt: Sendable, Hashable {
    public var state: String
    public var nonce: String
    public var codeVerifier: String
    /// The hash of the random value the browser keeps in a cookie: a callback from another browser is refused.
    public var browserHash: String
    public var next: String
    public var consented: Bool
    public var expiresAt: Date

    public init(
        state: String, nonce: String, codeVerifier: String, browserHash: String, next: String, consented: Bool, expiresAt: Date
    ) {
        self.state = state
        self.nonce = nonce
        self.codeVerifier = codeVerifier
        self.browserHash = browserHash
        self.next = next
        self.consented = consented
        self.expiresAt = expiresAt
    }
}

/// How a verified identity met an account.
public enum ExternalSignInOutcome: String, Sendable {
    /// The account already carried this identity.
    case known
    /// A local account with the same ID number now carries it.
    case linked
    /// A new account was opened from it.
    case created
}

/// The attempts of external sign-ins and the accounts they lead to.
public protocol ExternalSignInRepository: Sendable {
    /// Stores an attempt (and drops the expired ones).
    func createAttempt(_ attempt: SignInAttempt, now: Date) async throws
    /// Marks the attempt of `state` used and returns it, once: nil when it is unknown, expired or
    /// already used (another request, on any instance, took it).
    func consumeAttempt(state: String, now: Date) async throws -> SignInAttempt?
    /// In one transaction: the account carrying the identity's subject, else the account whose ID number
    /// it is (which then carries it), else a new account when `consentVersion` is given; its verified
    /// claims and level written; `audit` (given the account and the outcome) inserted.
    func signIn(
        _ identity: VerifiedIdentity, consentVersion: String?, now: Date,
        audit: @escaping @Sendable (Citizen, ExternalSignInOutcome) -> AuditEntry
    ) async throws -> (Citizen, ExternalSignInOutcome)
}

/// Sign-in through an external identity provider (VNeID): the attempts, single use and expiring,
/// and the account the verified identity maps onto, each with its audit line.
public struct ExternalSignInService: Sendable {
    let repository: any ExternalSignInRepository
    let audit: any AuditLog
    let clock: Clock
    /// How long a citizen has at the provider before the attempt expires.
    public let attemptLifetime: TimeInterval

    public init(repository: any ExternalSignInRepository, audit: any AuditLog, clock: Clock, attemptLifetime: TimeInterval = 600) {
        self.repository = repository
        self.audit = audit
        self.clock = clock
        self.attemptLifetime = attemptLifetime
    }

    /// The clock's now (the ID token's times are checked against it).
    public func now() -> Date { clock.now() }

    /// Stores a new attempt that expires after `attemptLifetime`.
    public func begin(
        state: String, nonce: String, codeVerifier: String, browserHash: String, next: String, consented: Bool
    ) async throws -> SignInAttempt {
        let now = clock.now()
        let attempt = SignInAttempt(
            state: state, nonce: nonce, codeVerifier: codeVerifier, browserHash: browserHash, next: next, consented: consented,
            expiresAt: now.addingTimeInterval(attemptLifetime))
        try await repository.createAttempt(attempt, now: now)
        return attempt
    }

    /// The attempt a callback's `state` names, taken once; throws when it is unknown, used or expired.
    public func take(state: String) async throws -> SignInAttempt {
        guard !state.isEmpty, state.count <= 200, let attempt = try await repository.consumeAttempt(state: state, now: clock.now())
        else { throw DomainError(.unauthenticated, "oidc.state") }
        return attempt
    }

    /// The account of a verified identity (found, linked by ID number, or opened with the consent the
    /// attempt carries), its claims and level written with an audit line in the same transaction.
    public func signIn(_ identity: VerifiedIdentity, attempt: SignInAttempt, address: String?) async throws -> (
        Citizen, ExternalSignInOutcome
    ) {
        let now = clock.now()
        let version = attempt.consented ? PersonalDataConsent.noticeVersion : nil
        return try await repository.signIn(identity, consentVersion: version, now: now) { citizen, outcome in
            AuditActor(name: "citizen:\(citizen.id)", address: address).entry(
                "citizen.login.\(identity.provider)",
                detail: "\(outcome.rawValue), level \(identity.level.rawValue)" + (outcome == .created ? ", consent \(version ?? "")" : ""),
                at: now)
        }
    }

    /// Records a refused callback (a bad token, a replayed nonce) with its reason.
    public func refused(provider: String, reason: String, address: String?) async throws {
        try await audit.record(
            AuditActor(name: "citizen:\(provider)", address: address).entry("citizen.login.refused", detail: reason, at: clock.now()))
    }
}
