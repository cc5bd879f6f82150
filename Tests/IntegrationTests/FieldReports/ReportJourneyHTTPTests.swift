import Domain
import Foundation
import TestSupport
import Testing

/// The checks of the field-report browser journey (scripts/browser/report_journey.py) that need
/// no browser: personal data kept off public pages, photos served or refused, status filters,
/// moderation seen from outside, statistics that agree between the page, the CSV and the JSON.
@Suite("Field-report journey over HTTP")
struct ReportJourneyHTTPTests {
    static let reporter = "Phạm Văn Hùng"
    static let contact = "0912777888"  // Reports.report's phone
    static let description =
        "Đường Lê Lợi đoạn trước chợ có ổ gà rất to, xe máy đi qua dễ ngã. Người phản ánh: \(reporter), nhà số 15."

    /// The first report (ROADS, with a photo) and a second one 20 m away, merged into it; the leader's token.
    static func twoReports(_ api: APIClient) async throws -> (first: Int64, second: Int64, leader: String) {
        let phone = BrowserSession(api)
        let first = try #require(
            try await Reports.report(
                phone, ["description": description, "name": reporter],
                photos: [.init(field: "photo-1", name: "o-ga-le-loi.jpg", bytes: Reports.jpeg)]
            ).id)
        let second = try #require(
            try await Reports.report(
                phone,
                [
                    "categoryCode": "ROADS", "latitude": "19.806780", "name": reporter,
                    "description": "Ổ gà lớn trên đường Lê Lợi ngay cổng chợ, trời mưa đọng nước.",
                ]
            ).id)
        let leader = try await api.login("lanhdao.hacthanh")
        #expect(try await Reports.act(api, leader, second, "merge", ["duplicateOf": first]).status == .ok)
        return (first, second, leader)
    }

    @Test("a new report's public page shows neither the reporter's phone, in any format, nor their name", arguments: Backend.available)
    func noPersonalData(_ backend: Backend) async throws {
        try await withApp(backend) { api, _ in
            let phone = BrowserSession(api)
            let (id, sent) = try await Reports.report(phone, ["name": Self.reporter])
            #expect(sent.headers[.location]?.hasSuffix("?new=1") == true)
            let page = try await phone.get("/phan-anh/\(try #require(id))?new=1")
            #expect(page.status == .ok && page.text.contains("id=\"report-received\""))
            let c = Self.contact
            let variants = [
                c, "+84" + c.dropFirst(), "84" + c.dropFirst(), "\(c.prefix(4)) \(c.dropFirst(4).prefix(3)) \(c.suffix(3))",
                "\(c.prefix(4)).\(c.dropFirst(4).prefix(3)).\(c.suffix(3))",
            ]
            for variant in variants { #expect(!page.text.contains(variant), "the public page shows the phone as \(variant)") }
            #expect(!page.text.contains(Self.reporter))
        }
    }

    @Test("the report's photo is served as image/jpeg, the bytes sent", arguments: Backend.available)
    func photoAsSent(_ backend: Backend) async throws {
        try await withApp(backend) { api, _ in
            let phone = BrowserSession(api)
            let (id, _) = try await Reports.report(phone, [:], photos: [.init(field: "photo-1", name: "o-ga.jpg", bytes: Reports.jpeg)])
            let page = try await phone.get("/phan-anh/\(try #require(id))")
            let docs = PageReading.ids(linkedAs: "/phan-anh/\(id!)/anh/", in: page.text.replacingOccurrences(of: "src=", with: "href="))
            #expect(docs.count == 1)
            let photo = try await phone.get("/phan-anh/\(id!)/anh/\(try #require(docs.first))")
            #expect(photo.status == .ok)
            #expect(photo.headers[.contentType]?.hasPrefix("image/jpeg") == true)
            #expect(photo.bytes == Reports.jpeg)
        }
    }

    @Test("a text file posing as a photo: 415, the form's error, the description kept, nothing stored", arguments: Backend.available)
    func fakePhoto(_ backend: Backend) async throws {
        try await withApp(backend) { api, db in
            let text = "Cột đèn đường trước số 40 Lê Lợi bị nghiêng, có nguy cơ đổ vào người đi bộ."
            let fake = BrowserSession.File(
                field: "photo-1", name: "photo.jpg", bytes: Array("Đây là một tệp văn bản, không phải ảnh.\n".utf8))
            let (id, refused) = try await Reports.report(BrowserSession(api), ["description": text], photos: [fake])
            #expect(id == nil && refused.status == .unsupportedMediaType)
            #expect(PageReading.text(id: "report-error", in: refused.text)?.isEmpty == false)
            #expect(PageReading.text(id: "description", in: refused.text) == text)
            #expect(try await db.count("field_reports") == 0)
        }
    }

    @Test(
        "status filters part open from closed; a redacted name leaves the list and Open311; a hidden photo answers 404",
        arguments: Backend.available)
    func filtersAndModeration(_ backend: Backend) async throws {
        try await withApp(backend) { api, _ in
            let (first, second, leader) = try await Self.twoReports(api)
            let visitor = BrowserSession(api)
            func listed(_ status: String) async throws -> [Int64] {
                let page = try await visitor.get("/phan-anh?status=\(status)")
                #expect(page.status == .ok)
                return PageReading.ids(linkedAs: "/phan-anh/", in: PageReading.inner(id: "report-list", in: page.text) ?? "")
            }
            let open = try await listed("open")
            #expect(open.contains(first) && !open.contains(second), "open: \(open)")
            let closed = try await listed("closed")
            #expect(closed.contains(second) && !closed.contains(first), "closed: \(closed)")

            let open311 = "/open311/v2/requests/\(first).json"
            #expect(try await api.request(.get, open311).text.contains(Self.reporter))  // before moderation, the text names them
            let redacted = Self.description.replacingOccurrences(of: Self.reporter, with: "P.V.H.")
            let redact = try await Reports.act(api, leader, first, "redact", ["publicDescription": redacted, "note": "Che họ tên"])
            #expect(redact.status == .ok)
            for path in ["/phan-anh", open311] {
                let answer = try await api.request(.get, path)
                #expect(answer.status == .ok && !answer.text.contains(Self.reporter), "GET \(path) still names the reporter")
            }

            let page = try await visitor.get("/phan-anh/\(first)")
            let doc = try #require(
                PageReading.ids(linkedAs: "/phan-anh/\(first)/anh/", in: page.text.replacingOccurrences(of: "src=", with: "href=")).first)
            #expect(try await visitor.get("/phan-anh/\(first)/anh/\(doc)").status == .ok)
            let hidden = try await BrowserSession(api).postMultipart(
                "/officer/phan-anh/\(first)/xu-ly", ["action": "hidePhoto", "documentId": "\(doc)", "note": "moderation"], files: [],
                token: leader)
            #expect(hidden.status == .seeOther)
            #expect(try await visitor.get("/phan-anh/\(first)/anh/\(doc)").status == .notFound)
            #expect(!(try await visitor.get("/phan-anh/\(first)").text.contains("/anh/\(doc)")))
        }
    }

    @Test(
        "the statistics page, its CSV and the public JSON give the same figures; the JSON holds no personal data",
        arguments: Backend.available)
    func statistics(_ backend: Backend) async throws {
        try await withApp(backend) { api, _ in
            let (first, _, leader) = try await Self.twoReports(api)
            #expect(try await Reports.act(api, leader, first, "accept").status == .ok)
            let specialist = try await api.officerId("chuyenvien.hacthanh")
            #expect(try await Reports.act(api, leader, first, "assign", ["assigneeId": specialist]).status == .ok)
            let worker = try await api.login("chuyenvien.hacthanh")
            #expect(try await Reports.act(api, worker, first, "start").status == .ok)
            #expect(try await Reports.act(api, worker, first, "answer", ["note": "Đã vá ổ gà."]).status == .ok)

            let page = try await api.request(.get, "/officer/phan-anh/thong-ke", token: leader)
            #expect(page.status == .ok)
            let totalText = try #require(PageReading.text(id: "statistics-total", in: page.text))
            let numbers = Self.numbers(after: ":", in: totalText)
            #expect(numbers.count >= 3 && numbers[0] == 1 && numbers[1] == 1, "\(totalText)")  // the merged one is not counted
            let row = try #require(
                PageReading.rows(id: "statistics-byCategory", in: page.text).first { $0.first == "Giao thông, đường sá" })

            let csvPath = try #require(PageReading.attribute("href", id: "statistics-csv", in: page.text))
            let csv = try await api.request(.get, csvPath)
            #expect(csv.status == .ok && csv.headers[.contentType]?.hasPrefix("text/csv") == true)
            #expect(csv.bytes.starts(with: [0xEF, 0xBB, 0xBF]))
            let lines = try CSV.parse(csv.text).filter { $0 != [""] && !$0.isEmpty }
            #expect(Array(lines.first?.prefix(3) ?? []) == ["dimension", "key", "received"])
            let records = lines.dropFirst().map { Dictionary(uniqueKeysWithValues: zip(lines[0], $0)) }
            let total = try #require(records.first { $0["dimension"] == "total" })
            let roads = try #require(records.first { $0["dimension"] == "category" && $0["key"] == "ROADS" })
            #expect(total["received"] == "\(numbers[0])" && total["answered"] == "\(numbers[1])")
            #expect(roads["received"] == row[1] && roads["answered"] == row[2])

            let json = try await api.request(.get, "/api/v1/field-reports/statistics")
            #expect(json.status == .ok)
            #expect(json.json[path: "total.received"] as? Int == numbers[0] && json.json[path: "total.answered"] as? Int == numbers[1])
            let byCategory = json.json["byCategory"] as? [[String: Any]] ?? []
            let roadsJSON = try #require(byCategory.first { $0["key"] as? String == "ROADS" })
            #expect("\(roadsJSON["received"] ?? "")" == row[1] && "\(roadsJSON["answered"] ?? "")" == row[2])
            #expect(!json.text.contains(Self.contact) && !json.text.contains(Self.reporter))
        }
    }

    /// The whole numbers that follow `separator` (and white space) in `text`.
    static func numbers(after separator: String, in text: String) -> [Int] {
        text.components(separatedBy: separator).dropFirst().compactMap {
            Int($0.drop { $0 == " " }.prefix { $0.isNumber })
        }
    }
}
