import App
import Domain
import Foundation
import Logging
import Persistence
import SQLKit
import TestSupport
import Testing
import Web

/// Issue 21 item 2: every change of a dossier's state reaches the national portal's endpoint (a local receiver) once, in
/// order, with the workflow's national status code; an outage loses and repeats nothing; the reconciliation resends what
/// is missing; administrators see and resend the dead letters.
@Suite("National portal status sync")
struct PortalSyncTests {
    /// The national codes of the default workflow along a counter dossier's whole life: received (2), then being processed
    /// (4) three times, processed (9), result returned (10).
    static let lifeActions = ["forward", "assign", "submitForApproval", "approve", "returnResult"]
    static let lifeCodes = [2, 4, 4, 4, 9, 10]
    /// The server's own background writers slowed down: on SQLite the test's second pool then never waits on them.
    static let quiet = ["OUTBOX_POLL_SECONDS": "3600", "STATISTICS_POLL_SECONDS": "3600"]

    /// A sender of `database`'s queue to `receiver`, as an instance named `holder` on `clock`.
    static func dispatcher(
        _ database: Database, _ receiver: NationalPortalReceiver, clock: TestClock, holder: String = "test",
        policy: PortalSyncRetryPolicy = PortalSyncRetryPolicy(maxAttempts: 12, baseSeconds: 5, maxSeconds: 60)
    ) -> PortalSyncDispatcher {
        PortalSyncDispatcher(
            records: SQLPortalSyncRepository(database: database),
            sender: NationalPortalSender(url: receiver.url, credentials: .token(NationalPortalReceiver.token)), policy: policy,
            clock: Clock { clock.now }, holder: holder, leaseSeconds: 60)
    }

    /// Receives a dossier at the counter and takes it through `actions`; returns its code.
    static func live(_ api: APIClient, actions: [String] = lifeActions) async throws -> String {
        let desk = try await api.login("tiepnhan.hacthanh")
        let leader = try await api.login("lanhdao.hacthanh")
        let specialist = try await api.login("chuyenvien.hacthanh")
        let specialistId = try await api.officerId("chuyenvien.hacthanh")
        var (code, v) = try await api.receive(desk, Fixtures.receipt("1.000689"))
        let by = ["forward": desk, "assign": leader, "submitForApproval": specialist, "approve": leader, "returnResult": desk]
        for action in actions {
            v = try await api.must(
                by[action] ?? desk, code, action, version: v, extra: action == "assign" ? ["assigneeId": specialistId] : [:])
        }
        return code
    }

    /// Runs `body` with its own pool on the test's database, closed whatever happens.
    static func opened(_ db: TestDatabase, _ body: (Database) async throws -> Void) async throws {
        let database = try db.open()
        do {
            try await body(database)
        } catch {
            await database.shutdown()
            throw error
        }
        await database.shutdown()
    }

    /// Runs passes of `dispatcher` until nothing is pending (or 50 passes); returns how many records it sent.
    static func drain(_ dispatcher: PortalSyncDispatcher, _ database: Database) async throws -> Int {
        var sent = 0
        for _ in 0..<50 {
            sent += try await dispatcher.runOnce(batch: 2)
            if try await SQLPortalSyncRepository(database: database).counts()[.pending, default: 0] == 0 { break }
            try await Task.sleep(for: .milliseconds(10))
        }
        return sent
    }

    /// The records the receiver got for `code`: (sequence, national status), in order of arrival.
    static func arrived(_ receiver: NationalPortalReceiver, _ code: String) -> [(Int, Int)] {
        receiver.deliveries.filter { $0.body["MaHoSo"] as? String == code }.map {
            ($0.body["SoThuTu"] as? Int ?? 0, $0.body["TrangThaiHoSo"] as? Int ?? 0)
        }
    }

