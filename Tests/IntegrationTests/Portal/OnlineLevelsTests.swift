import Foundation
import SQLKit
import TestSupport
import Testing

/// Online levels as the texts write them (issue 18 item 6) and the dashboard's drill-down (issue 19
/// item 8), over HTTP on each database.
@Suite("Online levels and oversight")
struct OnlineLevelsTests {
    /// Signature certification (2.000884): partly online, the signature made before the officer.
    static let partial = "2.000884"

    @Test("a partly online procedure is filed online; its pages name the in-person steps with their article", arguments: Backend.available)
    func partlyOnline(_ backend: Backend) async throws {
        try await withApp(backend) { api, db in
            let browser = BrowserSession(api)
            let page = try await browser.get("/thu-tuc/\(Self.partial)")
            #expect(page.text.contains("id=\"submit-online\""))
            #expect(page.text.contains("id=\"in-person-steps\"") && page.text.contains("khoản 2 Điều 24"))
            #expect(page.text.contains("Nghị định 42/2022/NĐ-CP, khoản 2 Điều 11"))
            try await Portal.register(browser, phone: "0912000222")
            let form = try await browser.get("/thu-tuc/\(Self.partial)/nop-truc-tuyen")
            #expect(form.status == .ok, "the form of a partly online procedure: \(form.status)")
            #expect(form.text.contains("Người yêu cầu chứng thực ký trước mặt người thực hiện chứng thực"))
            let sent = try await browser.postMultipart(
                "/thu-tuc/\(Self.partial)/nop-truc-tuyen",
                [
                    "submissionKey": Portal.hidden("submissionKey", in: form.text) ?? "", "fullName": "Nguyễn Thị Mai",
                    "idNumber": "038190001234", "phone": "0912000222", "address": "12 Lê Lợi", "communeCode": "14797",
                    "intent": "submit",
                ],
                files: [
                    .init(field: "file-0", name: "hop-dong.pdf", bytes: Portal.pdf("to sign")),
                    .init(field: "file-1", name: "cccd.pdf", bytes: Portal.pdf("id card")),
                ])
            #expect(sent.status == .seeOther, "\(sent.status) \(sent.text.prefix(300))")
            let row = try await Self.rows(db, "SELECT channel, procedure_code FROM dossiers")
            #expect(row.count == 1)
            #expect(try row.first?.decode(column: "channel", as: String.self) == "online")
            #expect(try row.first?.decode(column: "procedure_code", as: String.self) == Self.partial)
        }
    }

