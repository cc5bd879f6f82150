import Domain
import Foundation
import HummingbirdBcrypt

/// The web side of officer sessions: makes the session token (the service stores only its hash)
/// and the CSRF token, and names the caller of a logout.
struct OfficerSessions: Sendable {
    let service: OfficerSessionService

    /// A new session token and its officer, or an error (wrong credentials, too many attempts).
    func login(username: String, password: String, client: String) async throws -> (token: String, officer: Officer, csrf: String) {
        let token = Tokens.random()
        let csrf = Tokens.random()
        let officer = try await service.login(
            username: username, password: password, from: client, keys: SessionKeys(tokenHash: Tokens.hash(token), csrfToken: csrf))
        return (token, officer, csrf)
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

    /// A verifier whose decoy is a hash of a random token at `cost`.
    public init(cost: Int) { decoyHash = Bcrypt.hash(Tokens.random(), cost: UInt8(cost)) }

    public func verify(_ password: String, hash: String) async -> Bool {
        await Task.detached { Bcrypt.verify(password, hash: hash) }.value
    }
}

extension LoginRateLimiter: LoginThrottle {}
