import Foundation

/// Citizens' passwords: a change (the current password proven by the caller) ends the other
/// sessions; a forgotten one is reset with a one-time code sent through the outbox to the
/// account's phone or e-mail. The answer to a request is the same whether or not the account
/// exists; a code is kept hashed, lives 15 minutes, survives 5 wrong tries, and a reset ends every session.
public struct CitizenPasswordService: Sendable {
    let citizens: any CitizenRepository
    let passwords: any CitizenPasswordRepository
    let audit: any AuditLog
    let clock: Clock

    /// How long a reset code lives.
    public static let codeSeconds = 900.0
    /// Wrong codes a reset survives.
    public static let maxAttempts = 5
    /// Codes one account may be sent per hour.
    public static let codesPerHour = 3

    public init(citizens: any CitizenRepository, passwords: any CitizenPasswordRepository, audit: any AuditLog, clock: Clock) {
        self.citizens = citizens
        self.passwords = passwords
        self.audit = audit
        self.clock = clock
    }

    /// Changes the citizen's password to the one hashed as `passwordHash`; the session `keepSession` stays.
    public func changePassword(of citizen: Citizen, passwordHash: String, keepSession: String?, address: String?) async throws {
        let line = CitizenAccountService.actor(citizen.id, address: address).entry("citizen.password.changed", at: clock.now())
        try await passwords.changePassword(citizenId: citizen.id, passwordHash: passwordHash, keepSession: keepSession, audit: line)
    }

    /// Sends `code` (whose hash is `codeHash`) to the account whose phone or e-mail is `login`, if there
    /// is one and it has not been sent too many codes this hour; answers nothing either way.
    public func requestReset(login: String, code: String, codeHash: String, language: String, address: String?) async throws {
        let now = clock.now()
        guard let account = try await citizens.credentials(login: login) else {
            return try await audit.record(AuditActor(name: "citizen:\(login)", address: address).entry("citizen.reset.unknown", at: now))
        }
        let actor = CitizenAccountService.actor(account.citizen.id, address: address)
        if try await passwords.resetsIssued(citizenId: account.citizen.id, since: now.addingTimeInterval(-3600)) >= Self.codesPerHour {
            return try await audit.record(actor.entry("citizen.reset.limited", at: now))
        }
        let channel: MessageChannel = login.contains("@") ? .email : .sms
        let message = OutboundMessage(
            channel: channel, recipient: login, template: "passwordReset", params: ["code": code], language: language)
        try await passwords.createPasswordReset(
            citizenId: account.citizen.id, codeHash: codeHash, expiresAt: now.addingTimeInterval(Self.codeSeconds), message: message,
            audit: actor.entry("citizen.reset.requested", detail: channel.rawValue, at: now))
    }

    /// Whether `codeHash` is that of the live reset of the account `login` (a wrong one counts against it).
    /// The caller hashes the new password only after this, then calls `completeReset`.
    public func checkReset(login: String, codeHash: String, address: String?) async throws -> (citizen: Citizen, resetId: Int64) {
        let now = clock.now()
        guard let account = try await citizens.credentials(login: login),
            let reset = try await passwords.liveReset(citizenId: account.citizen.id, now: now, maxAttempts: Self.maxAttempts)
        else {
            try await audit.record(AuditActor(name: "citizen:\(login)", address: address).entry("citizen.reset.failed", at: now))
            throw DomainError.invalid("code", "reset.invalidCode")
        }
        guard reset.codeHash == codeHash else {
            let line = CitizenAccountService.actor(account.citizen.id, address: address).entry("citizen.reset.failed", at: now)
            try await passwords.failPasswordReset(id: reset.id, audit: line)
            throw DomainError.invalid("code", "reset.invalidCode")
        }
        return (account.citizen, reset.id)
    }

    /// Sets the password of a checked reset and ends every session of the account.
    public func completeReset(citizen: Citizen, resetId: Int64, passwordHash: String, address: String?) async throws {
        let line = CitizenAccountService.actor(citizen.id, address: address).entry("citizen.password.reset", at: clock.now())
        guard try await passwords.completePasswordReset(id: resetId, citizenId: citizen.id, passwordHash: passwordHash, audit: line) else {
            throw DomainError.invalid("code", "reset.invalidCode")
        }
    }
}
