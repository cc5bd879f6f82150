import Foundation

/// Delivers one status record to the national portal; throws when the portal did not accept it.
public protocol PortalSyncSender: Sendable {
    func send(_ record: PortalSyncRecord) async throws
}

/// How often a record is tried: `maxAttempts` in all, the wait doubling from `baseSeconds` up to `maxSeconds`.
public struct PortalSyncRetryPolicy: Sendable, Hashable {
    public var maxAttempts: Int
    public var baseSeconds: TimeInterval
    public var maxSeconds: TimeInterval

    public init(maxAttempts: Int = 12, baseSeconds: TimeInterval = 30, maxSeconds: TimeInterval = 6 * 3600) {
        self.maxAttempts = maxAttempts
        self.baseSeconds = baseSeconds
        self.maxSeconds = maxSeconds
    }

    /// The wait before the next attempt after `attempts` failed ones; nil when the record goes to the dead letters.
    public func delay(afterAttempts attempts: Int) -> TimeInterval? {
        guard attempts < maxAttempts else { return nil }
        return min(baseSeconds * pow(2, Double(max(attempts - 1, 0))), maxSeconds)
    }
}

/// Sends the due status records, each dossier's in the order of its history. Instances sharing the database each run one:
/// a pass claims its records for `holder` with a lease, so no two send the same record, and starts no send after half the
/// lease (the rest is given back). A record is marked sent as soon as the portal accepts it; an instance that dies in
/// between leaves a claim that expires, and the record is sent again (the portal gets its `idempotencyKey` to drop it).
public struct PortalSyncDispatcher: Sendable {
    let records: any PortalSyncRepository
    let sender: any PortalSyncSender
    let policy: PortalSyncRetryPolicy
    let clock: Clock
    let holder: String
    let leaseSeconds: TimeInterval

    public init(
        records: any PortalSyncRepository, sender: any PortalSyncSender, policy: PortalSyncRetryPolicy, clock: Clock,
        holder: String, leaseSeconds: TimeInterval = 300
    ) {
        self.records = records
        self.sender = sender
        self.policy = policy
        self.clock = clock
        self.holder = holder
        self.leaseSeconds = leaseSeconds
    }

    /// Sends what is due; returns how many records the portal accepted. A pass sends at most one record per dossier
    /// (the next one becomes due when this one is accepted), so `passes` keeps going while records are accepted.
    @discardableResult
    public func runOnce(batch: Int = 100, passes: Int = 20) async throws -> Int {
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
        let claimed = try await records.claim(now: now, limit: batch, holder: holder, leaseSeconds: leaseSeconds)
        var sent = 0
        var untried: [Int64] = []
        for record in claimed {
            guard ContinuousClock.now < stopSending else {
                untried.append(record.id)
                continue
            }
            do {
                try await sender.send(record)
            } catch {
                let delay = policy.delay(afterAttempts: record.attempts + 1)
                try await records.markFailed(
                    id: record.id, holder: holder, error: String(describing: error), retryAt: delay.map { now.addingTimeInterval($0) })
                continue
            }
            try await records.markSent(id: record.id, holder: holder, now: clock.now())
            sent += 1
        }
        try await records.release(ids: untried, holder: holder)
        return sent
    }
}
