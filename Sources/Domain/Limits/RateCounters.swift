import Foundation

/// What a rate counter is counted under: `scope` names the limit (and may be reset as a whole),
/// `subject` what it counts (a client address, a username).
public struct RateKey: Sendable, Hashable {
    public let scope: String
    public let subject: String

    public init(_ scope: String, _ subject: String) {
        self.scope = scope
        self.subject = subject
    }
}

/// A counter after a hit or a read: its count in the current window, whether the hit was taken,
/// when the window ends, and when it was last counted (nil when nothing is counted).
public struct RateCount: Sendable, Hashable {
    public let count: Int
    public let taken: Bool
    public let windowEnd: Date?
    public let last: Date?

    public init(count: Int, taken: Bool, windowEnd: Date?, last: Date?) {
        self.count = count
        self.taken = taken
        self.windowEnd = windowEnd
        self.last = last
    }

    /// Nothing counted.
    public static let empty = RateCount(count: 0, taken: false, windowEnd: nil, last: nil)

    /// Whole seconds from `now` until the window ends (at least 1).
    public func secondsLeft(_ now: Date) -> Int {
        max(1, Int(((windowEnd ?? now).timeIntervalSince(now)).rounded(.up)))
    }
}

/// Counters of events per key in fixed windows, shared by every instance that shares the store:
/// in memory for the one process on SQLite, in PostgreSQL for N instances. A key's window opens
/// at its first hit (or its first after the previous window ended) and lasts `window` seconds.
public protocol RateCounters: Sendable {
    /// Adds `cost` to the key's count, unless the count would then exceed `limit` (nothing is
    /// added: `taken` is false); one statement on a database.
    func hit(_ key: RateKey, window: TimeInterval, cost: Int, limit: Int, now: Date) async throws -> RateCount
    /// The key's count in its window at `now`, without adding to it.
    func read(_ key: RateKey, now: Date) async throws -> RateCount
    /// Forgets every counter of `scope`.
    func reset(scope: String) async throws
    /// Forgets the counters whose windows ended by `now`; returns how many.
    @discardableResult func sweep(now: Date) async throws -> Int
}

extension RateCounters {
    /// Adds one to the key's count, whatever the count.
    @discardableResult
    public func count(_ key: RateKey, window: TimeInterval, now: Date) async throws -> RateCount {
        try await hit(key, window: window, cost: 1, limit: Int(Int32.max), now: now)
    }
}
