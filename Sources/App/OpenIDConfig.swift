import Configuration
import Foundation
import Web

/// The OpenID Connect provider's keys (`OIDC_*`): read when `OIDC_ISSUER` is set, each unusable one
/// added to the problems (refused at start in any mode). Production also refuses a non-https issuer
/// or redirect address and a published or demonstration client secret.
enum OpenIDConfig {
    /// Client secrets published in the source (the local test provider's) or typical of examples.
    static let publishedSecrets = ["motcua-test-op-client-secret-2026", "secret", "client-secret", "changeme"]
    /// The callback path the redirect address must end with.
    static let callbackPath = "/dang-nhap/vneid/callback"

    static func read(_ config: ConfigReader, production: Bool, problems: inout [String]) -> OpenIDSettings? {
        guard let issuer = config.string(forKey: ["oidc", "issuer"]), !issuer.isEmpty else { return nil }
        let clientId = config.string(forKey: ["oidc", "client", "id"]) ?? ""
        let secret = config.string(forKey: ["oidc", "client", "secret"], isSecret: true) ?? ""
        let redirect = config.string(forKey: ["oidc", "redirect", "uri"]) ?? ""
        let scopes = (config.string(forKey: ["oidc", "scopes"]) ?? "openid profile phone").split(separator: " ").map(String.init)
        func web(_ text: String) -> Bool {
            guard let url = URL(string: text), let host = url.host, !host.isEmpty, url.query == nil, url.fragment == nil else {
                return false
            }
            return url.scheme == "https" || (!production && url.scheme == "http")
        }
        if !web(issuer) { problems.append("OIDC_ISSUER: the provider's https:// issuer address (no query)") }
        if clientId.isEmpty || clientId.count > 255 { problems.append("OIDC_CLIENT_ID: the client id the operator registered") }
        let published = publishedSecrets.contains(secret) || secret.hasPrefix(AppConfig.developmentSecretPrefix)
        if secret.count < 16 || (production && published) {
            problems.append(
                "OIDC_CLIENT_SECRET: the client secret the operator issued (16 characters or more, not a published one; secret)")
        }
        if !web(redirect) || URL(string: redirect)?.path != callbackPath {
            problems.append("OIDC_REDIRECT_URI: <PUBLIC_BASE_URL>\(callbackPath), as registered with the operator (https:// in production)")
        }
        if !scopes.contains("openid") { problems.append("OIDC_SCOPES: space-separated, with openid (default: openid profile phone)") }
        let claims = OpenIDSettings.ClaimNames(
            idNumber: config.string(forKey: ["oidc", "claim", "id", "number"]) ?? "id_number",
            fullName: config.string(forKey: ["oidc", "claim", "name"]) ?? "name",
            birthDate: config.string(forKey: ["oidc", "claim", "birth", "date"]) ?? "birthdate",
            phone: config.string(forKey: ["oidc", "claim", "phone"]) ?? "phone_number",
            level: config.string(forKey: ["oidc", "claim", "level"]) ?? "acr")
        var settings = OpenIDSettings(
            issuer: issuer, clientId: clientId, clientSecret: secret, redirectURI: redirect, scopes: scopes, claims: claims)
        settings.defaultLevel = config.int(forKey: ["oidc", "default", "level"], default: 1)
        if !(1...2).contains(settings.defaultLevel) { problems.append("OIDC_DEFAULT_LEVEL: 1 or 2") }
        return settings
    }
}
