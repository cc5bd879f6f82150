import Domain
import Foundation
import Persistence
import SQLKit
import Synchronization
import TestSupport
import Testing
import Web

/// Issue 17 item 1: two instances on one database deliver each queued message exactly once.
@Suite("Outbox claims")
struct OutboxClaimTests {
    /// A gateway that takes a while per message and counts what it was given, per outbox id.
    final class SlowGateway: MessageSender, Sendable {
        let deliveries = Mutex<[Int64: Int]>([:])
        func send(_ message: DeliveredMessage, outboxId: Int64) async throws {
            try await Task.sleep(for: .milliseconds(Int.random(in: 50...100)))
            deliveries.withLock { $0[outboxId, default: 0] += 1 }
        }
        var counts: [Int64: Int] { deliveries.withLock { $0 } }
    }

    /// A migrated database with `count` pending SMS queued at `at`; returns their ids.
    static func queue(_ count: Int, on database: Database, at: Date) async throws -> [Int64] {
        try await Migrator.migrate(database)
        let millis = Int64(at.timeIntervalSince1970 * 1000)
        return try await database.transaction { db in
            var ids: [Int64] = []
            for i in 0..<count {
                let row = try await db.raw(
                    """
                    INSERT INTO outbox (channel, recipient, template, params, language, status, attempts, next_attempt_at, created_at)
                    VALUES ('sms', \(bind: "09123\(10000 + i)"), 'statusChanged', \(bind: "{\"code\":\"HS-\(i)\"}"), 'vi',
                        'pending', 0, \(bind: millis), \(bind: millis))
                    RETURNING id
                    """
                ).first()
                ids.append(try #require(row).decode(column: "id", as: Int64.self))
            }
            return ids
        }
    }

    /// Runs passes of `dispatcher` until nothing is pending (or 40 passes).
    static func drain(_ pass: @Sendable () async throws -> Int, outbox: SQLOutboxRepository) async throws {
        for _ in 0..<40 {
            _ = try await pass()
            if try await outbox.counts()["pending", default: 0] == 0 { return }
            try await Task.sleep(for: .milliseconds(20))
        }
    }

    @Test("two dispatchers on one database, a slow gateway: each of 50 messages delivered exactly once", arguments: Backend.available)
    func twoDispatchers(_ backend: Backend) async throws {
        try await withDatabase(backend) { database, test in
            let now = Date()
            let ids = try await Self.queue(50, on: database, at: now)
            let outbox = SQLOutboxRepository(database: database)
            let gateway = SlowGateway()
            let first = try OutboxDispatcher(outbox: outbox, senders: [.sms: gateway], holder: "first")
            let second = try OutboxDispatcher(outbox: outbox, senders: [.sms: gateway], holder: "second")
            async let a: Void = Self.drain({ try await first.runOnce(now: now, batch: 10) }, outbox: outbox)
            async let b: Void = Self.drain({ try await second.runOnce(now: now, batch: 10) }, outbox: outbox)
            _ = try await (a, b)
            let counts = gateway.counts
            #expect(counts.values.reduce(0, +) == 50, "deliveries: \(counts.values.reduce(0, +))")
            #expect(Set(counts.keys) == Set(ids))
            #expect(counts.values.allSatisfy { $0 == 1 })
            #expect(try await outbox.counts()["sent"] == 50)
        }
    }

    @Test(
        "the claims of a sender that died expire: the other sends each of its messages once, its late marks change nothing",
        arguments: Backend.available)
    func deadHolder(_ backend: Backend) async throws {
        try await withDatabase(backend) { database, test in
            let now = Date()
            let ids = try await Self.queue(5, on: database, at: now)
            // An instance claimed them (lease until now + 60 s) and died without marking them.
            try await database.transaction { db in
                try await db.raw(
                    "UPDATE outbox SET claimed_by = 'dead', lease_until = \(bind: Int64(now.timeIntervalSince1970 * 1000) + 60_000)"
                ).run()
            }
            let outbox = SQLOutboxRepository(database: database)
            let gateway = SlowGateway()
            let other = try OutboxDispatcher(outbox: outbox, senders: [.sms: gateway], holder: "other")
            #expect(try await other.runOnce(now: now.addingTimeInterval(59)) == 0)
            #expect(gateway.counts.isEmpty)
            // The lease has expired: the other claims them; the dead sender's late mark is ignored.
            let taken = try await outbox.claim(now: now.addingTimeInterval(61), limit: 10, holder: "other", leaseSeconds: 0)
            #expect(taken.map(\.id) == ids)
            try await outbox.markFailed(id: ids[0], holder: "dead", error: "late", retryAt: nil)
            try await outbox.markSent(ids: ids, holder: "dead", now: now)
            #expect(try await outbox.counts() == ["pending": 5])
            #expect(try await other.runOnce(now: now.addingTimeInterval(61)) == 5)
            #expect(try await other.runOnce(now: now.addingTimeInterval(62)) == 0)
            #expect(gateway.counts == Dictionary(uniqueKeysWithValues: ids.map { ($0, 1) }))
            #expect(try await outbox.counts() == ["sent": 5])
        }
    }

    @Test("a pass starts no send after half its lease and gives the rest back, due again at once", arguments: Backend.available)
    func halfLease(_ backend: Backend) async throws {
        try await withDatabase(backend) { database, test in
            let now = Date()
            _ = try await Self.queue(30, on: database, at: now)
            let outbox = SQLOutboxRepository(database: database)
            let gateway = SlowGateway()
            // 30 sends take 1.5-3 s; half the lease is 0.5 s.
            let short = try OutboxDispatcher(outbox: outbox, senders: [.sms: gateway], holder: "short", leaseSeconds: 1)
            let sent = try await short.runOnce(now: now)
            #expect(sent < 15)
            #expect(gateway.counts.count == sent)
            #expect(try await outbox.counts()["pending"] == 30 - sent)
            let rest = try await outbox.claim(now: now, limit: 50, holder: "probe", leaseSeconds: 0)
            #expect(rest.count == 30 - sent)
        }
    }
}
