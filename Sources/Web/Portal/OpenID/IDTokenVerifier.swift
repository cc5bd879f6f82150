import Domain
import Foundation

/// Checks an OpenID Connect ID token (OpenID Connect Core 1.0, section 3.1.3.7): a JWS in compact form,
/// signed with RS256 or ES256 by one of the provider's keys, issued by the expected issuer to this
/// client, not expired and not issued in the future (on the injected clock, with a small allowance for
/// clock drift), carrying the nonce of this sign-in attempt. Each refusal is a `DomainError` whose
/// code names the check (`oidc.signature`, `oidc.issuer`, `oidc.audience`, `oidc.expired`, ...).
struct IDTokenVerifier: Sendable {
    let issuer: String
    let clientId: String
    /// Seconds of clock drift allowed on `exp` and `iat`.
    var leeway: TimeInterval = 60
    /// The oldest `iat` accepted: a token issued longer ago than this is not a fresh sign-in.
    var maxAge: TimeInterval = 600

    /// Splits the token and reads its header; the signature is checked by `verify`.
    static func parse(_ token: String) throws -> (header: JOSEHeader, claims: IDTokenClaims, input: Data, signature: Data) {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, token.count <= 16_384, let header = Base64URL.decode(parts[0]), let payload = Base64URL.decode(parts[1]),
            let signature = Base64URL.decode(parts[2]),
            let h = try? JSONDecoder().decode(JOSEHeader.self, from: header),
            let c = try? JSONDecoder().decode(IDTokenClaims.self, from: payload)
        else { throw DomainError(.unauthenticated, "oidc.malformed") }
        return (h, c, Data((parts[0] + "." + parts[1]).utf8), signature)
    }

    /// The key id the token names (to refresh the key set when it is unknown).
    static func keyId(of token: String) -> String? { (try? parse(token))?.header.kid }

    /// Verifies `token` against `keys` and returns its claims.
    func verify(_ token: String, keys: JSONWebKeySet, nonce: String, now: Date) throws -> IDTokenClaims {
        let (header, claims, input, signature) = try Self.parse(token)
        guard let alg = header.alg, ["RS256", "ES256"].contains(alg) else {
            throw DomainError(.unauthenticated, "oidc.algorithm")
        }
        let kid = header.kid
        let candidates = kid.map { keys.keys[$0].map { [$0] } ?? [] } ?? Array(keys.keys.values)
        guard candidates.contains(where: { $0.algorithm == alg && $0.verifies(signature, over: input) }) else {
            throw DomainError(.unauthenticated, "oidc.signature")
        }
        guard claims["iss"] == .text(issuer) else { throw DomainError(.unauthenticated, "oidc.issuer") }
        let audience = claims.audience
        guard audience.contains(clientId) else { throw DomainError(.unauthenticated, "oidc.audience") }
        if audience.count > 1, claims["azp"] != .text(clientId) { throw DomainError(.unauthenticated, "oidc.audience") }
        guard let exp = claims["exp"]?.number, let iat = claims["iat"]?.number else {
            throw DomainError(.unauthenticated, "oidc.claims")
        }
        let t = now.timeIntervalSince1970
        guard exp + leeway > t else { throw DomainError(.unauthenticated, "oidc.expired") }
        guard iat - leeway <= t, iat + maxAge >= t else { throw DomainError(.unauthenticated, "oidc.issuedAt") }
        guard case .text(let presented) = claims["nonce"], Tokens.equal(presented, nonce) else {
            throw DomainError(.unauthenticated, "oidc.nonce")
        }
        return claims
    }
}
