import Domain
import Hummingbird
import NIOCore

/// Per-request state: who is calling, their CSRF token, their language.
public struct AppRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The logged-in officer, if any.
    public var officer: Officer?
    /// The logged-in citizen (portal account), if any.
    public var citizen: Citizen?
    /// Hash of the citizen session token.
    var citizenSessionHash: String?
    /// Hash of the session token that authenticated the request.
    var sessionTokenHash: String?
    /// The token forms must echo: the session's, or the pre-login cookie's.
    var csrfToken: String?
    /// Set when the caller authenticated with an `Authorization: Bearer` token (not subject to CSRF).
    var viaBearer = false
    var language: Language = .vi
    /// The same page in the other language (path and query kept).
    var languageSwitch: String?
    var maxBody = 1 << 20
    /// The address of the connection's other end (a proxy, when there is one).
    let peer: IPAddress?
    /// The client: the peer, or the address a trusted proxy forwarded (set by `ClientAddressMiddleware`).
    var client: IPAddress?
    /// The client's IP address (for the audit log).
    var clientAddress: String { client?.description ?? "unknown" }
    /// What rate limits count for this client: its IPv4 address, its IPv6 /64.
    var clientKey: String { client?.limitKey ?? "unknown" }

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        peer = source.channel.remoteAddress?.ipAddress.flatMap { IPAddress($0) }
        client = peer
    }

    public var maxUploadSize: Int { maxBody }
}
