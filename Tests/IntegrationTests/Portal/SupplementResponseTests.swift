import Domain
import Foundation
import Persistence
import SQLKit
import TestSupport
import Testing
import Web

/// A citizen answers a supplement request online (issue 19, item 1): the request is shown first on
/// their dossier page, they send files and documents of their store with a message, and the dossier
/// moves on with its clock counted again, its documents, its audit line, and the officer told.
@Suite("Supplement responses")
struct SupplementResponseTests {
    /// Marriage-status certificate: commune level, 3 working days, only its first document required.
    static let procedure = "1.004873"
    static let reason = "Thiếu bản sao Giấy khai sinh có chứng thực; ảnh chụp tờ khai bị mờ"

    /// A citizen with a dossier of `procedure` submitted online and taken to "supplement requested" at
    /// Hạc Thành: accepted Mon 2 Mar 2026 (due Thu 5), asked for a supplement Tue 3 with `reason`.
    static func dossierAwaitingSupplement(_ api: APIClient, clock: TestClock, phone: String = "0912000111") async throws -> (
        browser: BrowserSession, code: String
    ) {
        let browser = try await registered(api, clock: clock, phone: phone)
        clock.set("2026-03-02T09:00:00+07:00")
        let form = try await browser.get("/thu-tuc/\(procedure)/nop-truc-tuyen")
        let submitted = try await browser.postMultipart(
            "/thu-tuc/\(procedure)/nop-truc-tuyen",
            [
                "submissionKey": Portal.hidden("submissionKey", in: form.text) ?? "", "fullName": "Nguyễn Thị Mai",
                "idNumber": "038190001234", "phone": phone, "address": "12 Lê Lợi", "communeCode": "14797", "intent": "submit",
            ], files: [.init(field: "file-0", name: "to-khai.pdf", bytes: Portal.pdf("declaration"))])
        guard submitted.status == .seeOther, let location = submitted.headers[.location],
            let code = location.split(separator: "/").last.map({ String($0.split(separator: "?")[0]) })
        else { throw TestSetupError("online submission: \(submitted.status) \(submitted.text.prefix(300))") }
        clock.set("2026-03-02T09:10:00+07:00")
        let v = try await Portal.toProcessing(api, code)
        clock.set("2026-03-03T10:00:00+07:00")
        let specialist = try await api.login("chuyenvien.hacthanh")
        _ = try await api.must(specialist, code, "requestSupplement", version: v, extra: ["note": reason])
        return (browser, code)
    }

    /// A citizen registered while `clock` shows the wall time: a citizen session is stamped with the
    /// rules' clock but expires on the wall clock, so one opened "in March" would be over at once.
    static func registered(
        _ api: APIClient, clock: TestClock, phone: String, idNumber: String = "038190001234"
    ) async throws -> BrowserSession {
        let rules = clock.now
        clock.set(ISO8601DateFormatter().string(from: Date()))
        let browser = BrowserSession(api)
        try await Portal.register(browser, phone: phone, idNumber: idNumber)
        clock.set(ISO8601DateFormatter().string(from: rules))
        return browser
    }

    /// The answer form's fields as the page gives them, with `message`.
    static func answer(_ page: APIResponse, message: String, pick: String? = nil) -> [String: String] {
        var fields = ["supplementKey": Portal.hidden("supplementKey", in: page.text) ?? "", "message": message]
        if let pick { fields["pick"] = pick }
        return fields
    }

