import Crypto
import Foundation
import Testing

@testable import Web

/// The hand-written base64url and hex of `Tokens` agree with Foundation's encodings.
@Suite("Tokens")
struct TokenTests {
    @Test("base64url and hex equal Foundation's, for every length up to 40 bytes")
    func encodings() {
        var generator = SystemRandomNumberGenerator()
        for length in 0...40 {
            let bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }
            let foundation = Data(bytes).base64EncodedString()
                .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
            #expect(Tokens.base64URL(bytes) == foundation, "length \(length)")
            #expect(Tokens.hex(bytes) == bytes.map { String(format: "%02x", $0) }.joined(), "length \(length)")
        }
        let token = Tokens.random()
        #expect(token.count == 43 && Tokens.wellFormed(token))
        #expect(Tokens.hash("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }
}