    @Test(
        "an online-only procedure is refused on paper at the counter (form and API); the assisted path submits it online with scans",
        arguments: Backend.available)
    func onlineOnlyAtCounter(_ backend: Backend) async throws {
        try await withApp(backend) { api, db in
            let browser = BrowserSession(api)
            _ = try await browser.get("/officer/login")
            _ = try await browser.post("/officer/login", ["username": "tiepnhan.hacthanh", "password": APIClient.demoPassword])
            let blank = try await browser.get("/officer/receive")
            let applicant = [
                "procedureCode": Fixtures.birth, "communeCode": "14797", "fullName": "Lê Văn Bình", "idNumber": "038090001234",
                "phone": "0912345678", "address": "Số 5 Lê Lợi",
            ]
            var paper = applicant
            paper["formKey"] = Portal.hidden("formKey", in: blank.text) ?? ""
            paper["channel"] = "counter"
            let refused = try await browser.post("/officer/receive", paper)
            #expect(refused.status == .badRequest, "paper receipt of birth registration: \(refused.status)")
            #expect(refused.text.contains("không còn tiếp nhận hồ sơ giấy") && refused.text.contains("Chỉ thị 24/CT-TTg"))
            #expect(refused.text.contains("id=\"assisted-form\"") && refused.text.contains("value=\"Lê Văn Bình\""))
            paper["channel"] = "assisted"  // the paper form cannot claim the assisted channel
            #expect(try await browser.post("/officer/receive", paper).status == .badRequest)
            // The JSON API refuses paper too, in both languages.
            let desk = try await api.login("tiepnhan.hacthanh")
            let viaAPI = try await api.request(.post, "/api/v1/dossiers", token: desk, json: Fixtures.receipt(Fixtures.birth))
            #expect(viaAPI.status == .badRequest && viaAPI.errorCode == "dossier.onlineOnly")
            #expect(viaAPI.errorMessages.en?.contains("no longer received on paper") == true)
            #expect(try await db.count("dossiers") == 0)

            // The assisted form, opened directly on the procedure: a scan is required for each document.
            let assisted = try await browser.get("/officer/receive?procedureCode=\(Fixtures.birth)")
            #expect(assisted.text.contains("id=\"scan-0\"") && assisted.text.contains("id=\"online-only-notice\""))
            var fields = applicant
            fields["formKey"] = Portal.hidden("formKey", in: assisted.text) ?? ""
            let missing = try await browser.postMultipart(
                "/officer/receive/assisted/\(Fixtures.birth)", fields,
                files: [.init(field: "scan-0", name: "to-khai.pdf", bytes: Portal.pdf("declaration"))])
            #expect(missing.status == .badRequest && missing.text.contains("Còn thiếu giấy tờ"))
            #expect(try await db.count("documents") == 0)  // nothing stored before every scan is there
            let done = try await browser.postMultipart(
                "/officer/receive/assisted/\(Fixtures.birth)", fields,
                files: [
                    .init(field: "scan-0", name: "to-khai.pdf", bytes: Portal.pdf("declaration")),
                    .init(field: "scan-1", name: "giay-chung-sinh.jpg", bytes: Portal.png),
                ])
            #expect(done.status == .seeOther, "\(done.status) \(done.text.prefix(300))")
            let slip = try await browser.get(try #require(done.headers[.location]))
            #expect(slip.status == .ok)
            let officerId = try await api.officerId("tiepnhan.hacthanh")
            let rows = try await Self.rows(
                db,
                """
                SELECT d.channel, d.received_at, e.actor_id, e.action,
                    (SELECT COUNT(*) FROM dossier_documents dd WHERE dd.dossier_id = d.id) AS scans
                FROM dossiers d JOIN dossier_events e ON e.dossier_id = d.id AND e.sequence = 1
                """)
            let row = try #require(rows.first)
            #expect(rows.count == 1)
            #expect(try row.decode(column: "channel", as: String.self) == "assisted")
            #expect(try row.decode(column: "actor_id", as: Int.self) == officerId)
            #expect(try row.decode(column: "scans", as: Int.self) == 2)
            #expect(try row.decode(column: "received_at", as: Int64?.self) != nil)  // received by the desk at once
            let page = try await api.request(
                .get, "/officer/dossiers/\(try #require(done.headers[.location]).split(separator: "/")[2])", token: desk)
            #expect(page.text.contains("công chức hỗ trợ nộp tại quầy") && page.text.contains("giay-chung-sinh.png"))
        }
    }

    @Test(
        "the dashboard's late list opens a read-only dossier inside the caller's scope, 404 outside; views audited",
        arguments: Backend.available)
    func drillDown(_ backend: Backend) async throws {
        let clock = TestClock("2026-11-02T09:00:00+07:00")
        try await withApp(backend, clock: clock, extraEnvironment: OperationsAPITests.environment) { api, db in
            let (late, _) = try await OperationsAPITests.seed(api, clock)
            let admin = try await api.login("quantri")
            let dashboard = try await api.request(.get, "/officer/dieu-hanh?period=2026-11", token: admin)
            let link = "/officer/dieu-hanh/ho-so/\(late)"
            #expect(dashboard.text.contains("href=\"\(link)\""), "the late list links to the drill-down")
            let page = try await api.request(.get, link, token: admin)
            #expect(page.status == .ok)
            #expect(page.text.contains(late) && page.text.contains("id=\"read-only-note\"") && page.text.contains("class=\"history\""))
            #expect(
                !page.text.contains("action-form") && !page.text.contains("/transition")
                    && !page.text.contains("method=\"post\" action=\"/officer/dossiers"))
            // The commune's leader sees the dossier of the commune; a department's leader does not know it exists.
            #expect(try await api.request(.get, link, token: try await api.login("lanhdao.hacthanh")).status == .ok)
            #expect(try await api.request(.get, link, token: try await api.login("lanhdao.stp")).status == .notFound)
            #expect(try await api.request(.get, "/officer/dieu-hanh/ho-so/H56.99-261120-0001", token: admin).status == .notFound)
            #expect(try await api.request(.get, link, token: try await api.login("chuyenvien.hacthanh")).status == .forbidden)
            let views = try await Self.rows(db, "SELECT actor, target FROM audit_log WHERE action = 'dossier.view' ORDER BY id")
            #expect(try views.map { try $0.decode(column: "actor", as: String.self) } == ["quantri", "lanhdao.hacthanh"])
            #expect(try views.allSatisfy { try $0.decode(column: "target", as: String.self) == late })
        }
    }

    /// The rows of `sql`, read on a connection opened and closed for it.
    static func rows(_ testDB: TestDatabase, _ sql: String) async throws -> [any SQLRow] {
        let database = try testDB.open()
        do {
            let rows = try await database.read { try await $0.raw(SQLQueryString(sql)).all() }
            await database.shutdown()
            return rows
        } catch {
            await database.shutdown()
            throw error
        }
    }
}
