import Foundation
import Synchronization

/// Rate counters in this process's memory: the store of the single process on SQLite.
public final class MemoryRateCounters: RateCounters {
    private struct Counter {
        var count: Int
        var windowEnd: Date
        var last: Date
    }

    private struct Table {
        var scopes: [String: [String: Counter]] = [:]
        var size = 0
        /// When the table is next swept of ended windows (amortised: it doubles with the table).
        var sweepAt = 10_000
    }

    private let table = Mutex(Table())

    public init() {}

    public func hit(_ key: RateKey, window: TimeInterval, cost: Int, limit: Int, now: Date) -> RateCount {
        table.withLock { table in
            var counter = table.scopes[key.scope]?[key.subject]
            if let found = counter, found.windowEnd <= now { counter = nil }
            let before = counter?.count ?? 0
            guard before + cost <= limit else {
                return RateCount(count: before, taken: false, windowEnd: counter?.windowEnd, last: counter?.last)
            }
            let next = Counter(count: before + cost, windowEnd: counter?.windowEnd ?? now.addingTimeInterval(window), last: now)
            if table.scopes[key.scope]?.updateValue(next, forKey: key.subject) == nil {
                if table.scopes[key.scope] == nil { table.scopes[key.scope] = [key.subject: next] }
                table.size += 1
                if table.size > table.sweepAt {
                    Self.sweep(&table, now: now)
                    table.sweepAt = max(10_000, 2 * table.size)
                }
            }
            return RateCount(count: next.count, taken: true, windowEnd: next.windowEnd, last: now)
        }
    }

    public func read(_ key: RateKey, now: Date) -> RateCount {
        table.withLock { table in
            guard let counter = table.scopes[key.scope]?[key.subject], counter.windowEnd > now else { return .empty }
            return RateCount(count: counter.count, taken: false, windowEnd: counter.windowEnd, last: counter.last)
        }
    }

    public func reset(scope: String) {
        table.withLock { table in
            table.size -= table.scopes.removeValue(forKey: scope)?.count ?? 0
        }
    }

    @discardableResult
    public func sweep(now: Date) -> Int {
        table.withLock { table in
            let before = table.size
            Self.sweep(&table, now: now)
            return before - table.size
        }
    }

    private static func sweep(_ table: inout Table, now: Date) {
        table.scopes = table.scopes.compactMapValues { counters in
            let live = counters.filter { $0.value.windowEnd > now }
            return live.isEmpty ? nil : live
        }
        table.size = table.scopes.values.reduce(0) { $0 + $1.count }
    }
}
