import Foundation

/// Officers' second factor: RFC 6238 codes (30-second steps, one step either side accepted, a
/// step never accepted twice) and single-use recovery codes, kept hashed.
public struct SecondFactor: Sendable {
    let security: any OfficerSecurityRepository
    let otp: any OneTimePasswords
    let clock: Clock
    /// Roles that must have a second factor (administrators and leaders in production).
    public let requiredRoles: Set<Role>

    public init(security: any OfficerSecurityRepository, otp: any OneTimePasswords, clock: Clock, requiredRoles: Set<Role>) {
        self.security = security
        self.otp = otp
        self.clock = clock
        self.requiredRoles = requiredRoles
    }

    /// Seconds per step (RFC 6238's default).
    static let stepSeconds = 30.0
    /// Recovery codes given at enrolment.
    static let recoveryCodeCount = 10

    /// Whether `officer` must have a second factor.
    public func isRequired(for officer: Officer) -> Bool { !officer.roles.isDisjoint(with: requiredRoles) }

    /// The 30-second step of `date`.
    public static func step(_ date: Date) -> Int64 { Int64((date.timeIntervalSince1970 / stepSeconds).rounded(.down)) }

    /// What `code` proves for `factor` now: a code of the current step or one either side that was
    /// not used yet, or a recovery code's hash; nil when it proves nothing.
    func proof(_ code: String, factor: OfficerTwoFactor) throws -> SecondFactorProof? {
        let text = code.filter { !$0.isWhitespace }
        if text.count == 6, text.allSatisfy(\.isASCII), text.allSatisfy(\.isNumber) {
            let secret = try otp.open(factor.sealedSecret)
            let now = Self.step(clock.now())
            for step in [now - 1, now, now + 1] where step > factor.lastStep && otp.code(secret: secret, step: step) == text {
                return .step(step)
            }
            return nil
        }
        let normalised = text.lowercased().replacingOccurrences(of: "-", with: "")
        guard normalised.count == 10, normalised.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }) else { return nil }
        return .recoveryCode(hash: otp.hash(normalised))
    }

    /// A new secret for `officer` and the ticket that carries it, sealed and bound to the officer,
    /// through the enrolment form.
    public func startEnrolment(for officer: Officer) throws -> (secret: [UInt8], ticket: String) {
        let secret = otp.newSecret()
        return (secret, try otp.seal(Array("\(officer.id):".utf8) + secret))
    }

    /// The secret an enrolment ticket of `officer` carries (to show it again after a wrong code).
    public func secret(ofTicket ticket: String, for officer: Officer) -> [UInt8]? {
        let prefix = Array("\(officer.id):".utf8)
        guard let opened = try? otp.open(ticket), opened.starts(with: prefix) else { return nil }
        return Array(opened.dropFirst(prefix.count))
    }

    /// The officer's second factor, if enabled.
    public func status(of officer: Officer) async throws -> OfficerTwoFactor? { try await security.twoFactor(officerId: officer.id) }

    /// Enables the second factor of the ticket once `code` proves the officer's app has it; returns
    /// the recovery codes, shown once (only their hashes are kept).
    public func confirmEnrolment(for officer: Officer, ticket: String, code: String, by actor: AuditActor) async throws -> [String] {
        guard let secret = secret(ofTicket: ticket, for: officer) else { throw DomainError.invalid("ticket", "totp.badTicket") }
        let sealed = try otp.seal(secret)
        let probe = OfficerTwoFactor(sealedSecret: sealed, lastStep: 0, recoveryCodesLeft: 0)
        guard case .step(let step)? = try proof(code, factor: probe) else { throw DomainError.invalid("code", "auth.invalidCode") }
        let codes = (0..<Self.recoveryCodeCount).map { _ in Self.recoveryCode() }
        try await security.enableTwoFactor(
            officerId: officer.id, sealedSecret: sealed, step: step,
            recoveryHashes: codes.map { otp.hash($0.replacingOccurrences(of: "-", with: "")) },
            audit: actor.entry("totp.enrolled", target: officer.username, at: clock.now()))
        return codes
    }

    /// Removes the officer's second factor, proven by a current code; refused when the role requires one.
    public func disable(for officer: Officer, code: String, by actor: AuditActor) async throws {
        if isRequired(for: officer) { throw DomainError.forbidden("totp.required") }
        guard let factor = try await security.twoFactor(officerId: officer.id), try proof(code, factor: factor) != nil else {
            throw DomainError.invalid("code", "auth.invalidCode")
        }
        try await security.disableTwoFactor(
            officerId: officer.id, audit: actor.entry("totp.disabled", target: officer.username, at: clock.now()))
    }

    /// A recovery code: ten characters of base32 in two groups (`abcde-fghij`).
    static func recoveryCode() -> String {
        var generator = SystemRandomNumberGenerator()
        let chars = (0..<10).map { _ in Character(UnicodeScalar(Base32.alphabet[Int(generator.next(upperBound: UInt32(32)))])) }
        return (String(chars.prefix(5)) + "-" + String(chars.suffix(5))).lowercased()
    }
}
