import Domain
import Foundation
import Signing
import Testing

/// The TOTP implementation against RFC 6238 appendix B and base32 against RFC 4648 §10.
@Suite("TOTP")
struct TOTPTests {
    @Test("RFC 6238 appendix B, SHA-1: the published 8-digit values at the published times")
    func rfc6238() {
        let secret = Array("12345678901234567890".utf8)
        let vectors: [(Double, String)] = [
            (59, "94287082"), (1_111_111_109, "07081804"), (1_111_111_111, "14050471"),
            (1_234_567_890, "89005924"), (2_000_000_000, "69279037"), (20_000_000_000, "65353130"),
        ]
        for (time, expected) in vectors {
            #expect(TOTPAuthenticator.totp(secret: secret, time: Date(timeIntervalSince1970: time), digits: 8) == expected, "T = \(time)")
        }
        // Six digits are the last six of the same value (RFC 4226 §5.4's modulus).
        #expect(TOTPAuthenticator.totp(secret: secret, time: Date(timeIntervalSince1970: 59)) == "287082")
    }

    @Test("base32 of RFC 4648 §10, both ways")
    func base32() {
        let vectors = ["": "", "f": "MY", "fo": "MZXQ", "foo": "MZXW6", "foob": "MZXW6YQ", "fooba": "MZXW6YTB", "foobar": "MZXW6YTBOI"]
        for (plain, encoded) in vectors {
            #expect(Base32.encode(Array(plain.utf8)) == encoded)
            #expect(Base32.decode(encoded) == Array(plain.utf8))
        }
        #expect(Base32.decode("mzxw 6ytb oi==") == Array("foobar".utf8))
        #expect(Base32.decode("MZXW1") == nil)
    }

    @Test("a sealed secret opens only with the key that sealed it")
    func sealing() throws {
        let a = TOTPAuthenticator(keyEncryptionSecret: "one-secret-of-16-chars")
        let b = TOTPAuthenticator(keyEncryptionSecret: "another-secret-of-16")
        let secret = a.newSecret()
        #expect(secret.count == 20)
        let sealed = try a.seal(secret)
        #expect(try a.open(sealed) == secret)
        #expect(throws: (any Error).self) { try b.open(sealed) }
    }
}
