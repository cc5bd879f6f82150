import Domain
import Foundation

/// Allows at most `limit` requests per key (a client address) within a sliding window: a brake on
/// anonymous writes such as field reports, and on lookups that could list every dossier.
actor RequestRateLimiter {
    let limit: Int
    let window: TimeInterval
    private var recent: [String: [Date]] = [:]
    /// When the table is next swept of keys with nothing recent (amortised: it doubles with the table).
    private var sweepAt = 10_000

    let clock: Clock

    init(limit: Int, window: TimeInterval, clock: Clock) {
        self.limit = limit
        self.window = window
        self.clock = clock
    }

    /// Counts a request of `key`; false when the key has used up its allowance.
    func allow(_ key: String) -> Bool { retryAfter(key) == nil }

    /// Counts a request of `key`; when the key has used up its allowance, the seconds until it may try again.
    func retryAfter(_ key: String) -> Int? {
        let now = clock.now()
        var times = (recent[key] ?? []).filter { now.timeIntervalSince($0) < window }
        guard times.count < limit else {
            recent[key] = times
            return max(1, Int((window - now.timeIntervalSince(times[0])).rounded(.up)))
        }
        times.append(now)
        recent[key] = times
        if recent.count > sweepAt {
            recent = recent.filter { !$0.value.filter { now.timeIntervalSince($0) < window }.isEmpty }
            sweepAt = max(10_000, 2 * recent.count)
        }
        return nil
    }
}
