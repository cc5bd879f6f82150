import Foundation

/// RFC 6238 codes and the sealing of their secrets at rest; implemented over swift-crypto
/// (`TOTPAuthenticator` in Signing), since Domain imports only Foundation.
public protocol OneTimePasswords: Sendable {
    /// A new random secret (20 bytes, as RFC 4226 recommends).
    func newSecret() -> [UInt8]
    /// The 6-digit code of `secret` for the 30-second step `step`.
    func code(secret: [UInt8], step: Int64) -> String
    /// The secret encrypted and authenticated under the platform's key-encryption key.
    func seal(_ secret: [UInt8]) throws -> String
    /// The secret of `sealed`; throws when it was not sealed with this key.
    func open(_ sealed: String) throws -> [UInt8]
    /// Hex SHA-256 of `text` (recovery codes and login challenges are stored only hashed).
    func hash(_ text: String) -> String
}

/// An officer's second factor as stored.
public struct OfficerTwoFactor: Sendable, Hashable {
    /// The secret, sealed.
    public var sealedSecret: String
    /// The last 30-second step a code was accepted for: a code of this step or an earlier one is refused.
    public var lastStep: Int64
    /// Recovery codes not used yet.
    public var recoveryCodesLeft: Int

    public init(sealedSecret: String, lastStep: Int64, recoveryCodesLeft: Int) {
        self.sealedSecret = sealedSecret
        self.lastStep = lastStep
        self.recoveryCodesLeft = recoveryCodesLeft
    }
}

/// What proved the second factor of a login: a code of a 30-second step, or a recovery code (by its hash).
public enum SecondFactorProof: Sendable, Hashable {
    case step(Int64)
    case recoveryCode(hash: String)
}

/// A password accepted for an officer who still owes a second factor: a short-lived state
/// known by the hash of its token, that is not a session.
public struct PendingLogin: Sendable, Hashable {
    public var officer: Officer
    /// Whether the officer must first enrol (no second factor yet, but the role requires one).
    public var mustEnrol: Bool

    public init(officer: Officer, mustEnrol: Bool) {
        self.officer = officer
        self.mustEnrol = mustEnrol
    }
}

/// The outcome of a password accepted by `OfficerSessionService.login`.
public enum LoginOutcome: Sendable, Hashable {
    /// A session was opened.
    case signedIn(Officer)
    /// The officer has a second factor: the pending login waits for a code.
    case codeRequired
    /// The officer's role requires a second factor they do not have: the pending login may only enrol.
    case enrolmentRequired
}
