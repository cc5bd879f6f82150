import Domain
import Foundation

/// Counts failed logins in the shared rate counters (every instance on one PostgreSQL database
/// counts together): per client address, which it blocks after four times `maxFailures` within a
/// window (offices share an address); per account and address, which it never blocks on: the
/// account's back-off applies only at the addresses that failed on it (`failedHere`); and, for a
/// username that names no account, its failures in a row, kept as an account keeps them (an unknown
/// username thus backs off exactly as a known one). A stranger guessing wrong makes only their own
/// address wait: the owner, from another address, can still log in. Addresses are counted as rate
/// limits count them (IPv6 by /64).
public struct LoginRateLimiter: LoginThrottle {
    let counters: any RateCounters
    let maxFailures: Int
    let window: TimeInterval
    let clock: Clock
    /// How long an unknown username's failures in a row are kept after the first of them.
    static let unknownRetention: TimeInterval = 30 * 86_400

    /// A limiter of four times `maxFailures` per address in `window` seconds of `clock`, counted in `counters`.
    public init(counters: any RateCounters, maxFailures: Int, window: TimeInterval, clock: Clock) {
        self.counters = counters
        self.maxFailures = maxFailures
        self.window = window
        self.clock = clock
    }

    /// The key of an address key such as `ip:2001:db8::1`: the prefix kept, the address as rate limits count it.
    static func addressKey(_ key: String) -> String {
        guard let colon = key.firstIndex(of: ":"), let address = IPAddress(key[key.index(after: colon)...]) else { return key }
        return String(key[...colon]) + address.limitKey
    }

    static func address(_ address: String) -> RateKey { RateKey("login-address", addressKey(address)) }
    static func here(_ user: String, _ address: String) -> RateKey { RateKey("login-here:\(user)", addressKey(address)) }
    static func unknown(_ user: String) -> RateKey { RateKey("login-unknown", user) }

    public func isBlocked(address: String, now: Date) async throws -> Bool {
        try await counters.read(Self.address(address), now: now).count >= 4 * maxFailures
    }

    public func failedHere(user: String, address: String, now: Date) async throws -> Bool {
        try await counters.read(Self.here(user, address), now: now).count > 0
    }

    public func unknownFailures(user: String, now: Date) async throws -> (failures: Int, last: Date?) {
        let count = try await counters.read(Self.unknown(user), now: now)
        return (count.count, count.last)
    }

    public func recordFailure(user: String, address: String, unknown: Bool, now: Date) async throws {
        try await counters.count(Self.address(address), window: window, now: now)
        try await counters.count(Self.here(user, address), window: window, now: now)
        if unknown { try await counters.count(Self.unknown(user), window: Self.unknownRetention, now: now) }
    }

    public func reset(user: String) async throws { try await counters.reset(scope: "login-here:\(user)") }
}
