import Crypto
import Domain
import Foundation

/// Sign-in through the OpenID Connect provider (VNeID), the authorization code flow with PKCE (RFC 7636,
/// S256): `begin` stores an attempt (state, nonce, verifier, the browser's binding) and gives the
/// provider's authorization address; `finish` takes the attempt once, exchanges the code, verifies the
/// ID token and maps its claims onto the citizen's account. Every refusal is audited with its reason.
struct OpenIDSignIn: IdentityProvider {
    let settings: OpenIDSettings
    let client: OpenIDProviderClient
    let service: ExternalSignInService

    var id: String { settings.provider }

    /// What `begin` gives the browser: where to go, and the value of its binding cookie.
    struct Redirect {
        let location: String
        let browserSecret: String
    }

    /// Stores a new attempt and builds the authorization request (OpenID Connect Core, section 3.1.2.1).
    func begin(next: String, consented: Bool) async throws -> Redirect {
        let meta = try await client.discovery()
        let (state, nonce, verifier, browser) = (Tokens.random(), Tokens.random(), Tokens.random() + Tokens.random(), Tokens.random())
        _ = try await service.begin(
            state: state, nonce: nonce, codeVerifier: verifier, browserHash: Tokens.hash(browser), next: next, consented: consented)
        guard var components = URLComponents(string: meta.authorization_endpoint) else {
            throw DomainError(.unauthenticated, "oidc.unavailable")
        }
        let challenge = Base64URL.encode(SHA256.hash(data: Data(verifier.utf8)))
        components.queryItems =
            (components.queryItems ?? []) + [
                URLQueryItem(name: "response_type", value: "code"), URLQueryItem(name: "client_id", value: settings.clientId),
                URLQueryItem(name: "redirect_uri", value: settings.redirectURI),
                URLQueryItem(name: "scope", value: settings.scopes.joined(separator: " ")),
                URLQueryItem(name: "state", value: state), URLQueryItem(name: "nonce", value: nonce),
                URLQueryItem(name: "code_challenge", value: challenge), URLQueryItem(name: "code_challenge_method", value: "S256"),
            ]
        // `+` is a space in a form-encoded query: written out so that no provider reads it as one.
        components.percentEncodedQuery = components.percentEncodedQuery?.replacingOccurrences(of: "+", with: "%2B")
        guard let location = components.string else { throw DomainError(.unauthenticated, "oidc.unavailable") }
        return Redirect(location: location, browserSecret: browser)
    }

    /// Completes the callback: the attempt of `state` (once, from the browser that began it), the code
    /// exchanged, the ID token verified, the claims mapped; returns the account and where to go.
    func finish(_ presented: [String: String], browserSecret: String?, client address: String) async throws -> (Citizen, String) {
        do {
            if presented["error"] != nil { throw DomainError(.unauthenticated, "oidc.providerError") }
            let attempt = try await service.take(state: presented["state"] ?? "")
            guard let browserSecret, Tokens.equal(Tokens.hash(browserSecret), attempt.browserHash) else {
                throw DomainError(.unauthenticated, "oidc.browser")
            }
            guard let code = presented["code"], !code.isEmpty, code.count <= 2048 else { throw DomainError(.unauthenticated, "oidc.code") }
            let token = try await client.exchange(code: code, verifier: attempt.codeVerifier)
            let keys = try await client.keys(for: IDTokenVerifier.keyId(of: token))
            let claims = try IDTokenVerifier(issuer: settings.issuer, clientId: settings.clientId)
                .verify(token, keys: keys, nonce: attempt.nonce, now: service.now())
            let identity = try self.identity(claims).validated(today: LocalDate.local(service.now(), utcOffsetSeconds: Format.offset).date)
            let (citizen, _) = try await service.signIn(identity, attempt: attempt, address: address)
            return (citizen, attempt.next)
        } catch let error as DomainError {
            try await service.refused(provider: settings.provider, reason: error.code, address: address)
            throw error
        }
    }

    /// The identity the claims state, under the configured claim names.
    func identity(_ claims: IDTokenClaims) throws -> VerifiedIdentity {
        let names = settings.claims
        let text = claims.text
        guard let subject = text("sub"), let idNumber = text(names.idNumber), let name = text(names.fullName) else {
            throw DomainError(.unauthenticated, "oidc.claims")
        }
        let level = text(names.level).flatMap(IdentityLevel.parse(claim:)) ?? IdentityLevel(rawValue: settings.defaultLevel)
        return VerifiedIdentity(
            provider: settings.provider, subject: subject, idNumber: idNumber, fullName: name,
            birthDate: text(names.birthDate).flatMap { LocalDate(iso: String($0.prefix(10))) }, phone: text(names.phone), level: level)
    }

    /// The callback's parameters alone (the controller passes the browser's binding through `finish`).
    func authenticate(_ presented: [String: String], client: String) async throws -> Citizen {
        try await finish(presented, browserSecret: presented["browser"], client: client).0
    }

    /// Where to send the browser after the local session ended: the provider's end-session endpoint
    /// (RP-Initiated Logout 1.0) when its discovery document has one, coming back to `home`.
    func logoutLocation(home: String) async -> String? {
        guard let meta = try? await client.discovery(), let endpoint = meta.end_session_endpoint,
            var components = URLComponents(string: endpoint)
        else { return nil }
        components.queryItems =
            (components.queryItems ?? []) + [
                URLQueryItem(name: "client_id", value: settings.clientId), URLQueryItem(name: "post_logout_redirect_uri", value: home),
            ]
        return components.string
    }
}
