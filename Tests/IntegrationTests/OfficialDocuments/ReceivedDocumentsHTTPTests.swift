import Foundation
import SQLKit
import TestSupport
import Testing

/// Outgoing documents addressed to a person (citizen ID number) or a business (tax code): the
/// recipient is validated at drafting, delivered at issue to the verified account holding that ID
/// number, listed in its "Văn bản nhận được" with the signed file, and announced through the
/// channels the citizen chose; nobody else sees it.
@Suite("Outgoing documents received in a citizen's account")
struct ReceivedDocumentsHTTPTests {
    static let holder = "038190001234"
    static let people = "Nguyễn Thị Mai | \(holder)\nCông ty TNHH Ánh Dương | 0101234567"

    @Test(
        "issued to an ID number: in the verified holder's account with its signed file and a notice; 404 for anyone else",
        arguments: Backend.available)
    func delivered(_ backend: Backend) async throws {
        // The wall clock: a citizen's session cookie expires on it.
        try await withApp(backend) { api, db in
            let mai = BrowserSession(api)
            try await Portal.register(mai, phone: "0912000111", idNumber: Self.holder)
            try await Self.execute(
                db, "UPDATE citizens SET identity_level = 2, email = 'mai@example.vn' WHERE id_number = '\(Self.holder)'")
            let other = BrowserSession(api)
            try await Portal.register(other, phone: "0912000222", name: "Trần Văn Bình", idNumber: "038090005678")

            let specialist = try await api.login("chuyenvien.ubnd")
            let leader = try await api.login("lanhdao.ubnd")
            let clerk = try await api.login("vanthu.ubnd")
            let file = OutgoingDocs.pdf("citizen")
            let (drafted, sent) = try await OutgoingDocs.draft(api, specialist, db: db, ["people": Self.people], file: file)
            let id = try #require(drafted, "\(sent.status) \(sent.text.prefix(300))")
            for (token, step, version, fields) in [
                (specialist, "trinh", 1, [:]), (leader, "duyet", 2, ["decision": "approve"]), (leader, "ky", 3, [:]),
                (clerk, "ban-hanh", 4, [:]),
            ] {
                #expect(try await OutgoingDocs.step(api, token, id, step, version: version, fields).status == .seeOther, "\(step)")
            }
            #expect(
                try await OutgoingDocs.strings(db, "SELECT delivery AS s FROM outgoing_recipients ORDER BY position")
                    == ["delivered", "toSend", "inAccount", "noAccount"])
            let page = try await api.request(.get, "/officer/van-ban-di/\(id)", token: clerk)
            let recipients = PageReading.text(id: "out-recipients", in: page.text) ?? ""
            #expect(recipients.contains("Đã gửi vào tài khoản") && recipients.contains("Chưa có tài khoản"), "\(recipients)")

            let list = try await mai.get("/tai-khoan/van-ban")
            #expect(list.status == .ok)
            let row = PageReading.inner(id: "received-\(id)", in: list.text) ?? ""
            #expect(row.contains("1/UBND") && row.contains("V/v phối hợp rà soát") && row.contains("Ủy ban nhân dân"), "\(row)")
            #expect(row.contains("/xac-minh-ket-qua"))
            let download = try await mai.get("/tai-khoan/van-ban/\(id)/tep")
            #expect(download.status == .ok && download.bytes == file)
            #expect(download.headers[.contentType] == "application/pdf")
            #expect(
                try await OutgoingDocs.strings(db, "SELECT action AS s FROM audit_log WHERE action LIKE 'citizen.receivedDocument%'")
                    == ["citizen.receivedDocument.download"])

            // The notice went by SMS and e-mail (both chosen), in plain Vietnamese with the link.
            let notices = try await OutgoingDocs.strings(
                db, "SELECT recipient AS s FROM outbox WHERE template = 'documentReceived' ORDER BY recipient")
            #expect(notices == ["0912000111", "mai@example.vn"])

            // Nobody else: another citizen, an anonymous visitor, the officers' route for a citizen.
            let strangers = try await other.get("/tai-khoan/van-ban")
            #expect(strangers.status == .ok && !strangers.text.contains("received-\(id)"))
            #expect(try await other.get("/tai-khoan/van-ban/\(id)/tep").status == .notFound)
            #expect(try await other.get("/tai-khoan/van-ban/999999/tep").status == .notFound)
            #expect(try await BrowserSession(api).get("/tai-khoan/van-ban/\(id)/tep").status != .ok)
            #expect(
                try await OutgoingDocs.strings(db, "SELECT action AS s FROM audit_log WHERE action LIKE 'citizen.receivedDocument%'")
                    .count == 1)
        }
    }

    @Test(
        "a self-declared ID number is not trusted: the clerk sees \"no account\" and the account gets nothing", arguments: Backend.available
    )
    func selfDeclared(_ backend: Backend) async throws {
        // The wall clock: a citizen's session cookie expires on it.
        try await withApp(backend) { api, db in
            let mai = BrowserSession(api)
            try await Portal.register(mai, phone: "0912000111", idNumber: Self.holder)
            let id = try await OutgoingDocs.signed(api, db: db, file: OutgoingDocs.pdf("declared"), ["people": Self.people])
            #expect(try await OutgoingDocs.step(api, try await api.login("vanthu.ubnd"), id, "ban-hanh", version: 4).status == .seeOther)
            #expect(
                try await OutgoingDocs.strings(db, "SELECT delivery AS s FROM outgoing_recipients ORDER BY position")
                    == ["delivered", "toSend", "noAccount", "noAccount"])
            #expect(try await mai.get("/tai-khoan/van-ban/\(id)/tep").status == .notFound)
            #expect(try await OutgoingDocs.strings(db, "SELECT recipient AS s FROM outbox WHERE template = 'documentReceived'").isEmpty)
        }
    }

    @Test("bad person or business recipients: 400 with the message in Vietnamese and English, nothing stored", arguments: Backend.available)
    func badInput(_ backend: Backend) async throws {
        try await withApp(backend, clock: TestClock(OfficialDocs.morning)) { api, db in
            let specialist = try await api.login("chuyenvien.ubnd")
            let holder = "outgoing.badHolder"
            for (bad, code) in [
                ("Nguyễn Thị Mai | 12345", holder), ("Nguyễn Thị Mai | 03819000123A", holder), ("Công ty | 01012345678", holder),
                ("| 038190001234", holder), ("Nguyễn Thị Mai", holder), ("Nguyễn Thị Mai | 999190001234", holder),
                ("Công ty | 0101234567-01", holder), ("Nguyễn Thị Mai | 038190001234\nMai khác | 038190001234", "outgoing.badRecipients"),
            ] {
                let (id, answer) = try await OutgoingDocs.draft(
                    api, specialist, db: db, ["people": bad], headers: ["Accept": "application/json"])
                #expect(id == nil && answer.status == .badRequest && answer.errorCode == code, "\(bad): \(answer.status)")
                #expect(answer.errorMessages.vi?.isEmpty == false && answer.errorMessages.en?.isEmpty == false)
            }
            #expect(try await db.count("outgoing_documents") == 0)
        }
    }

    static func execute(_ db: TestDatabase, _ statement: String) async throws {
        let database = try db.open()
        defer { Task { await database.shutdown() } }
        try await database.transaction { sql in try await sql.raw(SQLQueryString(statement)).run() }
    }
}
