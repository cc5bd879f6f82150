import Domain
import Foundation
import Persistence
import SQLKit
import TestSupport
import Testing
import Web

/// The citizen is told only when it matters (issue 19, item 3): received, action needed, fee to pay,
/// result ready, refused or stopped with the reason; plain words, dd/MM/yyyy dates, a link; internal
/// steps send nothing; the messages are listed in the account, where the citizen chooses the channels.
@Suite("Citizen messages")
struct CitizenMessagesTests {
    static let base = "https://dvc.example.vn"

    /// A citizen (phone 0912000111) with a marriage-status dossier submitted online with an e-mail
    /// address on Mon 2 Mar 2026 09:00 (+07).
    static func submitted(_ api: APIClient, clock: TestClock) async throws -> (browser: BrowserSession, code: String) {
        let browser = try await SupplementResponseTests.registered(api, clock: clock, phone: "0912000111")
        clock.set("2026-03-02T09:00:00+07:00")
        let path = "/thu-tuc/\(SupplementResponseTests.procedure)/nop-truc-tuyen"
        let form = try await browser.get(path)
        let submitted = try await browser.postMultipart(
            path,
            [
                "submissionKey": Portal.hidden("submissionKey", in: form.text) ?? "", "fullName": "Nguyễn Thị Mai",
                "idNumber": "038190001234", "phone": "0912000111", "email": "mai@example.vn", "address": "12 Lê Lợi",
                "communeCode": "14797", "intent": "submit",
            ], files: [.init(field: "file-0", name: "to-khai.pdf", bytes: Portal.pdf("declaration"))])
        guard submitted.status == .seeOther, let location = submitted.headers[.location],
            let code = location.split(separator: "/").last.map({ String($0.split(separator: "?")[0]) })
        else { throw TestSetupError("online submission: \(submitted.status) \(submitted.text.prefix(300))") }
        return (browser, code)
    }

    /// Relays the recorded changes and delivers them to the development mailbox; returns what was delivered, oldest first.
    static func deliver(_ db: TestDatabase, now: Date) async throws -> [DeliveredMessage] {
        let store = try db.open()
        let outbox = SQLOutboxRepository(database: store)
        try await NotificationRelay(outbox: outbox, catalogue: SQLCatalogueRepository(database: store)).runOnce(now: now)
        let sender = MailboxSender(outbox: outbox)
        try await OutboxDispatcher(outbox: outbox, senders: [.sms: sender, .email: sender], publicBaseURL: { base }).runOnce(now: now)
        let delivered = try await outbox.mailbox(limit: 100)
        await store.shutdown()
        return delivered.reversed()
    }

    /// How many audit lines record `action`.
    static func audits(_ db: TestDatabase, _ action: String) async throws -> Int {
        let store = try db.open()
        let n = try await store.read { sql in
            try await sql.raw("SELECT COUNT(*) AS n FROM audit_log WHERE action = \(bind: action)").first()?.decode(
                column: "n", as: Int.self)
        }
        await store.shutdown()
        return n ?? 0
    }

