import Crypto
import Foundation

/// Random tokens and their hashes for sessions, CSRF and form submissions.
enum Tokens {
    /// 32 random bytes, base64url without padding (43 characters).
    static func random() -> String {
        var generator = SystemRandomNumberGenerator()
        var bytes: [UInt8] = []
        bytes.reserveCapacity(32)
        for _ in 0..<4 { withUnsafeBytes(of: generator.next() as UInt64) { bytes.append(contentsOf: $0) } }
        return base64URL(bytes)
    }

    private static let base64URLAlphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)
    private static let hexDigits = Array("0123456789abcdef".utf8)

    /// Base64url (RFC 4648 §5) without padding, written directly (a page answer makes one per
    /// anonymous visitor: Foundation's base64 and three `replacingOccurrences` cost 5 % of it).
    static func base64URL(_ bytes: [UInt8]) -> String {
        var out: [UInt8] = []
        out.reserveCapacity((bytes.count * 4 + 2) / 3)
        func digit(_ n: UInt32, _ shift: UInt32) -> UInt8 { base64URLAlphabet[Int((n >> shift) & 63)] }
        var i = 0
        while i + 2 < bytes.count {
            let n = UInt32(bytes[i]) << 16 | UInt32(bytes[i + 1]) << 8 | UInt32(bytes[i + 2])
            out += [digit(n, 18), digit(n, 12), digit(n, 6), digit(n, 0)]
            i += 3
        }
        if bytes.count - i == 1 {
            let n = UInt32(bytes[i]) << 16
            out += [digit(n, 18), digit(n, 12)]
        } else if bytes.count - i == 2 {
            let n = UInt32(bytes[i]) << 16 | UInt32(bytes[i + 1]) << 8
            out += [digit(n, 18), digit(n, 12), digit(n, 6)]
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Lower-case hex of `bytes`.
    static func hex(_ bytes: some Sequence<UInt8>) -> String {
        var out: [UInt8] = []
        for byte in bytes { out += [hexDigits[Int(byte >> 4)], hexDigits[Int(byte & 15)]] }
        return String(decoding: out, as: UTF8.self)
    }

    /// Hex SHA-256: what the store keeps instead of a session token.
    static func hash(_ token: String) -> String { hex(SHA256.hash(data: Data(token.utf8))) }

    /// Hex SHA-256 of bytes (file fingerprints).
    static func sha256Hex(_ bytes: [UInt8]) -> String { hex(SHA256.hash(data: bytes)) }

    /// Compares two strings in time independent of where they differ.
    static func equal(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8)
        let y = Array(b.utf8)
        guard x.count == y.count else { return false }
        return zip(x, y).reduce(UInt8(0)) { $0 | ($1.0 ^ $1.1) } == 0
    }

    /// Whether `token` has the shape of one of ours (length and alphabet), before any lookup.
    static func wellFormed(_ token: String) -> Bool {
        token.count == 43 && token.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }
    }
}
