import Domain
import Foundation
import HTTPTypes
import Hummingbird

/// Settings of the web layer, read from the environment by the app.
public struct WebSettings: Sendable {
    /// Mark cookies `Secure` (always behind TLS; also set per request when `X-Forwarded-Proto: https`).
    public var secureCookies: Bool
    public var sessionHours: Int
    /// Largest JSON or form body accepted.
    public var maxBodyBytes: Int
    /// Largest catalogue import accepted.
    public var maxImportBytes: Int
    public var loginMaxFailures: Int
    public var loginWindowSeconds: Int
    /// When set, `/metrics` requires `Authorization: Bearer <token>`.
    public var metricsToken: String?
    /// Largest uploaded file.
    public var maxUploadBytes: Int
    /// Development mode: the sent-messages page exists.
    public var development: Bool
    /// The platform's public address (`https://dichvucong.example.vn`), for links given to
    /// outside systems such as the payment gateway's notify URL; nil: taken from the request.
    public var publicBaseURL: String?
    /// Field reports one client address may send through the web form per hour.
    public var reportsPerHour: Int
    /// A citizen's document store; anonymous report photos per address.
    public var uploadQuotas = UploadQuotas()
    /// The address the server listens on, recorded when it starts (the origin in development).
    public let boundAddress = BoundAddress()
    /// The origin (`https://host[:port]`) of a real payment gateway's pages, where the pay button sends the payer.
    public var paymentGatewayOrigin: String?
    /// Proxies whose `X-Forwarded-For` is believed (none by default).
    public var trustedProxies = TrustedProxies.none
    /// Tracking and result-verification lookups (page and API) one client address may make per hour.
    public var lookupsPerHour = 120
    /// Citizen registrations one client address may attempt per hour.
    public var registrationsPerHour = 10
    /// Requests per minute of one client address without a session (0: no general limit).
    public var requestsPerMinute = 600
    /// The OpenID Connect provider citizens may sign in with (VNeID); nil: none.
    public var openID: OpenIDSettings?
    /// Whether citizens may register and log in with a password (`LOCAL_PASSWORD_SIGNIN`).
    public var localPasswordSignIn = true

    public init(
        secureCookies: Bool = false, sessionHours: Int = 8, maxBodyBytes: Int = 1 << 20,
        maxImportBytes: Int = 10 << 20, loginMaxFailures: Int = 5, loginWindowSeconds: Int = 900,
        metricsToken: String? = nil, maxUploadBytes: Int = 10 << 20,
        development: Bool = false, publicBaseURL: String? = nil, reportsPerHour: Int = 20
    ) {
        self.secureCookies = secureCookies
        self.sessionHours = sessionHours
        self.maxBodyBytes = maxBodyBytes
        self.maxImportBytes = maxImportBytes
        self.loginMaxFailures = loginMaxFailures
        self.loginWindowSeconds = loginWindowSeconds
        self.metricsToken = metricsToken
        self.maxUploadBytes = maxUploadBytes
        self.development = development
        self.publicBaseURL = publicBaseURL
        self.reportsPerHour = reportsPerHour
    }

    /// Whether cookies of `request` must be `Secure`.
    func isSecure(_ request: Request) -> Bool {
        secureCookies || request.headers[HTTPField.Name("X-Forwarded-Proto")!] == "https"
    }

    /// The platform's address as outside systems reach it: `PUBLIC_BASE_URL` (required in production),
    /// else the address the server is bound to. Never the request's `Host` header, which the caller chooses.
    var origin: String { publicBaseURL ?? boundAddress.origin }

    /// `origin`, for the composition root (the links of notifications).
    public var publicOrigin: String { origin }

    /// Whether browsers must come back over HTTPS only (HSTS): the public address is https, or cookies are `Secure`.
    var strictTransport: Bool { secureCookies || publicBaseURL?.hasPrefix("https://") == true }
}
