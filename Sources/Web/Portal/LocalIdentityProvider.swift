import Domain
import Foundation
import HummingbirdBcrypt

/// The built-in identity provider: a phone number or e-mail address and a password. Failed
/// attempts count per account (the account locks for a while after too many) and per address.
struct LocalIdentityProvider: IdentityProvider {
    let id = "local"
    let citizens: any CitizenRepository
    let audit: any AuditLog
    let limiter: LoginRateLimiter
    let settings: WebSettings
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
        if await limiter.isBlocked(user: keys[0], address: keys[1]) {
            try await audit.record(AuditEntry(actor: "citizen:\(login)", action: "citizen.login.blocked", ip: client, at: Date()))
            throw DomainError(.tooManyRequests, "auth.tooManyAttempts")
        }
        let found = try await citizens.credentials(login: login)
        if let found, let until = found.lockedUntil, until > Date() {
            try await audit.record(AuditEntry(actor: "citizen:\(found.citizen.id)", action: "citizen.login.locked", ip: client, at: Date()))
            throw DomainError(.tooManyRequests, "auth.accountLocked")
        }
        let hash = found?.passwordHash ?? decoyHash
        let valid = await Task.detached { Bcrypt.verify(password, hash: hash) }.value
        guard let found, found.passwordHash != nil, valid else {
            await limiter.recordFailure(keys)
            if let found {
                try await citizens.recordFailedLogin(
                    citizenId: found.citizen.id, maxFailures: settings.loginMaxFailures,
                    lockUntil: Date().addingTimeInterval(Double(settings.citizenLockSeconds)))
            }
            try await audit.record(AuditEntry(actor: "citizen:\(login)", action: "citizen.login.failed", ip: client, at: Date()))
            throw DomainError(.unauthenticated, "auth.invalidCredentials")
        }
        if found.failedLogins > 0 { try await citizens.resetFailedLogins(citizenId: found.citizen.id) }
        await limiter.reset(keys[0])
        try await audit.record(AuditEntry(actor: "citizen:\(found.citizen.id)", action: "citizen.login", ip: client, at: Date()))
        return found.citizen
    }
}