    @Test(
        "the owner sees the request first and answers it: dossier moves on, clock counted again, documents, audit, officer told",
        arguments: Backend.available)
    func ownerAnswers(_ backend: Backend) async throws {
        let clock = TestClock("2026-03-02T09:00:00+07:00")
        try await withApp(backend, clock: clock, extraEnvironment: Portal.environment) { api, db in
            let (browser, code) = try await Self.dossierAwaitingSupplement(api, clock: clock)
            // The list of the citizen's dossiers says this one needs them.
            #expect(try await browser.get("/ho-so-cua-toi").text.contains("cần bổ sung hồ sơ"))
            // The request comes first on the page, in plain words, with the officer's reason and the form.
            let page = try await browser.get("/ho-so-cua-toi/\(code)")
            let request = try #require(page.text.range(of: "id=\"supplement-request\""))
            let facts = try #require(page.text.range(of: "id=\"dossier-state\""))
            #expect(request.lowerBound < facts.lowerBound)
            #expect(page.text.contains(Self.reason))
            #expect(page.text.contains("Nộp bổ sung"))
            #expect(page.text.contains("action=\"/ho-so-cua-toi/\(code)/bo-sung?csrf="))
            let english = try await browser.get("/ho-so-cua-toi/\(code)?lang=en")
            #expect(english.text.contains("Send the missing documents"))
            #expect(english.text.contains(Self.reason))

            // Mon 9 Mar: one new file and one document of the store (the declaration sent with the dossier).
            clock.set("2026-03-09T09:00:00+07:00")
            let stored = try #require(Self.storedDocumentId(page.text))
            let fields = Self.answer(page, message: "Xin gửi bổ sung bản sao giấy khai sinh", pick: stored)
            let files: [BrowserSession.File] = [.init(field: "file-0", name: "giay-khai-sinh.pdf", bytes: Portal.pdf("birth copy"))]
            let sent = try await browser.postMultipart("/ho-so-cua-toi/\(code)/bo-sung", fields, files: files)
            #expect(sent.status == .seeOther)
            #expect(sent.headers[.location] == "/ho-so-cua-toi/\(code)?supplemented=1")

            let desk = try await api.login("tiepnhan.hacthanh")
            let dossier = try await api.dossier(desk, code)
            #expect(dossier[path: "dossier.state"] as? String == "processing")
            // The clock resumes with the 2 working days that were left: from Mon 9 to Wed 11.
            #expect(dossier[path: "dossier.legalDueDate"] as? String == "2026-03-11")
            #expect(dossier[path: "dossier.dueDate"] as? String == "2026-03-11")
            #expect(try await db.count("dossier_supplement_documents") == 2)
            #expect(try await Self.auditActions(db).filter { $0 == "dossier.supplemented" }.count == 1)
            let events = try await db.count("dossier_events")

            // The page thanks the citizen and lists what was sent; the request block is gone.
            let after = try await browser.get("/ho-so-cua-toi/\(code)?supplemented=1")
            #expect(after.text.contains("id=\"supplemented-notice\""))
            #expect(after.text.contains("giay-khai-sinh.pdf"))
            #expect(!after.text.contains("id=\"supplement-form\""))
            #expect(!(try await browser.get("/ho-so-cua-toi").text.contains("cần bổ sung hồ sơ")))

            // The same submit again (a retry, a double click): the same answer, nothing added.
            let again = try await browser.postMultipart("/ho-so-cua-toi/\(code)/bo-sung", fields, files: files)
            #expect(again.status == .seeOther)
            #expect(try await db.count("dossier_supplement_documents") == 2)
            #expect(try await db.count("dossier_events") == events)
            #expect(try await Self.auditActions(db).filter { $0 == "dossier.supplemented" }.count == 1)

            // The specialist's queue says it was supplemented; the dossier page lists the files and the message.
            let officer = try await PageSnapshotTests.officer(api, "chuyenvien.hacthanh")
            let queue = try await officer.get("/officer")
            #expect(queue.text.contains("Đã bổ sung"))
            let officerPage = try await officer.get("/officer/dossiers/\(code)")
            #expect(officerPage.text.contains("giay-khai-sinh.pdf"))
            #expect(officerPage.text.contains("Xin gửi bổ sung bản sao giấy khai sinh"))
            let fileLink = try #require(Self.link(to: "giay-khai-sinh.pdf", in: officerPage.text))
            #expect(try await officer.get(fileLink).status == .ok)
        }
    }

