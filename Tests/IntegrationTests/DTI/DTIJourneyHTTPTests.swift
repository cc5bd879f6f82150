import Domain
import Foundation
import TestSupport
import Testing

/// The checks of the digital-transformation browser journey (scripts/browser/dti_journey.py) that
/// need no browser: a refused ratio, the evidence download, the ranking's CSV, the English page.
@Suite("DTI journey over HTTP")
struct DTIJourneyHTTPTests {
    static let badRatio = "mẫu số phải lớn hơn 0 và không nhỏ hơn tử số"

    @Test(
        "9 / 4 is refused with 400 and the Vietnamese message; evidence downloads as the PDF; the ranking's CSV and English page",
        arguments: Backend.available)
    func round(_ backend: Backend) async throws {
        let clock = TestClock("2026-02-02T09:00:00+07:00")
        try await withApp(backend, clock: clock, extraEnvironment: DTIRoundTests.environment) { api, _ in
            let appraiser = try await api.login("chuyenvien.skhcn")
            let leader = try await api.login("lanhdao.hacthanh")
            let opened = try await api.request(
                .post, "/api/v1/dti/rounds", token: appraiser, json: ["year": 2026, "group": "commune", "deadline": "2026-12-31"])
            let id = try #require(opened.json["id"] as? Int)
            let unitPath = "/officer/chuyen-doi-so/dot/\(id)/don-vi/14797"
            let declare = try await BrowserSession(api).postMultipart(
                unitPath + "/tu-danh-gia", ["subIndex": "1.1", "value": "1", "comment": "Quyết định 12/QĐ-UBND ngày 10/01"],
                files: [.init(field: "evidence", name: "quyet-dinh-ban-chi-dao.pdf", bytes: DTIRoundTests.pdf)], token: leader)
            #expect(declare.status == .seeOther || declare.status == .found)

            // A numerator above its denominator, through the page's form.
            let ratio = try #require(
                try await DTIRoundTests.subIndices(api, leader).first { $0["unit"] as? String == "ratio" }?["code"] as? String)
            let refused = try await BrowserSession(api).postMultipart(
                unitPath + "/tu-danh-gia", ["subIndex": ratio, "value": "9", "denominator": "4"], files: [], token: leader)
            #expect(refused.status == .badRequest)
            let alert = PageReading.text(id: "dti-error", in: refused.text) ?? ""
            #expect(alert.contains(Self.badRatio), "#dti-error reads \(alert)")
            let unit = try await api.request(.get, "/api/v1/dti/rounds/\(id)/units/14797", token: leader).json
            let entries = unit["entries"] as? [[String: Any]] ?? []
            #expect(!entries.contains { $0["subIndex"] as? String == ratio })

            // The evidence, from the link on the unit's page, with the appraiser's session.
            let evidence = try #require((entries.first { $0["subIndex"] as? String == "1.1" }?["evidence"] as? [Int])?.first)
            let link = "/officer/chuyen-doi-so/minh-chung/\(evidence)"
            #expect(try await api.request(.get, unitPath, token: appraiser).text.contains("href=\"\(link)\""))
            let file = try await api.request(.get, link, token: appraiser)
            #expect(file.status == .ok && file.headers[.contentType] == "application/pdf")
            #expect(file.bytes.starts(with: Array("%PDF".utf8)) && file.bytes == DTIRoundTests.pdf)

            // Published: the ranking's CSV has one row per commune, the ward first; the page reads in English.
            let accept = ["subIndex": "1.1", "decision": "accept"]
            #expect(
                try await api.request(.post, "/api/v1/dti/rounds/\(id)/units/14797/reviews", token: appraiser, json: accept).status == .ok)
            #expect(try await api.request(.post, "/api/v1/dti/rounds/\(id)/publish", token: appraiser).status == .ok)
            let ranking = DTIRoundTests.items(try await api.request(.get, "/api/v1/dti/rounds/\(id)/ranking", token: leader))
            let rankingPath = "/officer/chuyen-doi-so/dot/\(id)/xep-hang"
            let page = try await api.request(.get, rankingPath, token: appraiser)
            let csvLink = try #require(PageReading.attribute("href", id: "dti-csv", in: page.text))
            let csv = try await api.request(.get, csvLink, token: appraiser)
            #expect(csv.status == .ok && csv.headers[.contentType]?.hasPrefix("text/csv") == true)
            #expect(csv.bytes.starts(with: [0xEF, 0xBB, 0xBF]))
            let lines = try CSV.parse(csv.text).filter { !$0.isEmpty && $0 != [""] }
            #expect(Array(lines.first?.prefix(4) ?? []) == ["Hạng", "Mã", "Đơn vị", "Tổng điểm"])
            #expect(ranking.count > 1 && lines.count == ranking.count + 1)
            #expect(lines.count > 1 && lines[1][1] == "14797")
            let english = try await api.request(.get, rankingPath + "?lang=en", token: appraiser)
            let heading = PageReading.plain(
                english.text.components(separatedBy: "<h1>").dropFirst().first?.components(separatedBy: "</h1>")[0] ?? "")
            #expect(heading.hasPrefix("Ranking") && heading.contains("Communes and wards"), "\(heading)")
        }
    }
}
