import Crypto
import CryptoExtras
import Foundation

/// The provider's signing keys (a JWKS, RFC 7517), each ready to check signatures: RSA keys for
/// RS256 (2048 bits or more) and P-256 keys for ES256. Keys of other types, or meant for encryption,
/// are left out.
struct JSONWebKeySet: Sendable {
    /// A verification key and the algorithm it checks.
    enum Key: Sendable {
        case rs256(_RSA.Signing.PublicKey)
        case es256(P256.Signing.PublicKey)
    }

    /// Keys by `kid` (a key without one is kept under the empty string).
    let keys: [String: Key]

    private struct Document: Decodable {
        struct Entry: Decodable {
            // swift-format-ignore: AlwaysUseLowerCamelCase
            let kty: String, kid: String?, use: String?, alg: String?, n: String?, e: String?, crv: String?, x: String?, y: String?
        }
        let keys: [Entry]
    }

    init(keys: [String: Key]) { self.keys = keys }

    /// Reads a JWKS document; throws when it is not one.
    init(json data: Data) throws {
        let document = try JSONDecoder().decode(Document.self, from: data)
        var keys: [String: Key] = [:]
        for entry in document.keys where entry.use == nil || entry.use == "sig" {
            switch entry.kty {
            case "RSA" where entry.alg == nil || entry.alg == "RS256":
                guard let n = entry.n.flatMap(Base64URL.decode), let e = entry.e.flatMap(Base64URL.decode),
                    let key = try? _RSA.Signing.PublicKey(n: n, e: e)
                else { continue }
                keys[entry.kid ?? ""] = .rs256(key)
            case "EC" where entry.crv == "P-256" && (entry.alg == nil || entry.alg == "ES256"):
                guard let x = entry.x.flatMap(Base64URL.decode), let y = entry.y.flatMap(Base64URL.decode), x.count == 32, y.count == 32,
                    let key = try? P256.Signing.PublicKey(rawRepresentation: x + y)
                else { continue }
                keys[entry.kid ?? ""] = .es256(key)
            default: continue
            }
        }
        self.keys = keys
    }
}

extension JSONWebKeySet.Key {
    /// The JOSE name of the algorithm this key checks.
    var algorithm: String {
        switch self {
        case .rs256: "RS256"
        case .es256: "ES256"
        }
    }

    /// Whether `signature` is this key's over `input` (the token's `header.payload`).
    func verifies(_ signature: Data, over input: Data) -> Bool {
        switch self {
        case .rs256(let key):
            return key.isValidSignature(
                _RSA.Signing.RSASignature(rawRepresentation: signature), for: SHA256.hash(data: input), padding: .insecurePKCS1v1_5)
        case .es256(let key):
            guard let ecdsa = try? P256.Signing.ECDSASignature(rawRepresentation: signature) else { return false }
            return key.isValidSignature(ecdsa, for: SHA256.hash(data: input))
        }
    }
}
