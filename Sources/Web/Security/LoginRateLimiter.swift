import Domain
import Foundation

/// Counts failed logins per client address, which it blocks after four times `maxFailures` within
/// a sliding window (offices share an address), and per account and address, which it never blocks
/// on: the account's own back-off (in the database) applies only to the addresses that failed on it
/// (`failures`), and an unknown username backs off on these counts as a known one would. A stranger guessing wrong thus makes only their own address wait: the owner, from
/// another address, can still log in. Addresses are counted as rate limits count them (IPv6 by /64).
public actor LoginRateLimiter {
    let maxFailures: Int
    let window: TimeInterval
    /// Failures per account, then per address.
    private var accounts: [String: [String: [Date]]] = [:]
    private var addresses: [String: [Date]] = [:]

    let clock: Clock

    /// A limiter of four times `maxFailures` per address in `window` seconds of `clock`.
    public init(maxFailures: Int, window: TimeInterval, clock: Clock) {
        self.maxFailures = maxFailures
        self.window = window
        self.clock = clock
    }

    /// The key of an address key such as `ip:2001:db8::1`: the prefix kept, the address as rate limits count it.
    static func addressKey(_ key: String) -> String {
        guard let colon = key.firstIndex(of: ":"), let address = IPAddress(key[key.index(after: colon)...]) else { return key }
        return String(key[...colon]) + address.limitKey
    }

    /// Whether the address has used up its failures, whatever the accounts.
    public func isBlocked(user: String, address: String, now: Date) -> Bool {
        recent(addresses[Self.addressKey(address)], now).count >= 4 * maxFailures
    }

    /// The account's failures from the address within the window, oldest first.
    public func failures(user: String, address: String, now: Date) -> [Date] {
        recent(accounts[user]?[Self.addressKey(address)], now)
    }

    /// Counts a failure at `now`: `keys` are the account and the address it was tried from.
    public func recordFailure(_ keys: [String], now: Date) {
        guard let account = keys.first, let last = keys.last else { return }
        let address = Self.addressKey(last)
        if keys.count > 1 { accounts[account, default: [:]][address] = recent(accounts[account]?[address], now) + [now] }
        addresses[address] = recent(addresses[address], now) + [now]
        if addresses.count + accounts.count > 100_000 {
            addresses = addresses.filter { !recent($0.value, now).isEmpty }
            accounts = accounts.filter { $0.value.values.contains { !recent($0, now).isEmpty } }
        }
    }

    /// Whether the address is blocked now.
    func isBlocked(user: String, address: String) -> Bool { isBlocked(user: user, address: address, now: clock.now()) }

    /// The account's failures from the address within the window ending now.
    func failures(user: String, address: String) -> [Date] { failures(user: user, address: address, now: clock.now()) }

    /// Counts a failure now of the account from the address.
    func recordFailure(_ keys: [String]) { recordFailure(keys, now: clock.now()) }

    /// Forgets the account's failures (after a successful login), from every address.
    public func reset(_ account: String) { accounts[account] = nil }

    private func recent(_ times: [Date]?, _ now: Date) -> [Date] {
        (times ?? []).filter { now.timeIntervalSince($0) < window }
    }
}