    @Test(
        "each change of state is queued in its transaction: a dossier's whole life has one record per change", arguments: Backend.available)
    func queuedWithTheChange(_ backend: Backend) async throws {
        try await withApp(backend, clock: TestClock("2026-03-02T09:00:00+07:00"), extraEnvironment: Self.quiet) { api, db in
            let code = try await Self.live(api)
            try await Self.opened(db) { database in
                let rows = try await database.read { db in
                    try await db.raw(
                        """
                        SELECT sequence, national_status, procedure_code, status FROM portal_sync
                        WHERE dossier_code = \(bind: code) ORDER BY sequence
                        """
                    ).all()
                }
                #expect(try rows.map { try $0.decode(column: "sequence", as: Int.self) } == [1, 2, 3, 4, 5, 6])
                #expect(try rows.map { try $0.decode(column: "national_status", as: Int.self) } == Self.lifeCodes)
                #expect(try rows.allSatisfy { try $0.decode(column: "procedure_code", as: String.self) == "1.000689" })
                #expect(try rows.allSatisfy { try $0.decode(column: "status", as: String.self) == "pending" })
            }
        }
    }

    @Test(
        "two instances send a dossier's whole life once each, in order, with the national codes and the portal's fields",
        arguments: Backend.available)
    func wholeLifeOnceInOrder(_ backend: Backend) async throws {
        let clock = TestClock("2026-03-02T09:00:00+07:00")
        let receiver = try NationalPortalReceiver()
        try await withApp(backend, clock: clock, extraEnvironment: Self.quiet) { api, db in
            let codes = [try await Self.live(api), try await Self.live(api), try await Self.live(api)]
            try await Self.opened(db) { database in
                let first = Self.dispatcher(database, receiver, clock: clock, holder: "first")
                let second = Self.dispatcher(database, receiver, clock: clock, holder: "second")
                async let a = Self.drain(first, database)
                async let b = Self.drain(second, database)
                let sent = try await a + b
                #expect(sent == 18)
                #expect(try await SQLPortalSyncRepository(database: database).counts() == [.sent: 18])
                for code in codes {
                    let arrived = Self.arrived(receiver, code)
                    #expect(arrived.map(\.0) == [1, 2, 3, 4, 5, 6], "\(code): \(arrived)")
                    #expect(arrived.map(\.1) == Self.lifeCodes)
                }
                let keys = receiver.deliveries.map(\.key)
                #expect(Set(keys).count == keys.count, "a record arrived twice")
                let last = try #require(receiver.deliveries.last { $0.body["MaHoSo"] as? String == codes[0] })
                #expect(last.body["MaTTHC"] as? String == "1.000689")
                #expect(last.body["NgayTiepNhan"] as? String == "20260302090000")
                #expect((last.body["NgayHenTra"] as? String)?.count == 14)
                #expect(last.body["NgayTra"] as? String == "20260302090000")
                #expect(last.key == "\(codes[0])-6")
            }
        }
    }

    @Test("with the receiver down nothing is lost, and nothing is sent twice after it returns", arguments: Backend.available)
    func receiverDown(_ backend: Backend) async throws {
        let clock = TestClock("2026-03-02T09:00:00+07:00")
        let receiver = try NationalPortalReceiver()
        try await withApp(backend, clock: clock, extraEnvironment: Self.quiet) { api, db in
            try await Self.opened(db) { database in
                let sync = Self.dispatcher(database, receiver, clock: clock)
                let records = SQLPortalSyncRepository(database: database)
                let code = try await Self.live(api, actions: ["forward"])
                #expect(try await sync.runOnce() == 2)
                receiver.stop()
                // The rest of the life happens while the portal cannot be reached; every pass fails and backs off.
                let desk = try await api.login("tiepnhan.hacthanh")
                let leader = try await api.login("lanhdao.hacthanh")
                let specialist = try await api.login("chuyenvien.hacthanh")
                var v = (try await api.dossier(desk, code))[path: "dossier.version"] as? Int ?? 0
                v = try await api.must(
                    leader, code, "assign", version: v, extra: ["assigneeId": try await api.officerId("chuyenvien.hacthanh")])
                #expect(try await sync.runOnce() == 0)
                v = try await api.must(specialist, code, "submitForApproval", version: v)
                v = try await api.must(leader, code, "approve", version: v)
                for _ in 0..<4 {
                    clock.advance(60)
                    #expect(try await sync.runOnce() == 0)
                }
                let waiting = try await records.records(in: .pending, limit: 10)
                #expect(waiting.map(\.sequence) == [3, 4, 5])
                #expect(waiting[0].attempts == 5)
                #expect(waiting[0].lastError?.hasPrefix("the portal could not be reached") == true, "\(waiting[0].lastError ?? "")")
                #expect(waiting[0].nextAttemptAt > clock.now)
                _ = try await api.must(desk, code, "returnResult", version: v)
                try receiver.start()
                // Not due yet: the back-off holds.
                #expect(try await sync.runOnce() == 0)
                clock.advance(60)
                #expect(try await sync.runOnce() == 4)
                #expect(try await sync.runOnce() == 0)
                let arrived = Self.arrived(receiver, code)
                #expect(arrived.map(\.0) == [1, 2, 3, 4, 5, 6])
                #expect(arrived.map(\.1) == Self.lifeCodes)
            }
        }
    }

