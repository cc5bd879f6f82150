import Foundation

/// The OpenID Connect provider citizens sign in with (VNeID): what the province registered with its
/// operator (client id and secret, redirect address, scopes) and which claims carry what.
public struct OpenIDSettings: Sendable {
    /// Names of the claims mapped onto the account (providers name them differently).
    public struct ClaimNames: Sendable {
        public var idNumber: String
        public var fullName: String
        public var birthDate: String
        public var phone: String
        public var level: String

        public init(idNumber: String, fullName: String, birthDate: String, phone: String, level: String) {
            self.idNumber = idNumber
            self.fullName = fullName
            self.birthDate = birthDate
            self.phone = phone
            self.level = level
        }
    }

    /// The provider's id on accounts and audit lines.
    public var provider = "vneid"
    /// The issuer (`iss`); the discovery document is at `<issuer>/.well-known/openid-configuration`.
    public var issuer: String
    public var clientId: String
    public var clientSecret: String
    /// The callback address registered with the provider (`<PUBLIC_BASE_URL>/dang-nhap/vneid/callback`).
    public var redirectURI: String
    public var scopes: [String]
    public var claims: ClaimNames
    /// The level given when the provider states none.
    public var defaultLevel = 1

    public init(issuer: String, clientId: String, clientSecret: String, redirectURI: String, scopes: [String], claims: ClaimNames) {
        self.issuer = issuer
        self.clientId = clientId
        self.clientSecret = clientSecret
        self.redirectURI = redirectURI
        self.scopes = scopes
        self.claims = claims
    }

    /// The discovery document's address (OpenID Connect Discovery 1.0, section 4).
    var discoveryURL: URL? {
        URL(string: (issuer.hasSuffix("/") ? String(issuer.dropLast()) : issuer) + "/.well-known/openid-configuration")
    }
}

extension OpenIDSettings {
    /// `scheme://host[:port]` of the issuer (allowed as a form's destination by the pages' policy).
    var origin: String? {
        guard let url = URL(string: issuer), let scheme = url.scheme, let host = url.host else { return nil }
        return scheme + "://" + host + (url.port.map { ":\($0)" } ?? "")
    }
}
