import Domain
import Foundation
import Persistence
import SQLKit
import Synchronization
import TestSupport
import Testing

/// Issue 17 item 1: the periodic jobs with N instances on one database. Escalation, the statistics
/// projector and the monthly archive run under a lease (one runner at a time); the notification relay
/// and the audit anchors are safe by construction (a unique key keeps one row), shown here.
@Suite("Single runners")
struct SingleRunnerTests {
    /// How many times a job ran.
    final class Runs: Sendable {
        let count = Mutex(0)
    }

    @Test(
        "two runners at once (PostgreSQL): one runs the job, the other skips; a dead holder's lease is taken over after expiry",
        arguments: Backend.available)
    func lease(_ backend: Backend) async throws {
        try await withDatabase(backend) { database, test in
            try await Migrator.migrate(database)
            let leases = MaintenanceLeases(database: database)
            guard backend == .postgres else {
                // SQLite is one process: the job runs without a lease (and writes nothing for it).
                #expect(try await leases.run("escalation", holder: "a", now: Date()) { 1 } == 1)
                #expect(try await test.count("maintenance_leases") == 0)
                return
            }
            let runs = Runs()
            let now = Date()
            let job: @Sendable () async throws -> Int = {
                try await Task.sleep(for: .milliseconds(300))
                return runs.count.withLock {
                    $0 += 1
                    return $0
                }
            }
            async let a = leases.run("escalation", holder: "a", now: now) { try await job() }
            async let b = leases.run("escalation", holder: "b", now: now) { try await job() }
            let (ranA, ranB) = try await (a, b)
            #expect(runs.count.withLock { $0 } == 1)
            #expect((ranA == nil) != (ranB == nil))
            // Released after the pass: the next one is anyone's.
            #expect(try await leases.run("escalation", holder: "b", now: now) { try await job() } == 2)

            // A holder that died mid-pass: its lease holds until it expires, then another takes it.
            #expect(try await leases.claim("escalation", holder: "dead", now: now, seconds: 600))
            #expect(try await leases.run("escalation", holder: "a", now: now.addingTimeInterval(599)) { try await job() } == nil)
            #expect(try await leases.run("escalation", holder: "a", now: now.addingTimeInterval(601)) { try await job() } == 3)
            // The dead holder's late release ends nothing it no longer holds.
            #expect(try await leases.claim("escalation", holder: "a", now: now.addingTimeInterval(700), seconds: 600))
            try await leases.release("escalation", holder: "dead")
            #expect(try await leases.claim("escalation", holder: "b", now: now.addingTimeInterval(701), seconds: 600) == false)
            // Leases are per job.
            #expect(try await leases.claim("statistics", holder: "b", now: now.addingTimeInterval(701), seconds: 600))
        }
    }

    @Test("two relays at once: each change's messages queued once, neither fails", arguments: Backend.available)
    func relays(_ backend: Backend) async throws {
        let database = try await TestDatabase.make(backend)
        try await withApp(backend, database: database, extraEnvironment: ["OUTBOX_POLL_SECONDS": "3600"]) { api, _ in
            let desk = try await api.login("tiepnhan.hacthanh")
            for i in 0..<5 {
                var body = Fixtures.receipt()
                body["applicant"] = [
                    "fullName": "Lê Văn \(i)", "idNumber": "03809000\(1000 + i)", "phone": "091234\(5000 + i)",
                    "email": "a\(i)@example.vn", "address": "Số 5",
                ]
                let (code, v) = try await api.receive(desk, body)
                _ = try await api.must(desk, code, "forward", version: v)
            }
        }
        let store = try database.open()
        defer {
            Task {
                await store.shutdown()
                await database.destroy()
            }
        }
        let outbox = SQLOutboxRepository(database: store)
        let catalogue = SQLCatalogueRepository(database: store)
        let first = NotificationRelay(outbox: outbox, catalogue: catalogue)
        let second = NotificationRelay(outbox: outbox, catalogue: catalogue)
        async let a = first.runOnce(batch: 2)
        async let b = second.runOnce(batch: 3)
        _ = try await (a, b)
        #expect(try await database.count("outbox") == 10)  // 5 receptions × (SMS + e-mail); the forwards send nothing
        let distinct = try await store.read { db in
            try await db.raw("SELECT COUNT(*) AS n FROM (SELECT DISTINCT event_id, channel FROM outbox) AS d").first()?
                .decode(column: "n", as: Int.self)
        }
        #expect(distinct == 10)
        // Every change is marked read once, those that sent nothing too: a later pass reads none of them again.
        #expect(try await database.count("relayed_events") == 10)
        #expect(try await NotificationRelay(outbox: outbox, catalogue: catalogue).runOnce(batch: 2) == 0)
    }

    @Test("two instances anchoring the same period at once store one anchor", arguments: Backend.available)
    func anchors(_ backend: Backend) async throws {
        try await withDatabase(backend) { database, test in
            try await Migrator.migrate(database)
            let anchors = SQLAuditAnchors(database: database)
            let signer: SQLAuditAnchors.Signer = { _ in
                try await Task.sleep(for: .milliseconds(100))
                return ("c2lnbmF0dXJl", "01")
            }
            async let a = anchors.anchor(period: 42, at: Date(), sign: signer)
            async let b = anchors.anchor(period: 42, at: Date(), sign: signer)
            let (storedA, storedB) = try await (a, b)
            #expect(storedA != storedB)
            #expect(try await test.count("audit_anchors") == 1)
        }
    }
}
