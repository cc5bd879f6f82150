import Foundation

/// Limits failed logins per username and per client address within a sliding window.
actor LoginRateLimiter {
    let maxFailures: Int
    let window: TimeInterval
    private var failures: [String: [Date]] = [:]

    init(maxFailures: Int, window: TimeInterval) {
        self.maxFailures = maxFailures
        self.window = window
    }

    /// Whether any of `keys` has used up its failures.
    func isBlocked(_ keys: [String], now: Date = Date()) -> Bool {
        keys.contains { key in recent(key, now: now).count >= maxFailures }
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
