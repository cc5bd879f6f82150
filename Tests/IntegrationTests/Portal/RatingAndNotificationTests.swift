import Domain
import Foundation
import Logging
import Persistence
import TestSupport
import Testing
import Web

/// Ratings after the result is returned, and notifications through the outbox.
@Suite("Ratings and notifications")
struct RatingAndNotificationTests {
    @Test("a returned dossier is rated once; the figure shows per agency", arguments: Backend.available)
    func rating(_ backend: Backend) async throws {
        try await withApp(backend, extraEnvironment: Portal.environment) { api, _ in
            let (browser, code) = try await Portal.citizenWithDossier(api)
            _ = try await browser.get("/ho-so-cua-toi/\(code)")
            #expect(try await browser.post("/ho-so-cua-toi/\(code)/danh-gia", ["score": "satisfied"]).status == .conflict)
            let v = try await Portal.toProcessing(api, code)
            _ = try await SignedResultTests.finish(api, code, version: v, result: Portal.pdf("kq"))
            let page = try await browser.get("/ho-so-cua-toi/\(code)")
            #expect(page.text.contains("rating-form"))
            #expect(try await browser.post("/ho-so-cua-toi/\(code)/danh-gia", ["score": "excellent"]).status == .badRequest)
            #expect(
                try await browser.post("/ho-so-cua-toi/\(code)/danh-gia", ["score": "satisfied", "comment": "Nhanh, gọn"]).status
                    == .seeOther)
            #expect(try await browser.post("/ho-so-cua-toi/\(code)/danh-gia", ["score": "unsatisfied"]).status == .conflict)
            let figures = try await api.request(.get, "/api/v1/ratings/satisfaction")
            let items = try #require(figures.json["items"] as? [[String: Any]])
            let row = try #require(items.first { $0["agencyId"] as? String == "UB14797.H56" })
            #expect(row["satisfied"] as? Int == 1 && row["total"] as? Int == 1)
            #expect(row["satisfactionPercent"] as? Double == 100)
        }
    }

    @Test(
        "a change that matters to the applicant is relayed into one message per channel, once; failed deliveries back off; nothing is lost across a restart",
        arguments: Backend.available)
    func outbox(_ backend: Backend) async throws {
        let database = try await TestDatabase.make(backend)
        try await withApp(backend, database: database, extraEnvironment: ["OUTBOX_POLL_SECONDS": "3600"]) { api, db in
            let desk = try await api.login("tiepnhan.hacthanh")
            var body = Fixtures.receipt()
            body["applicant"] = [
                "fullName": "Lê Văn Bình", "idNumber": "038090001234", "phone": "0912345678",
                "email": "binh@example.vn", "address": "Số 5",
            ]
            let (code, v) = try await api.receive(desk, body)
            _ = try await api.must(desk, code, "forward", version: v)
            #expect(try await db.count("outbox") == 0)  // the worker has not passed yet
        }
        // The server is gone; the changes wait in the history. The relay queues their messages once.
        let store = try database.open()
        let outbox = SQLOutboxRepository(database: store)
        let relay = NotificationRelay(outbox: outbox, catalogue: SQLCatalogueRepository(database: store))
        #expect(try await relay.runOnce() == 2)  // received × (SMS + e-mail); the forward is internal and sends nothing
        #expect(try await relay.runOnce() == 0)
        #expect(try await database.count("outbox") == 2)
        // A gateway that fails, then one that works.
        struct Down: MessageSender {
            func send(_ m: DeliveredMessage, outboxId: Int64) async throws { throw URLError(.cannotConnectToHost) }
        }
        let now = Date()
        #expect(try await OutboxDispatcher(outbox: outbox, senders: [.sms: Down(), .email: Down()]).runOnce(now: now) == 0)
        // A claim of no time takes nothing from the dispatcher below.
        #expect(try await outbox.claim(now: now, limit: 10, holder: "probe", leaseSeconds: 0).isEmpty)
        let later = now.addingTimeInterval(31)
        #expect(try await outbox.claim(now: later, limit: 10, holder: "probe", leaseSeconds: 0).count == 2)
        #expect(try await outbox.claim(now: later, limit: 10, holder: "probe", leaseSeconds: 0).allSatisfy { $0.attempts == 1 })
        let sent = try await OutboxDispatcher(
            outbox: outbox, senders: [.sms: MailboxSender(outbox: outbox), .email: MailboxSender(outbox: outbox)]
        )
        .runOnce(now: later)
        #expect(sent == 2)
        let mailbox = try await outbox.mailbox(limit: 10)
        #expect(mailbox.contains { $0.channel == .email && $0.recipient == "binh@example.vn" && $0.body.contains("Lê Văn Bình") })
        #expect(mailbox.contains { $0.channel == .sms && $0.body.contains("đã được tiếp nhận") })
        #expect(try await outbox.counts()["sent"] == 2)
        await store.shutdown()
        await database.destroy()
    }
}