    @Test(
        "only the owner, only while a supplement is asked for (409 in both languages), CSRF before the body", arguments: Backend.available)
    func refusals(_ backend: Backend) async throws {
        let clock = TestClock("2026-03-02T09:00:00+07:00")
        try await withApp(backend, clock: clock, extraEnvironment: Portal.environment) { api, db in
            let (owner, code) = try await Self.dossierAwaitingSupplement(api, clock: clock)
            let page = try await owner.get("/ho-so-cua-toi/\(code)")
            let file = BrowserSession.File(field: "file-0", name: "a.pdf", bytes: Portal.pdf("a"))

            // Without the token nothing is read or stored.
            let documents = try await db.count("documents")
            let forged = try await owner.postMultipart(
                "/ho-so-cua-toi/\(code)/bo-sung", Self.answer(page, message: "x").merging(["_csrf": "forged"]) { _, new in new },
                files: [file])
            #expect(forged.status == .forbidden)
            #expect(try await db.count("documents") == documents)

            // Another citizen: not found, as for any dossier of someone else.
            let other = try await Self.registered(api, clock: clock, phone: "0912000222", idNumber: "038190005678")
            _ = try await other.get("/tai-khoan")
            let stranger = try await other.postMultipart("/ho-so-cua-toi/\(code)/bo-sung", Self.answer(page, message: "x"), files: [file])
            #expect(stranger.status == .notFound)
            #expect(try await db.count("dossier_supplements") == 0)

            // Neither a file nor a message: 400, the page again with the reason by the form, in both languages.
            let empty = try await owner.postMultipart("/ho-so-cua-toi/\(code)/bo-sung", Self.answer(page, message: " "), files: [])
            #expect(empty.status == .badRequest)
            #expect(empty.text.contains("id=\"supplement-error\"") && empty.text.contains("id=\"supplement-form\""))
            #expect(empty.text.contains("Hãy tải lên hoặc chọn ít nhất một giấy tờ"))
            let emptyEn = try await owner.postMultipart("/ho-so-cua-toi/\(code)/bo-sung?lang=en", Self.answer(page, message: ""), files: [])
            #expect(emptyEn.status == .badRequest && emptyEn.text.contains("Upload or pick at least one document"))
            // A file that is not a PDF, JPEG or PNG, or a message too long: refused before anything is stored.
            let text = BrowserSession.File(field: "file-0", name: "giay-to.pdf", bytes: Array("không phải PDF".utf8))
            let wrongType = try await owner.postMultipart("/ho-so-cua-toi/\(code)/bo-sung", Self.answer(page, message: "x"), files: [text])
            #expect(wrongType.status == .unsupportedMediaType && wrongType.text.contains("id=\"supplement-error\""))
            let long = String(repeating: "a", count: 1001)
            let tooLong = try await owner.postMultipart("/ho-so-cua-toi/\(code)/bo-sung", Self.answer(page, message: long), files: [file])
            #expect(tooLong.status == .badRequest)
            #expect(try await db.count("documents") == documents)
            #expect(try await db.count("dossier_supplements") == 0)

            // Answered once; a new answer (another key) while the dossier is processed again: 409, both languages.
            clock.set("2026-03-04T09:00:00+07:00")
            let first = try await owner.postMultipart(
                "/ho-so-cua-toi/\(code)/bo-sung", Self.answer(page, message: "Đã gửi"), files: [file])
            #expect(first.status == .seeOther)
            var late = Self.answer(page, message: "Gửi thêm")
            late["supplementKey"] = "another-key"
            let conflict = try await owner.postMultipart("/ho-so-cua-toi/\(code)/bo-sung?lang=vi", late, files: [])
            #expect(conflict.status == .conflict)
            #expect(conflict.text.contains("không chờ bổ sung"))
            let conflictEn = try await owner.postMultipart("/ho-so-cua-toi/\(code)/bo-sung?lang=en", late, files: [])
            #expect(conflictEn.status == .conflict)
            #expect(conflictEn.text.contains("not waiting for a supplement"))
            #expect(try await db.count("dossier_supplements") == 1)
        }
    }

    @Test("the SMS and e-mail of a supplement request carry the reason and a link to the dossier page", arguments: Backend.available)
    func requestMessages(_ backend: Backend) async throws {
        let clock = TestClock("2026-03-02T09:00:00+07:00")
        let database = try await TestDatabase.make(backend)
        try await withApp(
            backend, database: database, clock: clock,
            extraEnvironment: Portal.environment.merging(["OUTBOX_POLL_SECONDS": "3600", "PUBLIC_BASE_URL": "https://dvc.example.vn"]) {
                _, new in new
            }
        ) { api, _ in
            _ = try await Self.dossierAwaitingSupplement(api, clock: clock)
        }
        let store = try database.open()
        let outbox = SQLOutboxRepository(database: store)
        try await NotificationRelay(outbox: outbox, catalogue: SQLCatalogueRepository(database: store)).runOnce()
        let mailbox = MailboxSender(outbox: outbox)
        try await OutboxDispatcher(
            outbox: outbox, senders: [.sms: mailbox, .email: mailbox], publicBaseURL: { "https://dvc.example.vn" }
        ).runOnce()
        let sms = try await outbox.mailbox(limit: 50).filter { $0.channel == .sms && $0.body.contains(Self.reason) }
        #expect(sms.count == 1)
        #expect(sms.first?.body.contains("https://dvc.example.vn/ho-so-cua-toi/") == true)
        await store.shutdown()
        await database.destroy()
    }

    /// The actions of the audit log, oldest first.
    static func auditActions(_ db: TestDatabase) async throws -> [String] {
        let store = try db.open()
        defer { Task { await store.shutdown() } }
        return try await store.read {
            try await $0.raw("SELECT action FROM audit_log ORDER BY seq").all().map { try $0.decode(column: "action", as: String.self) }
        }
    }

    /// The value of the first store checkbox (`name="pick" value="…"`) of the answer form.
    static func storedDocumentId(_ html: String) -> String? {
        guard let range = html.range(of: "name=\"pick\" value=\"") else { return nil }
        let rest = html[range.upperBound...]
        return rest.firstIndex(of: "\"").map { String(rest[..<$0]) }
    }

    /// The address of the link whose text is `name`.
    static func link(to name: String, in html: String) -> String? {
        guard let end = html.range(of: "\">\(name)</a>") else { return nil }
        guard let start = html[..<end.lowerBound].range(of: "href=\"", options: .backwards) else { return nil }
        return Portal.unescape(String(html[start.upperBound..<end.lowerBound]))
    }
}
