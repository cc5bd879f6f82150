import Domain
import Foundation

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// The provider as the platform talks to it, through `OutgoingHTTP`: its discovery document and its
/// key set, each cached for `cacheSeconds` (the key set is fetched again at once when a token names a
/// key it does not hold, at most once every `refreshSeconds`, so that a rotated key is picked up and a
/// stream of forged key ids cannot make the platform hammer the provider), and the token endpoint.
actor OpenIDProviderClient {
    /// The parts of the discovery document the platform uses.
    struct Metadata: Decodable, Sendable {
        // swift-format-ignore: AlwaysUseLowerCamelCase
        let issuer: String
        let authorization_endpoint: String
        let token_endpoint: String
        let jwks_uri: String
        let end_session_endpoint: String?
        let token_endpoint_auth_methods_supported: [String]?
    }

    let settings: OpenIDSettings
    /// The wall clock the caches age on.
    let clock: Clock
    let cacheSeconds: TimeInterval
    let refreshSeconds: TimeInterval
    private var metadata: (value: Metadata, at: Date)?
    private var keySet: (value: JSONWebKeySet, at: Date)?

    init(settings: OpenIDSettings, clock: Clock, cacheSeconds: TimeInterval = 3600, refreshSeconds: TimeInterval = 5) {
        self.settings = settings
        self.clock = clock
        self.cacheSeconds = cacheSeconds
        self.refreshSeconds = refreshSeconds
    }

    /// The discovery document, fetched when missing or older than `cacheSeconds`; its issuer must be
    /// the configured one (Discovery 1.0, section 4.3).
    func discovery() async throws -> Metadata {
        let now = clock.now()
        if let metadata, now.timeIntervalSince(metadata.at) < cacheSeconds { return metadata.value }
        guard let url = settings.discoveryURL else { throw DomainError(.unauthenticated, "oidc.unavailable") }
        guard let value = try? JSONDecoder().decode(Metadata.self, from: try await Self.get(url)), value.issuer == settings.issuer else {
            throw DomainError(.unauthenticated, "oidc.unavailable")
        }
        metadata = (value, now)
        return value
    }

    /// The key set, fetched when missing, older than `cacheSeconds`, or when `keyId` is not in it.
    func keys(for keyId: String?) async throws -> JSONWebKeySet {
        let now = clock.now()
        if let keySet {
            let fresh = now.timeIntervalSince(keySet.at) < cacheSeconds
            let known = keyId.map { keySet.value.keys[$0] != nil } ?? true
            if fresh && (known || now.timeIntervalSince(keySet.at) < refreshSeconds) { return keySet.value }
        }
        guard let url = URL(string: try await discovery().jwks_uri) else { throw DomainError(.unauthenticated, "oidc.unavailable") }
        guard let value = try? JSONWebKeySet(json: try await Self.get(url)) else { throw DomainError(.unauthenticated, "oidc.unavailable") }
        keySet = (value, now)
        return value
    }

    /// Exchanges the authorization code (with the PKCE verifier) for the ID token, authenticating the
    /// client with its secret (HTTP Basic, or in the form when the provider accepts only that).
    func exchange(code: String, verifier: String) async throws -> String {
        let meta = try await discovery()
        guard let url = URL(string: meta.token_endpoint) else { throw DomainError(.unauthenticated, "oidc.unavailable") }
        var fields = [
            ("grant_type", "authorization_code"), ("code", code), ("redirect_uri", settings.redirectURI), ("code_verifier", verifier),
        ]
        var request = URLRequest(url: url)
        request.httpMethod = "POST"
        request.setValue("application/x-www-form-urlencoded", forHTTPHeaderField: "Content-Type")
        request.setValue("application/json", forHTTPHeaderField: "Accept")
        let methods = meta.token_endpoint_auth_methods_supported ?? ["client_secret_basic"]
        if methods.contains("client_secret_basic") {
            let pair = Self.formEncode(settings.clientId) + ":" + Self.formEncode(settings.clientSecret)
            request.setValue("Basic " + Data(pair.utf8).base64EncodedString(), forHTTPHeaderField: "Authorization")
        } else {
            fields += [("client_id", settings.clientId), ("client_secret", settings.clientSecret)]
        }
        request.httpBody = Data(fields.map { Self.formEncode($0.0) + "=" + Self.formEncode($0.1) }.joined(separator: "&").utf8)
        guard let (data, response) = try? await OutgoingHTTP.session.data(for: request) else {
            throw DomainError(.unauthenticated, "oidc.unavailable")
        }
        let answer = try? JSONDecoder().decode(TokenAnswer.self, from: data)
        guard (response as? HTTPURLResponse)?.statusCode == 200, let token = answer?.id_token else {
            throw DomainError(.unauthenticated, "oidc.tokenExchange")
        }
        return token
    }

    static func get(_ url: URL) async throws -> Data {
        var request = URLRequest(url: url)
        request.setValue("application/json", forHTTPHeaderField: "Accept")
        guard let (data, response) = try? await OutgoingHTTP.session.data(for: request),
            (response as? HTTPURLResponse)?.statusCode == 200
        else { throw DomainError(.unauthenticated, "oidc.unavailable") }
        return data
    }

    /// `application/x-www-form-urlencoded` escaping of one name or value.
    static func formEncode(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }
}

/// The token endpoint's answer (OpenID Connect Core 1.0, section 3.1.3.3): only the ID token is read.
struct TokenAnswer: Decodable {
    let id_token: String?
}