    @Test("the reconciliation finds a deleted record and resends it", arguments: Backend.available)
    func reconciliation(_ backend: Backend) async throws {
        let clock = TestClock("2026-03-02T09:00:00+07:00")
        let receiver = try NationalPortalReceiver()
        try await withApp(backend, clock: clock, extraEnvironment: Self.quiet) { api, db in
            let code = try await Self.live(api)
            try await Self.opened(db) { database in
                let sync = Self.dispatcher(database, receiver, clock: clock)
                #expect(try await sync.runOnce() == 6)
                try await database.transaction { db in
                    try await db.raw("DELETE FROM portal_sync WHERE dossier_code = \(bind: code) AND sequence = 3").run()
                }
                let config = try AppConfig(environment: db.environment)
                #expect(
                    try await PortalSyncCommands.reconcile(config, since: LocalDate(iso: "2026-03-02"), logger: Logger(label: "test")) == 1)
                #expect(try await PortalSyncCommands.reconcile(config, since: nil, logger: Logger(label: "test")) == 0)
                #expect(try await sync.runOnce() == 1)
                let arrived = Self.arrived(receiver, code)
                #expect(arrived.map(\.0) == [1, 2, 3, 4, 5, 6, 3])
                #expect(arrived.last?.1 == 4)
            }
        }
    }

    @Test("after the last attempt a record is a dead letter: administrators list it and send it again", arguments: Backend.available)
    func deadLetters(_ backend: Backend) async throws {
        let clock = TestClock("2026-03-02T09:00:00+07:00")
        let receiver = try NationalPortalReceiver()
        try await withApp(backend, clock: clock, extraEnvironment: Self.quiet) { api, db in
            try await Self.opened(db) { database in
                let sync = Self.dispatcher(
                    database, receiver, clock: clock, policy: PortalSyncRetryPolicy(maxAttempts: 2, baseSeconds: 5, maxSeconds: 5))
                receiver.stop()
                let code = try await Self.live(api, actions: [])
                #expect(try await sync.runOnce() == 0)
                clock.advance(10)
                #expect(try await sync.runOnce() == 0)
                let admin = try await api.login("quantri")
                let dead = try await api.request(.get, "/api/v1/national-portal/sync?state=dead", token: admin)
                #expect(dead.status == .ok)
                let items = dead.json["items"] as? [[String: Any]] ?? []
                #expect(items.map { $0["dossierCode"] as? String } == [code])
                #expect(items.first?["attempts"] as? Int == 2)
                #expect(dead.json[path: "counts.dead"] as? Int == 1)
                let bad = try await api.request(.get, "/api/v1/national-portal/sync?state=gone", token: admin)
                #expect(bad.status == .badRequest)
                #expect(bad.errorMessages.vi != nil && bad.errorMessages.en != nil)
                let desk = try await api.login("tiepnhan.hacthanh")
                let refused = try await api.request(.post, "/api/v1/national-portal/sync/1/resend", token: desk)
                #expect(refused.status == .forbidden)
                let id = try #require(items.first?["id"] as? Int)
                try receiver.start()
                let resent = try await api.request(.post, "/api/v1/national-portal/sync/\(id)/resend", token: admin)
                #expect(resent.status == .noContent)
                let again = try await api.request(.post, "/api/v1/national-portal/sync/\(id)/resend", token: admin)
                #expect(again.status == .notFound)
                #expect(try await sync.runOnce() == 1)
                let audited = try await database.read { db in
                    try await db.raw("SELECT target FROM audit_log WHERE action = 'portalSync.resend'").all().map {
                        try $0.decode(column: "target", as: String.self)
                    }
                }
                #expect(audited == [String(id)])
                #expect(Self.arrived(receiver, code).map(\.1) == [2])
            }
        }
    }
}
