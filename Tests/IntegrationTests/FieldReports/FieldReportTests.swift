import Foundation
import SQLKit
import TestSupport
import Testing

/// Field reports end to end: intake and routing, the workflow with public answers, duplicates,
/// moderation, escalation, classification corrections, statistics.
@Suite("Field reports")
struct FieldReportTests {
    @Test(
        "a phone report reaches the commune's unit; security goes to the police; no commune goes to the department; the table overrides",
        arguments: Backend.available)
    func routing(_ backend: Backend) async throws {
        try await withApp(backend) { api, _ in
            let browser = BrowserSession(api)
            let leader = try await api.login("lanhdao.hacthanh")
            let admin = try await api.login("quantri")
            let (roads, response) = try await Reports.report(
                browser, [:], photos: [.init(field: "photo-1", name: "o-ga.jpg", bytes: Reports.jpeg)])
            #expect(response.status == .seeOther)
            let id = try #require(roads)
            let stored = try await Reports.report(api, leader, id)
            #expect(stored["agencyId"] as? String == "UB14797.H56")
            #expect(stored["categoryCode"] as? String == "ROADS")  // suggested from the text: none was chosen
            #expect(stored["suggestedCategory"] as? String == "ROADS")
            #expect(stored[path: "reporter.phone"] as? String == "0912777888")
            let security = try #require(
                try await Reports.report(
                    browser,
                    [
                        "categoryCode": "SECURITY", "latitude": "19.8100",
                        "description": "Quán karaoke hát to đến 2 giờ sáng",
                    ]
                ).id)
            #expect(try await Reports.report(api, try await api.login("congan.hacthanh"), security)["agencyId"] as? String == "CA14797.H56")
            let nowhere = try #require(
                try await Reports.report(
                    browser,
                    [
                        "unitCode": "", "latitude": "", "longitude": "", "address": "Quốc lộ 1A, km 300",
                        "categoryCode": "LIGHTING",
                    ]
                ).id)
            #expect(try await Reports.report(api, admin, nowhere)["agencyId"] as? String == "000.00.07.H56")  // Sở Xây dựng
            // An administrator sends street lighting of Hạc Thành to the Department of Construction instead.
            let route = try await api.request(
                .put, "/api/v1/field-reports/routes", token: admin,
                json: ["category": "LIGHTING", "unitCode": "14797", "agencyId": "000.00.07.H56"])
            #expect(route.status == .ok)
            #expect(
                try await api.request(.put, "/api/v1/field-reports/routes", token: leader, json: ["category": "LIGHTING", "agencyId": "x"])
                    .status == .forbidden)
            let lit = try #require(
                try await Reports.report(
                    browser, ["categoryCode": "LIGHTING", "latitude": "19.7", "description": "Đèn đường tắt cả tuần nay"]
                ).id)
            #expect(try await Reports.report(api, admin, lit)["agencyId"] as? String == "000.00.07.H56")
        }
    }

    @Test(
        "accepted, assigned, answered in public; the reporter hears of it, rates it; personal data never public",
        arguments: Backend.available)
    func workflow(_ backend: Backend) async throws {
        try await withApp(backend, extraEnvironment: ["OUTBOX_POLL_SECONDS": "3600"]) { api, db in
            let browser = BrowserSession(api)
            try await Portal.register(browser, phone: "0912000111")
            let id = try #require(try await Reports.report(browser, ["phone": "0912000111", "name": "Nguyễn Thị Mai"]).id)
            let leader = try await api.login("lanhdao.hacthanh")
            let stranger = try await api.request(
                .post, "/api/v1/field-reports/\(id)/actions", token: try await api.login("lanhdao.quangphu"),
                json: ["action": "accept", "expectedVersion": 1])
            #expect(stranger.status == .notFound)
            #expect(try await Reports.act(api, leader, id, "accept").status == .ok)
            let specialist = try await api.officerId("chuyenvien.hacthanh")
            #expect(try await Reports.act(api, leader, id, "assign", ["assigneeId": specialist]).status == .ok)
            let worker = try await api.login("chuyenvien.hacthanh")
            #expect(try await Reports.act(api, try await api.login("chuyenvien2.hacthanh"), id, "start").status == .forbidden)
            #expect(try await Reports.act(api, worker, id, "start").status == .ok)
            #expect(try await Reports.act(api, worker, id, "answer").status == .badRequest)  // an answer needs its text
            #expect(try await Reports.act(api, worker, id, "answer", ["note": "Đã vá ổ gà ngày 24/11."]).status == .ok)
            let page = try await BrowserSession(api).get("/phan-anh/\(id)")
            #expect(page.text.contains("Đã vá ổ gà ngày 24/11.") && page.text.contains("geo:19.806600,105.785200"))
            #expect(!page.text.contains("0912000111") && !page.text.contains("Nguyễn Thị Mai"))
            let open311 = try await api.request(.get, "/open311/v2/requests/\(id).json")
            #expect(!open311.text.contains("0912000111") && open311.text.contains("Đã vá ổ gà"))
            #expect(try await db.count("outbox") == 1)  // the answer, by SMS to the reporter
            // Only the reporter rates it, once.
            _ = try await browser.get("/phan-anh/\(id)")
            let version = try await Reports.report(api, leader, id)["version"] as? Int ?? 0
            let anonymous = BrowserSession(api)
            _ = try await anonymous.get("/phan-anh/gui")
            let toLogin = try await anonymous.post(
                "/phan-anh/\(id)/y-kien", ["intent": "rate", "score": "satisfied", "version": "\(version)"])
            #expect(toLogin.headers[.location]?.hasPrefix("/dang-nhap") == true, "\(toLogin.status) \(toLogin.text.prefix(300))")
            let rated = try await browser.post("/phan-anh/\(id)/y-kien", ["intent": "rate", "score": "satisfied", "version": "\(version)"])
            #expect(rated.status == .seeOther)
            let final = try await Reports.report(api, leader, id)
            #expect(final["status"] as? String == "closed" && final["rating"] as? String == "satisfied")
        }
    }

    @Test(
        "a report within 50 m in the same category is offered as a duplicate and merged; statistics count it once",
        arguments: Backend.available)
    func duplicates(_ backend: Backend) async throws {
        try await withApp(backend) { api, _ in
            let browser = BrowserSession(api)
            let first = try #require(try await Reports.report(browser, ["categoryCode": "ROADS"]).id)
            let near = try await Reports.report(browser, ["categoryCode": "ROADS", "latitude": "19.806750"])  // about 17 m north
            #expect(near.response.headers[.location]?.contains("similar=\(first)") == true)
            let far = try await Reports.report(browser, ["categoryCode": "ROADS", "latitude": "19.807200"])  // about 67 m
            #expect(far.response.headers[.location]?.contains("similar") == false)
            let other = try await Reports.report(browser, ["categoryCode": "WASTE", "description": "Rác đổ trộm ven đường"])
            #expect(other.response.headers[.location]?.contains("similar") == false)
            let leader = try await api.login("lanhdao.hacthanh")
            let duplicate = try #require(near.id)
            #expect(try await Reports.act(api, leader, duplicate, "merge", ["duplicateOf": try #require(other.id)]).status == .badRequest)
            #expect(try await Reports.act(api, leader, duplicate, "merge", ["duplicateOf": first]).status == .ok)
            let stats = try await api.request(.get, "/api/v1/field-reports/statistics").json
            #expect(stats[path: "total.received"] as? Int == 3)
            let csv = try await api.request(.get, "/api/v1/field-reports/statistics.csv")
            #expect(csv.text.hasPrefix("\u{FEFF}dimension,key,received"))
            #expect(csv.text.contains("category,ROADS,2,"))
        }
    }

    @Test("moderation hides a report or a photo and redacts names, with the reason in the audit log", arguments: Backend.available)
    func moderation(_ backend: Backend) async throws {
        try await withApp(backend) { api, db in
            let browser = BrowserSession(api)
            let id = try #require(
                try await Reports.report(
                    browser, ["description": "Ông Trần Văn B ở số 5 đổ rác ra đường hằng đêm"],
                    photos: [.init(field: "photo-1", name: "a.jpg", bytes: Reports.jpegWithGPS)]
                ).id)
            let published = try await BrowserSession(api).get("/phan-anh/\(id)/anh/1")
            #expect(published.status == .ok && published.headers[.contentType] == "image/jpeg")
            #expect(!published.text.contains("GPS") && published.text.contains("\u{11}\u{22}"))
            let leader = try await api.login("lanhdao.hacthanh")
            let photos = try await BrowserSession(api).get("/phan-anh/\(id)")
            let src = "/phan-anh/\(id)/anh/"
            #expect(photos.text.contains(src))
            #expect(
                try await Reports.act(
                    api, leader, id, "redact",
                    [
                        "publicDescription": "Một hộ dân ở số 5 đổ rác ra đường hằng đêm",
                        "note": "Che tên người",
                    ]
                ).status == .ok)
            let redacted = try await BrowserSession(api).get("/phan-anh/\(id)")
            #expect(!redacted.text.contains("Trần Văn B") && redacted.text.contains("Một hộ dân ở số 5"))
            #expect(try await Reports.act(api, leader, id, "hide", ["note": "Nội dung xúc phạm"]).status == .ok)
            #expect(try await BrowserSession(api).get("/phan-anh/\(id)").status == .notFound)
            #expect(!(try await api.request(.get, "/open311/v2/requests.json").text.contains("\"\(id)\"")))
            #expect(try await api.request(.get, "/officer/phan-anh/\(id)", token: leader).status == .ok)
            #expect(try await db.count("report_events") == 3)
            // The officer page's moderation goes through the form and the audit log.
            let officer = BrowserSession(api)
            _ = try await officer.get("/officer/login")
            _ = try await officer.post("/officer/login", ["username": "lanhdao.hacthanh", "password": APIClient.demoPassword])
            let page = try await officer.get("/officer/phan-anh/\(id)")
            let version = try #require(Portal.hidden("expectedVersion", in: page.text))
            let shown = try await officer.postMultipart(
                "/officer/phan-anh/\(id)/xu-ly",
                [
                    "action": "unhide", "expectedVersion": version,
                    "note": "Đã xem lại",
                ], files: [])
            #expect(shown.status == .seeOther)
            let database = try db.open()
            let audit = try await database.read {
                try await $0.raw("SELECT action, detail FROM audit_log WHERE action LIKE 'report.%'").all()
            }
            await database.shutdown()
            #expect(
                try audit.map { try $0.decode(column: "action", as: String.self) }.sorted() == [
                    "report.hide", "report.redact", "report.unhide",
                ])
            #expect(try audit.contains { try $0.decode(column: "detail", as: String?.self) == "Nội dung xúc phạm" })
            #expect(try await BrowserSession(api).get("/phan-anh/\(id)").status == .ok)
        }
    }

    @Test("an overdue report is escalated to the supervising department; a correction teaches the classifier", arguments: Backend.available)
    func escalationAndCorrection(_ backend: Backend) async throws {
        let clock = TestClock("2026-11-23T09:00:00+07:00")
        try await withApp(backend, clock: clock) { api, db in
            let browser = BrowserSession(api)
            let id = try #require(try await Reports.report(browser, ["description": "Cây bàng trước cổng trường nghiêng hẳn ra đường"]).id)
            let leader = try await api.login("lanhdao.hacthanh")
            let admin = try await api.login("quantri")
            #expect(try await Reports.report(api, leader, id)["categoryCode"] as? String == "TREES")
            #expect(
                try await Reports.act(api, leader, id, "classify", ["categoryCode": "ROADS", "note": "Cây đổ ra lòng đường"]).status == .ok)
            #expect(try await db.count("report_training") == 1)
            #expect(try await api.request(.post, "/api/v1/field-reports/escalations", token: admin).json["escalated"] as? Int == 0)
            clock.set("2026-12-16T09:00:00+07:00")  // past the 15 working days
            #expect(try await api.request(.post, "/api/v1/field-reports/escalations", token: leader).status == .forbidden)
            #expect(try await api.request(.post, "/api/v1/field-reports/escalations", token: admin).json["escalated"] as? Int == 1)
            let moved = try await Reports.report(api, admin, id)
            #expect(moved["agencyId"] as? String == "000.00.07.H56" && moved["escalated"] as? Bool == true)
            #expect(try await api.request(.get, "/api/v1/field-reports/\(id)", token: leader).status == .notFound)
            #expect(try await api.request(.post, "/api/v1/field-reports/escalations", token: admin).json["escalated"] as? Int == 0)
        }
    }

    @Test("bad reports get clear errors and store nothing", arguments: Backend.available)
    func badInput(_ backend: Backend) async throws {
        try await withApp(backend) { api, db in
            let browser = BrowserSession(api)
            #expect(try await Reports.report(browser, ["description": "ngắn"]).response.status == .badRequest)
            #expect(try await Reports.report(browser, ["latitude": "48.85", "longitude": "2.35"]).response.status == .badRequest)
            #expect(try await Reports.report(browser, ["latitude": "abc"]).response.status == .badRequest)
            #expect(try await Reports.report(browser, ["categoryCode": "NOPE"]).response.status == .badRequest)
            let pdf = try await Reports.report(browser, [:], photos: [.init(field: "photo-1", name: "a.jpg", bytes: Portal.pdf)])
            #expect(pdf.response.status == .unsupportedMediaType)
            #expect(try await db.count("field_reports") == 0)
            #expect(try await db.count("documents") == 0)
            // The same form sent twice makes one report.
            let form = try await browser.get("/phan-anh/gui")
            let key = try #require(Portal.hidden("submissionKey", in: form.text))
            let a = try await Reports.report(browser, ["submissionKey": key])
            let b = try await Reports.report(browser, ["submissionKey": key])
            #expect(a.id != nil && a.id == b.id)
            #expect(try await db.count("field_reports") == 1)
        }
    }

    @Test("one address may send only so many reports an hour", arguments: Backend.available)
    func rateLimit(_ backend: Backend) async throws {
        try await withApp(backend, extraEnvironment: ["REPORTS_PER_HOUR": "2"]) { api, db in
            let browser = BrowserSession(api)
            #expect(try await Reports.report(browser, ["latitude": "19.70"]).id != nil)
            #expect(try await Reports.report(browser, ["latitude": "19.71"]).id != nil)
            let third = try await Reports.report(browser, ["latitude": "19.72"])
            #expect(third.response.status == .tooManyRequests)
            #expect(third.response.text.contains("nhiều phản ánh"))
            #expect(try await db.count("field_reports") == 2)
        }
    }
}
