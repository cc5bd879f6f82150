import Configuration
import Domain
import Foundation

/// The exchange of documents with other systems (`EXCHANGE_*`): this system's organisation identifier and name (default:
/// the provincial people's committee's), the agency whose incoming register receives packages (default: the same), the
/// place of issue written in packages, the size limits, the rate of packages one address may post, and how the outbox
/// polls, leases and retries.
public struct DocumentExchangeSettings: Sendable {
    public var organisationId: String?
    public var organisationName: String?
    public var receivingAgencyId: String?
    public var place: String
    public var maxAttachmentBytes: Int
    public var maxPackageBytes: Int
    public var packagesPerMinute: Int
    public var pollSeconds: Int
    public var leaseSeconds: Int
    public var retry: PortalSyncRetryPolicy

    init(_ config: ConfigReader, problems: inout [String]) {
        func text(_ key: [String]) -> String? { config.string(forKey: ConfigKey(key)).flatMap { $0.isEmpty ? nil : $0 } }
        organisationId = text(["exchange", "organisation", "id"])
        organisationName = text(["exchange", "organisation", "name"])
        receivingAgencyId = text(["exchange", "receiving", "agency"])
        place = text(["exchange", "place"]) ?? ""
        maxAttachmentBytes = config.int(forKey: ["exchange", "max", "attachment", "bytes"], default: 20 << 20)
        maxPackageBytes = config.int(forKey: ["exchange", "max", "package", "bytes"], default: 64 << 20)
        packagesPerMinute = config.int(forKey: ["exchange", "packages", "per", "minute"], default: 600)
        pollSeconds = config.int(forKey: ["exchange", "poll", "seconds"], default: 2)
        leaseSeconds = config.int(forKey: ["exchange", "lease", "seconds"], default: 120)
        let maxAttempts = config.int(forKey: ["exchange", "max", "attempts"], default: 12)
        let base = config.int(forKey: ["exchange", "retry", "seconds"], default: 30)
        let longest = config.int(forKey: ["exchange", "retry", "max", "seconds"], default: 21_600)
        retry = PortalSyncRetryPolicy(maxAttempts: maxAttempts, baseSeconds: TimeInterval(base), maxSeconds: TimeInterval(longest))
        if let id = organisationId, !ExchangeRules.isOrganisationId(id) {
            problems.append("EXCHANGE_ORGANISATION_ID: letters, digits, dots and dashes (e.g. 000.00.00.H56)")
        }
        if maxAttachmentBytes < 1024 { problems.append("EXCHANGE_MAX_ATTACHMENT_BYTES: at least 1024") }
        if maxPackageBytes < 4096 { problems.append("EXCHANGE_MAX_PACKAGE_BYTES: at least 4096") }
        if !(1...1_000_000).contains(packagesPerMinute) { problems.append("EXCHANGE_PACKAGES_PER_MINUTE: 1-1000000") }
        if !(1...3600).contains(pollSeconds) { problems.append("EXCHANGE_POLL_SECONDS: 1-3600") }
        if !(30...3600).contains(leaseSeconds) { problems.append("EXCHANGE_LEASE_SECONDS: 30-3600") }
        if !(1...100).contains(maxAttempts) { problems.append("EXCHANGE_MAX_ATTEMPTS: 1-100") }
        if !(1...86_400).contains(base) || longest < base { problems.append("EXCHANGE_RETRY_SECONDS: 1-86400, at most the maximum") }
    }
}
