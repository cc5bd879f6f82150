import Crypto
import Domain
import Foundation

/// RFC 6238 time-based one-time passwords over swift-crypto's HMAC (RFC 4226's dynamic
/// truncation), and the sealing of their secrets with AES-GCM under a key derived from the
/// platform's key-encryption secret (`SIGNING_KEY_SECRET`, as the signing keys are).
public struct TOTPAuthenticator: OneTimePasswords {
    let sealing: SymmetricKey

    /// An authenticator whose sealing key is derived from `keyEncryptionSecret`.
    public init(keyEncryptionSecret: String) {
        sealing = SymmetricKey(data: SHA256.hash(data: Data(("motcua-totp:" + keyEncryptionSecret).utf8)))
    }

    /// The `digits`-digit HOTP value of `secret` for `counter`, with HMAC-SHA-1 (RFC 4226 §5.3).
    public static func hotp(secret: [UInt8], counter: UInt64, digits: Int = 6) -> String {
        var message = [UInt8](repeating: 0, count: 8)
        for i in 0..<8 { message[i] = UInt8((counter >> UInt64(8 * (7 - i))) & 0xff) }
        let mac = Array(HMAC<Insecure.SHA1>.authenticationCode(for: message, using: SymmetricKey(data: secret)))
        let offset = Int(mac[mac.count - 1] & 0x0f)
        let binary =
            (UInt32(mac[offset] & 0x7f) << 24) | (UInt32(mac[offset + 1]) << 16) | (UInt32(mac[offset + 2]) << 8) | UInt32(mac[offset + 3])
        var modulus: UInt32 = 1
        for _ in 0..<digits { modulus *= 10 }
        let value = String(binary % modulus)
        return String(repeating: "0", count: digits - value.count) + value
    }

    /// The `digits`-digit TOTP value of `secret` at `time` (30-second steps from the Unix epoch, RFC 6238 §4).
    public static func totp(secret: [UInt8], time: Date, digits: Int = 6) -> String {
        hotp(secret: secret, counter: UInt64(max(0, SecondFactor.step(time))), digits: digits)
    }

    public func newSecret() -> [UInt8] {
        var generator = SystemRandomNumberGenerator()
        return (0..<20).map { _ in UInt8.random(in: 0...255, using: &generator) }
    }

    public func code(secret: [UInt8], step: Int64) -> String { Self.hotp(secret: secret, counter: UInt64(max(0, step))) }

    public func seal(_ secret: [UInt8]) throws -> String {
        try AES.GCM.seal(Data(secret), using: sealing).combined!.base64EncodedString()
    }

    public func open(_ sealed: String) throws -> [UInt8] {
        guard let combined = Data(base64Encoded: sealed) else { throw DomainError.invalid("ticket", "totp.badTicket") }
        return Array(try AES.GCM.open(AES.GCM.SealedBox(combined: combined), using: sealing))
    }

    public func hash(_ text: String) -> String {
        SHA256.hash(data: Data(text.utf8)).map { String(format: "%02x", $0) }.joined()
    }
}
