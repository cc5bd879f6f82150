import Foundation

/// Delivers a signed package to a peer's endpoint; throws `ExchangeDeliveryError` when it was not taken.
public protocol ExchangeTransport: Sendable {
    func post(_ bytes: [UInt8], to endpoint: String) async throws
}

/// Why a peer did not take a package.
public enum ExchangeDeliveryError: Error, CustomStringConvertible {
    /// No answer (the connection failed or timed out): tried again later.
    case unreachable(String)
    /// The peer refused the package for good (a 4xx other than 408 and 429), with the reason it gave.
    case refused(status: Int, reason: String)
    /// Any other answer (5xx, 408, 429): tried again later.
    case failed(status: Int)

    public var description: String {
        switch self {
        case .unreachable(let why): "the peer could not be reached (\(why))"
        case .refused(let status, let reason): "the peer refused the package (HTTP \(status)): \(reason)"
        case .failed(let status): "the peer answered HTTP \(status)"
        }
    }
}

/// Sends the exchange's due outbox items. Instances sharing the database each run one: a pass claims its items for `holder`
/// with a lease, so no two send the same item; a package is signed when queued, a status when sent. A refused document
/// package goes to the dead letters with the refusal recorded as its status; other failures are retried with a doubling wait
/// (`policy`) until the attempts run out.
public struct ExchangeDispatcher: Sendable {
    let exchange: any ExchangeRepository
    let transport: any ExchangeTransport
    let sealer: any PackageSealer
    let organisation: ExchangeOrganisation
    let policy: PortalSyncRetryPolicy
    let clock: Clock
    let holder: String
    let leaseSeconds: TimeInterval

    public init(
        exchange: any ExchangeRepository, transport: any ExchangeTransport, sealer: any PackageSealer, organisation: ExchangeOrganisation,
        policy: PortalSyncRetryPolicy, clock: Clock, holder: String, leaseSeconds: TimeInterval = 300
    ) {
        self.exchange = exchange
        self.transport = transport
        self.sealer = sealer
        self.organisation = organisation
        self.policy = policy
        self.clock = clock
        self.holder = holder
        self.leaseSeconds = leaseSeconds
    }

    /// Sends what is due, pass after pass while items are delivered (a package's next status becomes due when the one
    /// before is delivered); returns how many were delivered.
    @discardableResult
    public func runOnce(batch: Int = 50, passes: Int = 10) async throws -> Int {
        var total = 0
        for _ in 0..<passes {
            let sent = try await pass(batch: batch)
            total += sent
            if sent == 0 { break }
        }
        return total
    }

    func pass(batch: Int) async throws -> Int {
        let now = clock.now()
        let stopSending = ContinuousClock.now + .seconds(leaseSeconds / 2)
        let claimed = try await exchange.claim(now: now, limit: batch, holder: holder, leaseSeconds: leaseSeconds)
        var sent = 0
        var untried: [Int64] = []
        for item in claimed {
            guard ContinuousClock.now < stopSending else {
                untried.append(item.id)
                continue
            }
            if try await deliver(item, now: now) { sent += 1 }
        }
        try await exchange.release(ids: untried, holder: holder)
        return sent
    }

    func deliver(_ item: ExchangeOutboxItem, now: Date) async throws -> Bool {
        guard let peer = try await exchange.peer(item.peerId) else {
            try await exchange.markFailed(
                id: item.id, holder: holder, error: "the peer \(item.peerId) is no longer configured", retryAt: nil)
            return false
        }
        do {
            switch item.kind {
            case .package:
                try await transport.post(item.payload ?? [], to: peer.endpoint)
            case .status:
                let status = StatusPackage(
                    packageId: item.packageId, senderId: peer.organisationId, from: organisation, code: item.statusCode ?? .arrived,
                    description: item.description, staff: item.staff, at: item.occurredAt)
                let seal = try await sealer.seal(DocumentPackageCodec.canonical(status), now: now)
                try await transport.post(DocumentPackageCodec.encode(status, seal: seal), to: peer.statusEndpoint)
            }
        } catch ExchangeDeliveryError.refused(let status, let reason) where item.kind == .package {
            let line = AuditActor(name: "exchange", address: nil).entry(
                "exchange.refused", target: item.packageId, detail: "\(item.peerId) HTTP \(status)", at: now)
            try await exchange.markRefused(id: item.id, holder: holder, reason: reason, now: clock.now(), audit: line)
            return false
        } catch ExchangeDeliveryError.refused(let status, let reason) {
            try await exchange.markFailed(id: item.id, holder: holder, error: "HTTP \(status): \(reason)", retryAt: nil)
            return false
        } catch {
            let delay = policy.delay(afterAttempts: item.attempts + 1)
            try await exchange.markFailed(
                id: item.id, holder: holder, error: String(describing: error), retryAt: delay.map { now.addingTimeInterval($0) })
            return false
        }
        try await exchange.markSent(id: item.id, holder: holder, now: clock.now())
        return true
    }
}