    @Test(
        "one dossier's whole life sends only received, supplement, fee and result, in plain words with a link", arguments: Backend.available
    )
    func wholeLife(_ backend: Backend) async throws {
        let clock = TestClock("2026-03-02T08:00:00+07:00")
        try await withApp(backend, clock: clock, extraEnvironment: ["OUTBOX_POLL_SECONDS": "3600"]) { api, db in
            let (browser, code) = try await Self.submitted(api, clock: clock)
            let desk = try await api.login("tiepnhan.hacthanh")
            let specialist = try await api.login("chuyenvien.hacthanh")
            clock.set("2026-03-02T09:10:00+07:00")
            var v = try await Portal.toProcessing(api, code)  // accept, forward, assign
            clock.set("2026-03-03T10:00:00+07:00")
            v = try await api.must(specialist, code, "requestSupplement", version: v, extra: ["note": "Thiếu bản sao Giấy khai sinh"])
            v = try await api.must(desk, code, "supplement", version: v)
            v = try await api.must(specialist, code, "requestPayment", version: v, extra: ["amount": 8000, "note": "Phí bản sao"])
            v = try await api.must(desk, code, "confirmPayment", version: v)
            _ = try await SignedResultTests.finish(api, code, version: v, result: Portal.pdf("kq"))

            let all = try await Self.deliver(db, now: clock.now)
            let sms = all.filter { $0.channel == .sms }
            let mail = all.filter { $0.channel == .email }
            #expect(sms.count == 4 && mail.count == 4, "\(all.map(\.subject))")
            #expect(mail.allSatisfy { $0.recipient == "mai@example.vn" } && sms.allSatisfy { $0.recipient == "0912000111" })
            let bodies = mail.map(\.body)
            guard bodies.count == 4 else { return }
            #expect(bodies[0].contains("đã được tiếp nhận") && bodies[0].contains("05/03/2026"), "\(bodies[0])")
            #expect(bodies[1].contains("Thiếu bản sao Giấy khai sinh"), "\(bodies[1])")
            #expect(bodies[2].contains("8.000 đ"), "\(bodies[2])")
            #expect(bodies[3].contains("kết quả"), "\(bodies[3])")
            let link = "\(Self.base)/ho-so-cua-toi/\(code)"
            #expect(all.allSatisfy { $0.body.contains(link) }, "\(all.map(\.body))")
            // No workflow jargon, no ISO dates.
            #expect(!all.contains { $0.body.contains("Chờ phân công") || $0.body.contains("2026-03") })

            // The account lists the same four messages, newest first.
            let list = try await browser.get("/tai-khoan/thong-bao")
            #expect(list.status == .ok)
            #expect(list.text.components(separatedBy: "class=\"notice-item").count - 1 == 4, "\(list.text)")
            #expect(list.text.contains("8.000 đ") && list.text.contains("Thiếu bản sao Giấy khai sinh"))
        }
    }

    @Test(
        "the citizen chooses the channels (stored, audited, bad input refused); a refusal says why; the account lists it",
        arguments: Backend.available)
    func channels(_ backend: Backend) async throws {
        let clock = TestClock("2026-03-02T08:00:00+07:00")
        try await withApp(backend, clock: clock, extraEnvironment: ["OUTBOX_POLL_SECONDS": "3600"]) { api, db in
            let (browser, code) = try await Self.submitted(api, clock: clock)
            // Both channels by default.
            let page = try await browser.get("/tai-khoan/thong-bao")
            #expect(page.text.contains("name=\"sms\" value=\"on\" checked") && page.text.contains("name=\"email\" value=\"on\" checked"))
            let bad = try await browser.post("/tai-khoan/thong-bao", ["email": "maybe"])
            #expect(bad.status == .badRequest)
            let englishBad = try await browser.post("/tai-khoan/thong-bao?lang=en", ["email": "maybe"])
            #expect(englishBad.status == .badRequest && englishBad.text.contains("channel"))
            let saved = try await browser.post("/tai-khoan/thong-bao", ["email": "on"])
            #expect(saved.status == .seeOther)
            let again = try await browser.get("/tai-khoan/thong-bao")
            #expect(again.text.contains("name=\"sms\" value=\"on\">") && again.text.contains("name=\"email\" value=\"on\" checked"))
            #expect(try await Self.audits(db, "citizen.notificationChannels") == 1)

            let desk = try await api.login("tiepnhan.hacthanh")
            clock.set("2026-03-02T09:10:00+07:00")
            _ = try await api.must(desk, code, "refuseReception", version: 1, extra: ["note": "Thủ tục không thuộc thẩm quyền của xã"])
            let all = try await Self.deliver(db, now: clock.now)
            #expect(all.count == 1 && all.first?.channel == .email, "\(all)")
            #expect(all.first?.body.contains("Thủ tục không thuộc thẩm quyền của xã") == true)
            let list = try await browser.get("/tai-khoan/thong-bao")
            #expect(list.text.contains("Thủ tục không thuộc thẩm quyền của xã"))
        }
    }
}
