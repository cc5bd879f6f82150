import Domain
import Foundation
import HummingbirdBcrypt

/// The web side of officer sessions: makes the session token (the service stores only its hash)
/// and the CSRF token, and names the caller of a logout.
struct OfficerSessions: Sendable {
    let service: OfficerSessionService

    /// Checks the password (and `code`, when given): a new token that is a session's when the
    /// outcome is `signedIn`, a pending login's otherwise; or an error (wrong credentials, back-off).
    func login(username: String, password: String, code: String? = nil, client: String) async throws
        -> (token: String, outcome: LoginOutcome, csrf: String)
    {
        let token = Tokens.random()
        let csrf = Tokens.random()
        let outcome = try await service.login(
            username: username, password: password, code: code, from: client,
            keys: SessionKeys(tokenHash: Tokens.hash(token), csrfToken: csrf))
        return (token, outcome, csrf)
    }

    /// New session keys: the token for the cookie and what the store keeps.
    static func newSession() -> (token: String, keys: SessionKeys) {
        let token = Tokens.random()
        return (token, SessionKeys(tokenHash: Tokens.hash(token), csrfToken: Tokens.random()))
    }

    /// Closes the caller's session, if it has one.
    func logout(_ context: some WebContext) async throws {
        guard let hash = context.app.sessionTokenHash else { return }
        let actor = AuditActor(name: context.app.officer?.username ?? "?", address: context.clientAddress)
        try await service.logout(tokenHash: hash, by: actor)
    }
}

/// Bcrypt password checks, off the request's executor, with a decoy hash for unknown usernames.
public struct BcryptPasswords: PasswordVerifier {
    public let decoyHash: String
    let cost: UInt8

    /// A verifier whose decoy is a hash of a random token at `cost`.
    public init(cost: Int) {
        self.cost = UInt8(cost)
        decoyHash = Bcrypt.hash(Tokens.random(), cost: UInt8(cost))
    }

    public func hash(_ password: String) async -> String {
        let cost = cost
        return await Task.detached { Bcrypt.hash(password, cost: cost) }.value
    }

    public func verify(_ password: String, hash: String) async -> Bool {
        await Task.detached { Bcrypt.verify(password, hash: hash) }.value
    }
}
