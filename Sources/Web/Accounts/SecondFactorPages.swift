import Domain
import Foundation

/// The code asked for after the password (`totp-code` template).
struct TOTPCodePage: PageModel {
    static let template = "totp-code"
    let action = Routes.loginCode.link()
    var error: String?
}

/// The officer's security page (`officer-security` template): the second factor (enrolment with
/// the secret as an `otpauth://` URI and as base32 text, or its status and how to remove it) and
/// the link to change the password. `forced`: the pending login of a role that requires it.
struct OfficerSecurityPage: PageModel {
    static let template = "officer-security"

    /// An enrolment in progress: the secret, shown, and its sealed ticket for the form.
    struct Enrolment: Encodable, Sendable {
        let action: String
        let uri: String
        /// The base32 secret in groups of four, easier to type.
        let secret: String
        let ticket: String
    }

    var forced = false
    var enrolment: Enrolment?
    var enrolled = false
    var recoveryLeft = 0
    let disableAction = Routes.officerTOTPDisable.link()
    let passwordLink = Routes.officerPassword.link()
    var error: String?

    /// The `otpauth://` URI authenticator apps read (Key URI format: SHA1, 6 digits, 30 seconds).
    static func uri(secret: [UInt8], username: String) -> String {
        // Issuer and account joined by a literal colon, as the Key URI format's examples (and pyotp) read it.
        let account = username.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting([":", "/"])) ?? username
        return "otpauth://totp/Motcua:\(account)?secret=\(Base32.encode(secret))&issuer=Motcua&algorithm=SHA1&digits=6&period=30"
    }

    static func enrolment(secret: [UInt8], ticket: String, username: String, action: String) -> Enrolment {
        let text = Base32.encode(secret)
        let groups = stride(from: 0, to: text.count, by: 4).map { i -> String in
            let start = text.index(text.startIndex, offsetBy: i)
            return String(text[start..<(text.index(start, offsetBy: 4, limitedBy: text.endIndex) ?? text.endIndex)])
        }
        return Enrolment(
            action: action, uri: uri(secret: secret, username: username), secret: groups.joined(separator: " "), ticket: ticket)
    }
}

/// The recovery codes, shown once after enrolment (`recovery-codes` template).
struct RecoveryCodesPage: PageModel {
    static let template = "recovery-codes"
    let codes: [String]
    let next = Routes.queue.link()
}

/// Changing one's password (`password-change` template), for officers and citizens.
struct PasswordChangePage: PageModel {
    static let template = "password-change"
    let action: String
    var error: String?
    var done = false
    /// An administrator set the password: the officer must choose their own before anything else.
    var required = false
}
