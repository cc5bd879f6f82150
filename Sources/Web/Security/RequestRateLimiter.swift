import Domain
import Foundation

/// Allows at most `limit` uses per key (a client address) in a window of `window` seconds, counted
/// in the shared rate counters (every instance on one PostgreSQL database counts together): a brake
/// on anonymous writes such as field reports, on lookups that could list every dossier, and on
/// what anonymous clients upload (a photo costs one). `scope` names the limit in the counters.
struct RequestRateLimiter: Sendable {
    let counters: any RateCounters
    let scope: String
    let limit: Int
    let window: TimeInterval
    let clock: Clock

    /// Takes `cost` uses from `key`'s allowance: nil when taken; when that would exceed the
    /// allowance (nothing is taken), the seconds until the key may try again.
    func retryAfter(_ key: String, cost: Int = 1) async throws -> Int? {
        guard cost > 0 else { return nil }
        let now = clock.now()
        let hit = try await counters.hit(RateKey(scope, key), window: window, cost: cost, limit: limit, now: now)
        return hit.taken ? nil : hit.secondsLeft(now)
    }

    /// Takes `cost` uses from `key`'s allowance; false (nothing taken) when that would exceed it.
    func allow(_ key: String, cost: Int = 1) async throws -> Bool { try await retryAfter(key, cost: cost) == nil }

    /// Takes `cost` uses from `key`'s allowance of each of `limits` in turn (an hourly, then a daily
    /// allowance); false at the first that would be exceeded (the ones before keep what they took).
    static func allowAll(_ limits: [RequestRateLimiter], _ key: String, cost: Int) async throws -> Bool {
        for limit in limits where try await !limit.allow(key, cost: cost) { return false }
        return true
    }
}
