import Foundation

/// Limits failed logins per username, and (four times more loosely, since offices share an
/// address) per client address, within a sliding window.
actor LoginRateLimiter {
    let maxFailures: Int
    let window: TimeInterval
    private var failures: [String: [Date]] = [:]

    init(maxFailures: Int, window: TimeInterval) {
        self.maxFailures = maxFailures
        self.window = window
    }

    /// Whether the user or the address has used up its failures.
    func isBlocked(user: String, address: String, now: Date = Date()) -> Bool {
        recent(user, now: now).count >= maxFailures || recent(address, now: now).count >= 4 * maxFailures
    }

    func recordFailure(_ keys: [String], now: Date = Date()) {
        for key in keys { failures[key] = recent(key, now: now) + [now] }
        if failures.count > 100_000 { failures = failures.filter { !recent($0.key, now: now).isEmpty } }
    }

    func reset(_ key: String) { failures[key] = nil }

    private func recent(_ key: String, now: Date) -> [Date] {
        (failures[key] ?? []).filter { now.timeIntervalSince($0) < window }
    }
}
