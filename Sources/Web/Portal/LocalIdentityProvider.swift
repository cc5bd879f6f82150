import Domain
import Foundation
import HummingbirdBcrypt

/// The built-in identity provider: a phone number or e-mail address and a password. Failed
/// attempts count per account (which backs off: `LoginBackoff`) and per address.
struct LocalIdentityProvider: IdentityProvider {
    let id = "local"
    let accounts: CitizenAccountService
    let limiter: LoginRateLimiter
    /// Checked when the login is unknown, so that timing does not reveal which accounts exist.
    let decoyHash: String

    /// The login as stored: e-mails lower-cased, phones in the 0xxxxxxxxx form.
    static func normalisedLogin(_ text: String) -> String {
        let t = text.trimmingCharacters(in: .whitespacesAndNewlines)
        return t.contains("@") ? t.lowercased() : CitizenProfile.normalisedPhone(t)
    }

    func authenticate(_ presented: [String: String], client: String) async throws -> Citizen {
        let login = Self.normalisedLogin(presented["login"] ?? "")
        let password = presented["password"] ?? ""
        guard !login.isEmpty, login.count <= 254, !password.isEmpty, password.count <= 200 else {
            throw DomainError(.invalid, "auth.missingCredentials")
        }
        let keys = ["citizen:\(login)", "citizen-ip:\(client)"]
        let now = limiter.clock.now()
        if try await limiter.isBlocked(address: keys[1], now: now) {
            try await accounts.loginBlocked(login: login, address: client)
            throw DomainError(.tooManyRequests, "auth.tooManyAttempts")
        }
        let found = try await accounts.credentials(login: login)
        let unknown = found == nil ? try await limiter.unknownFailures(user: keys[0], now: now) : (0, nil)
        let wait = accounts.waitSeconds(
            found, failedHere: try await limiter.failedHere(user: keys[0], address: keys[1], now: now), unknown: unknown,
            wallNow: now)
        if wait > 0 {
            try await accounts.loginLocked(login: login, account: found, address: client)
            throw DomainError(.tooManyRequests, "auth.backoff", ["seconds": String(wait)])
        }
        let hash = found?.passwordHash ?? decoyHash
        let valid = await Task.detached { Bcrypt.verify(password, hash: hash) }.value
        guard let found, found.passwordHash != nil, valid else {
            try await limiter.recordFailure(user: keys[0], address: keys[1], unknown: found == nil, now: limiter.clock.now())
            try await accounts.loginFailed(login: login, account: found, address: client)
            throw DomainError(.unauthenticated, "auth.invalidCredentials")
        }
        try await accounts.loginSucceeded(found, address: client)
        try await limiter.reset(user: keys[0])
        return found.citizen
    }
}
