import Foundation
import TestSupport
import Testing

/// The unit's self-assessment in sections (issue 19, item 10): one form per pillar, a progress count,
/// no default answers; what is left blank stays unanswered and is not claimed.
@Suite("DTI self-assessment in sections")
struct DTISectionFormTests {
    /// The `<select>` of the yes/no value of `code` on the unit page.
    static func select(_ code: String, in html: String) -> String? {
        guard let start = html.range(of: "name=\"value:\(code)\"") else { return nil }
        return html[start.upperBound...].components(separatedBy: "</select>").first
    }

    @Test(
        "sections with a progress count, no default answer, blanks left unanswered; a bad value refuses the section",
        arguments: Backend.available)
    func sections(_ backend: Backend) async throws {
        let clock = TestClock("2026-02-02T09:00:00+07:00")
        try await withApp(backend, clock: clock, extraEnvironment: DTIRoundTests.environment) { api, _ in
            let appraiser = try await api.login("chuyenvien.skhcn")
            let leader = try await api.login("lanhdao.hacthanh")
            let opened = try await api.request(
                .post, "/api/v1/dti/rounds", token: appraiser, json: ["year": 2026, "group": "commune", "deadline": "2026-12-31"])
            let id = try #require(opened.json["id"] as? Int)
            let unitPath = "/officer/chuyen-doi-so/dot/\(id)/don-vi/14797"
            let reported = try await DTIRoundTests.subIndices(api, leader).filter { $0["source"] as? String == "reported" }.count
            let frameworks = try await api.request(.get, "/api/v1/dti/frameworks", token: leader).json["frameworks"] as? [[String: Any]]
            let pillars = (frameworks?.first { $0["group"] as? String == "commune" }?["nodes"] as? [Any])?.count ?? -1

            let page = try await api.request(.get, unitPath, token: leader)
            #expect(PageReading.text(id: "dti-progress", in: page.text)?.contains("0/\(reported)") == true)
            #expect(page.text.components(separatedBy: "class=\"dti-section").count - 1 == pillars, "one section per pillar")
            let yesNo = try #require(Self.select("1.1", in: page.text), "no section field for 1.1")
            #expect(yesNo.contains("<option value=\"\" selected>"), "1.1 is not left unanswered: \(yesNo)")
            #expect(!yesNo.contains("value=\"1\" selected"), "1.1 defaults to yes")

            // Section 1: 1.1 yes with evidence, 1.3 as 3 of 4; 1.2, 1.4, 1.5 and 1.6 left blank.
            let saved = try await BrowserSession(api).postMultipart(
                unitPath + "/tu-danh-gia",
                [
                    "section": "1", "value:1.1": "1", "comment:1.1": "QĐ 12/QĐ-UBND", "value:1.2": "", "value:1.3": "3",
                    "denominator:1.3": "4",
                    "value:1.4": "",
                ],
                files: [.init(field: "evidence:1.1", name: "qd.pdf", bytes: DTIRoundTests.pdf)], token: leader)
            #expect(saved.status == .seeOther || saved.status == .found, "section save: \(saved.status) \(saved.text.prefix(200))")
            let unit = try await api.request(.get, "/api/v1/dti/rounds/\(id)/units/14797", token: leader).json
            let entries = unit["entries"] as? [[String: Any]] ?? []
            #expect(Set(entries.compactMap { $0["subIndex"] as? String }) == ["1.1", "1.3"])
            #expect((entries.first { $0["subIndex"] as? String == "1.1" }?["evidence"] as? [Int])?.count == 1)
            let after = try await api.request(.get, unitPath, token: leader)
            #expect(PageReading.text(id: "dti-progress", in: after.text)?.contains("2/\(reported)") == true)
            #expect(Self.select("1.1", in: after.text)?.contains("value=\"1\" selected") == true)
            #expect(Self.select("1.2", in: after.text)?.contains("<option value=\"\" selected>") == true)

            // 9 of 4 refuses the whole section with the message; 1.2 of the same form is not stored either.
            let refused = try await BrowserSession(api).postMultipart(
                unitPath + "/tu-danh-gia", ["section": "1", "value:1.2": "1", "value:1.3": "9", "denominator:1.3": "4"], files: [],
                token: leader)
            #expect(refused.status == .badRequest)
            #expect((PageReading.text(id: "dti-error", in: refused.text) ?? "").contains(DTIJourneyHTTPTests.badRatio))
            let still = try await api.request(.get, "/api/v1/dti/rounds/\(id)/units/14797", token: leader).json
            #expect(!(still["entries"] as? [[String: Any]] ?? []).contains { $0["subIndex"] as? String == "1.2" })
            // Accepted 1.1 saved again unchanged with its section keeps its review; 1.2 answered "no" joins it.
            let evidence = (entries.first { $0["subIndex"] as? String == "1.1" }?["evidence"] as? [Int]) ?? []
            let accept = ["subIndex": "1.1", "decision": "accept"]
            #expect(
                try await api.request(.post, "/api/v1/dti/rounds/\(id)/units/14797/reviews", token: appraiser, json: accept).status == .ok)
            let again = try await BrowserSession(api).postMultipart(
                unitPath + "/tu-danh-gia",
                [
                    "section": "1", "value:1.1": "1", "comment:1.1": "QĐ 12/QĐ-UBND",
                    "keep:1.1": evidence.map(String.init).joined(separator: ","),
                    "value:1.2": "0", "value:1.3": "3", "denominator:1.3": "4",
                ],
                files: [], token: leader)
            #expect(again.status == .seeOther || again.status == .found)
            let kept =
                try await api.request(.get, "/api/v1/dti/rounds/\(id)/units/14797", token: leader).json["entries"] as? [[String: Any]]
            #expect(kept?.first { $0["subIndex"] as? String == "1.1" }?["status"] as? String == "accepted")
            #expect(kept?.first { $0["subIndex"] as? String == "1.2" }?["value"] as? Double == 0)
            // Nothing answered: a clear 400, not a 500.
            let empty = try await BrowserSession(api).postMultipart(
                unitPath + "/tu-danh-gia", ["section": "2", "value:2.1": ""], files: [], token: leader)
            #expect(empty.status == .badRequest)
        }
    }
}
