import Configuration
import Domain
import Foundation
import Web

/// The connection with the national public-service portal: where status records are sent (`NATIONAL_PORTAL_SYNC_URL`;
/// none: they wait in the queue, visible to administrators) with the credentials its operator issued, how often and how
/// long they are retried, and the token the portal presents when it hands dossiers over (`NATIONAL_PORTAL_INBOUND_TOKEN`;
/// none: no inbound endpoint).
public struct NationalPortalSettings: Sendable {
    public var syncURL: URL?
    public var credentials: NationalPortalCredentials?
    public var pollSeconds: Int
    public var leaseSeconds: Int
    public var retry: PortalSyncRetryPolicy
    public var inboundToken: String?

    init(_ config: ConfigReader, production: Bool, problems: inout [String]) {
        let url = config.string(forKey: ["national", "portal", "sync", "url"]).flatMap { $0.isEmpty ? nil : $0 }
        syncURL = url.flatMap(URL.init(string:))
        let token = config.string(forKey: ["national", "portal", "sync", "token"], isSecret: true).flatMap { $0.isEmpty ? nil : $0 }
        let clientId = config.string(forKey: ["national", "portal", "sync", "client", "id"]).flatMap { $0.isEmpty ? nil : $0 }
        let secret = config.string(forKey: ["national", "portal", "sync", "client", "secret"], isSecret: true)
        if let token {
            credentials = .token(token)
        } else if let clientId, let secret, !secret.isEmpty {
            credentials = .client(id: clientId, secret: secret)
        } else {
            credentials = nil
        }
        pollSeconds = config.int(forKey: ["national", "portal", "sync", "poll", "seconds"], default: 5)
        leaseSeconds = config.int(forKey: ["national", "portal", "sync", "lease", "seconds"], default: 120)
        let maxAttempts = config.int(forKey: ["national", "portal", "sync", "max", "attempts"], default: 12)
        let base = config.int(forKey: ["national", "portal", "sync", "retry", "seconds"], default: 30)
        let longest = config.int(forKey: ["national", "portal", "sync", "retry", "max", "seconds"], default: 21_600)
        retry = PortalSyncRetryPolicy(maxAttempts: maxAttempts, baseSeconds: TimeInterval(base), maxSeconds: TimeInterval(longest))
        inboundToken = config.string(forKey: ["national", "portal", "inbound", "token"], isSecret: true).flatMap { $0.isEmpty ? nil : $0 }
        if let url {
            let parsed = URL(string: url)
            if parsed?.host == nil || !(parsed?.scheme == "https" || (!production && parsed?.scheme == "http")) {
                problems.append("NATIONAL_PORTAL_SYNC_URL: the https:// address of the national portal's status endpoint")
            }
            if credentials == nil {
                problems.append(
                    "NATIONAL_PORTAL_SYNC_TOKEN or NATIONAL_PORTAL_SYNC_CLIENT_ID and NATIONAL_PORTAL_SYNC_CLIENT_SECRET: the credentials"
                        + " the portal's operator issued")
            }
        }
        if !(1...3600).contains(pollSeconds) { problems.append("NATIONAL_PORTAL_SYNC_POLL_SECONDS: 1-3600") }
        if !(30...3600).contains(leaseSeconds) { problems.append("NATIONAL_PORTAL_SYNC_LEASE_SECONDS: 30-3600") }
        if !(1...100).contains(maxAttempts) { problems.append("NATIONAL_PORTAL_SYNC_MAX_ATTEMPTS: 1-100") }
        if !(1...86_400).contains(base) || longest < base {
            problems.append("NATIONAL_PORTAL_SYNC_RETRY_SECONDS: 1-86400, at most the maximum")
        }
        if let inboundToken, inboundToken.count < 32 { problems.append("NATIONAL_PORTAL_INBOUND_TOKEN: 32 characters or more") }
    }

    /// The sender of the configured endpoint; nil when the sync is off.
    var sender: NationalPortalSender? {
        guard let syncURL, let credentials else { return nil }
        return NationalPortalSender(url: syncURL, credentials: credentials)
    }
}
