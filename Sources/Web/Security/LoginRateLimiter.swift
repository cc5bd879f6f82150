import Domain
import Foundation

/// Limits failed logins per username, and (four times more loosely, since offices share an
/// address) per client address, within a sliding window.
public actor LoginRateLimiter {
    let maxFailures: Int
    let window: TimeInterval
    private var failures: [String: [Date]] = [:]

    let clock: Clock

    /// A limiter of `maxFailures` per user (four times that per address) in `window` seconds of `clock`.
    public init(maxFailures: Int, window: TimeInterval, clock: Clock) {
        self.maxFailures = maxFailures
        self.window = window
        self.clock = clock
    }

    /// Whether the user or the address has used up its failures.
    public func isBlocked(user: String, address: String, now: Date) -> Bool {
        recent(user, now: now).count >= maxFailures || recent(address, now: now).count >= 4 * maxFailures
    }

    public func recordFailure(_ keys: [String], now: Date) {
        for key in keys { failures[key] = recent(key, now: now) + [now] }
        if failures.count > 100_000 { failures = failures.filter { !recent($0.key, now: now).isEmpty } }
    }

    /// Whether `user` or `address` is blocked now.
    func isBlocked(user: String, address: String) -> Bool { isBlocked(user: user, address: address, now: clock.now()) }

    /// Counts a failure now against every key.
    func recordFailure(_ keys: [String]) { recordFailure(keys, now: clock.now()) }

    public func reset(_ key: String) { failures[key] = nil }

    private func recent(_ key: String, now: Date) -> [Date] {
        (failures[key] ?? []).filter { now.timeIntervalSince($0) < window }
    }
}
