import Foundation
import TestSupport

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// The local OpenID Provider (`scripts/oidc/provider.py`, built on authlib with its own RSA key) run for
/// one test: discovery, JWKS, the authorization and token endpoints, and its switches (a tampered token,
/// a wrong audience, an expired token, a replayed nonce).
final class OpenIDProvider: @unchecked Sendable {
    static let clientId = "motcua-portal"
    static let clientSecret = "motcua-test-op-client-secret-2026"
    /// The callback address registered with the provider; the tests call its path on the platform themselves.
    static let redirectURI = "http://127.0.0.1:8080/dang-nhap/vneid/callback"

    let process: Process
    let port: Int
    let session = URLSession(configuration: .ephemeral, delegate: VNPaySimulator.NoRedirects(), delegateQueue: nil)

    init() throws {
        let (process, port) = try LocalScriptServer.start(
            "scripts/oidc/provider.py", ["--port", "0", "--redirect-uri", Self.redirectURI], name: "OpenID provider")
        self.process = process
        self.port = port
    }

    deinit { if process.isRunning { process.terminate() } }

    var issuer: String { "http://127.0.0.1:\(port)" }

    /// The platform's configuration for this provider.
    var environment: [String: String] {
        [
            "OIDC_ISSUER": issuer, "OIDC_CLIENT_ID": Self.clientId, "OIDC_CLIENT_SECRET": Self.clientSecret,
            "OIDC_REDIRECT_URI": Self.redirectURI,
        ]
    }

    /// Sets the provider's switches (`auto_approve` is always on for these tests).
    func configure(_ change: [String: Any]) async throws {
        var request = URLRequest(url: URL(string: issuer + "/_op/config")!)
        request.httpMethod = "POST"
        request.httpBody = try JSONSerialization.data(withJSONObject: change.merging(["auto_approve": true]) { a, _ in a })
        _ = try await session.data(for: request)
    }

    /// Follows the authorization address the platform gave; returns the callback's path and query.
    func authorize(_ location: String) async throws -> String {
        let (_, response) = try await session.data(for: URLRequest(url: URL(string: location)!))
        guard let http = response as? HTTPURLResponse, http.statusCode == 302,
            let back = http.value(forHTTPHeaderField: "Location"), let url = URLComponents(string: back)
        else { throw TestSetupError("authorize: \((response as? HTTPURLResponse)?.statusCode ?? 0)") }
        return url.path + "?" + (url.percentEncodedQuery ?? "")
    }
}
