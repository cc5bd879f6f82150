import Domain
import Foundation
import Logging
import Persistence
import SQLKit
import TestSupport
import Testing

/// The store of rate limits and login throttles: in memory (SQLite, one process) and in
/// PostgreSQL (shared by the instances), which must count alike.
@Suite("Rate counters")
struct RateCountersTests {
    /// The store of `backend` on a fresh database (PostgreSQL: migrated; `pools` connection pools to
    /// it, as so many instances, also given), then closed.
    func withCounters(
        _ backend: Backend, pools: Int = 1, _ body: @Sendable ([any RateCounters], [Database]) async throws -> Void
    ) async throws {
        guard backend == .postgres else { return try await body([MemoryRateCounters()], []) }
        let test = try await TestDatabase.make(.postgres)
        let databases = try (0..<pools).map { _ in try test.open() }
        do {
            try await Migrator.migrate(databases[0])
            try await body(databases.map { SQLRateCounters(database: $0) }, databases)
        } catch {
            for database in databases { await database.shutdown() }
            throw error
        }
        for database in databases { await database.shutdown() }
    }

    static let start = Date(timeIntervalSince1970: 1_800_000_000)

    @Test(
        "a window takes up to its limit, a new one opens after it ends; reset forgets a scope, sweep ended windows",
        arguments: Backend.available)
    func windows(_ backend: Backend) async throws {
        try await withCounters(backend) { stores, _ in
            let counters = stores[0]
            let key = RateKey("test", "203.0.113.1")
            let t = Self.start
            #expect(try await counters.hit(key, window: 60, cost: 2, limit: 3, now: t).count == 2)
            let over = try await counters.hit(key, window: 60, cost: 2, limit: 3, now: t.addingTimeInterval(10))
            #expect(!over.taken && over.count == 2 && over.secondsLeft(t.addingTimeInterval(10)) == 50)
            #expect(try await counters.hit(key, window: 60, cost: 1, limit: 3, now: t.addingTimeInterval(20)).taken)
            #expect(try await !counters.hit(key, window: 60, cost: 1, limit: 3, now: t.addingTimeInterval(59)).taken)
            // More than the whole limit at once is refused and takes nothing.
            #expect(try await !counters.hit(RateKey("test", "other"), window: 60, cost: 4, limit: 3, now: t).taken)
            #expect(try await counters.read(RateKey("test", "other"), now: t) == .empty)
            // The window opened by the first hit ends 60 s later: the next hit opens a new one.
            let next = try await counters.hit(key, window: 60, cost: 1, limit: 3, now: t.addingTimeInterval(60))
            #expect(next.taken && next.count == 1 && next.windowEnd == t.addingTimeInterval(120))
            #expect(try await counters.read(key, now: t.addingTimeInterval(61)).count == 1)
            try await counters.count(RateKey("login-here:user:a", "ip:1"), window: 600, now: t)
            try await counters.count(RateKey("login-here:user:a", "ip:2"), window: 600, now: t)
            try await counters.count(RateKey("login-here:user:b", "ip:1"), window: 600, now: t)
            try await counters.reset(scope: "login-here:user:a")
            #expect(try await counters.read(RateKey("login-here:user:a", "ip:2"), now: t).count == 0)
            #expect(try await counters.read(RateKey("login-here:user:b", "ip:1"), now: t).count == 1)
            #expect(try await counters.sweep(now: t.addingTimeInterval(120)) == 1)
            #expect(try await counters.sweep(now: t.addingTimeInterval(700)) == 1)
        }
    }

    @Test("hits from two instances at once never take more than the limit", arguments: Backend.available)
    func concurrentHits(_ backend: Backend) async throws {
        try await withCounters(backend, pools: 2) { stores, _ in
            let key = RateKey("test", "198.51.100.7")
            let taken = try await withThrowingTaskGroup(of: Bool.self) { group in
                for n in 0..<80 {
                    group.addTask { try await stores[n % stores.count].hit(key, window: 60, cost: 1, limit: 30, now: Self.start).taken }
                }
                return try await group.reduce(0) { $0 + ($1 ? 1 : 0) }
            }
            #expect(taken == 30)
            #expect(try await stores[0].read(key, now: Self.start).count == 30)
        }
    }

    @Test("the cost of one check: 10,000 hits, the mean (PostgreSQL: beside a bare round trip)", arguments: Backend.available)
    func costOfACheck(_ backend: Backend) async throws {
        try await withCounters(backend) { stores, databases in
            let counters = stores[0]
            let checks = 10_000
            // On PostgreSQL each check is followed by a bare round trip through the same pool, so
            // that both are timed under the same load (the suites run in parallel).
            var check = Duration.zero
            var bare = Duration.zero
            let clock = ContinuousClock()
            for n in 0..<checks {
                check += try await clock.measure {
                    _ = try await counters.hit(
                        RateKey("requests", "ip:10.0.\(n % 50).1"), window: 60, cost: 1, limit: 600,
                        now: Self.start.addingTimeInterval(Double(n) / 1000))
                }
                if let database = databases.first {
                    bare += try await clock.measure { _ = try await database.read { db in try await db.raw("SELECT 1").first() } }
                }
            }
            let mean = Self.micros(check) / Double(checks)
            if backend == .postgres {
                let round = Self.micros(bare) / Double(checks)
                print(
                    "rate counters (PostgreSQL): \(checks) checks, mean \(Self.format(mean)) µs; a bare SELECT 1: \(Self.format(round)) µs")
                // One statement: the cost of a round trip, and the binding and decoding of a few values.
                #expect(mean < 4 * round)
            } else {
                print("rate counters (memory): \(checks) checks, mean \(Self.format(mean)) µs")
                #expect(mean < 100)
            }
        }
    }

    static func micros(_ duration: Duration) -> Double {
        Double(duration.components.seconds) * 1e6 + Double(duration.components.attoseconds) / 1e12
    }

    static func format(_ micros: Double) -> String { String(format: "%.1f", micros) }
}
