import Domain
import Foundation

/// Allows at most `limit` requests per key (a client address) within a sliding window: a brake on
/// anonymous writes such as field reports.
actor RequestRateLimiter {
    let limit: Int
    let window: TimeInterval
    private var recent: [String: [Date]] = [:]

    let clock: Clock

    init(limit: Int, window: TimeInterval, clock: Clock) {
        self.limit = limit
        self.window = window
        self.clock = clock
    }

    /// Counts a request of `key`; false when the key has used up its allowance.
    func allow(_ key: String) -> Bool {
        let now = clock.now()
        var times = (recent[key] ?? []).filter { now.timeIntervalSince($0) < window }
        guard times.count < limit else {
            recent[key] = times
            return false
        }
        times.append(now)
        recent[key] = times
        if recent.count > 100_000 { recent = recent.filter { !$0.value.filter { now.timeIntervalSince($0) < window }.isEmpty } }
        return true
    }
}
