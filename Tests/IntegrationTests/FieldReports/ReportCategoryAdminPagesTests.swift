import Foundation
import TestSupport
import Testing

/// The administrators' pages of field-report categories and routing: list, add, edit, routing rules; each change
/// validated and audited; a new report is routed by a new rule at once.
@Suite("Report category administration pages")
struct ReportCategoryAdminPagesTests {
    static let list = "/officer/quan-tri/linh-vuc-phan-anh"

    /// The form of a new category `code`.
    static func category(_ code: String) -> [String: String] {
        [
            "code": code, "name": "Ô nhiễm tiếng ồn", "nameEn": "Noise pollution", "group": "Môi trường", "groupEn": "Environment",
            "keywords": "ồn, loa kẹo kéo", "handleDays": "5", "rejectDays": "2", "infoDays": "2", "publishDays": "1",
            "responsible": "communePolice", "provincialAgency": "CAT",
        ]
    }

    /// The public list of categories (the API every form and Open311 reads).
    static func categories(_ api: APIClient) async throws -> [[String: Any]] {
        try await api.request(.get, "/api/v1/field-reports/categories").json["items"] as? [[String: Any]] ?? []
    }

    @Test("a category is added and edited with validation in both languages, audited, and public at once", arguments: Backend.available)
    func categories(_ backend: Backend) async throws {
        try await withApp(backend) { api, db in
            let desk = try await OfficerAdminPagesTests.officer(api, "tiepnhan.hacthanh")
            #expect(try await desk.get(Self.list).status == .forbidden)
            let admin = try await OfficerAdminPagesTests.officer(api, "quantri")
            let page = try await admin.get(Self.list)
            #expect(
                page.status == .ok && page.text.contains(">Chiếu sáng công cộng</a>")
                    && page.text.contains("id=\"nav-admin-report-categories\""))
            var fields = Self.category("tiếng ồn")
            let badCode = try await admin.post(Self.list, fields)
            #expect(badCode.status == .badRequest && badCode.text.contains("id=\"report-category-error\""))
            #expect(badCode.text.contains("value=\"Ô nhiễm tiếng ồn\""), "the form is shown again as typed")
            fields["code"] = "NOISE"
            fields["handleDays"] = "năm"
            let badDays = try await admin.post(Self.list + "?lang=en", fields)
            #expect(badDays.status == .badRequest && badDays.text.contains("handleDays"))
            fields["handleDays"] = "5"
            fields["code"] = "LIGHTING"
            let taken = try await admin.post(Self.list + "?lang=vi", fields)
            #expect(taken.status == .conflict && taken.text.contains("Mã lĩnh vực LIGHTING đã có."))
            fields["code"] = "noise"
            #expect(try await Accounts.audited(db, "reportCategory.save") == 0)
            let added = try await admin.post(Self.list, fields)
            #expect(added.status == .seeOther, "\(added.text.prefix(500))")
            #expect(added.headers[.location] == Self.list + "/NOISE?done=saved")
            #expect(
                try await Self.categories(api).contains {
                    $0["code"] as? String == "NOISE" && $0["responsible"] as? String == "communePolice"
                })

            var edit = Self.category("LIGHTING")
            edit["name"] = "Chiếu sáng đô thị"
            edit["handleDays"] = "3"
            edit["responsible"] = "communeCommittee"
            edit["provincialAgency"] = "SXD"
            #expect(try await admin.post(Self.list + "/LIGHTING", edit).status == .seeOther)
            let lighting = try await Self.categories(api).first { $0["code"] as? String == "LIGHTING" }
            #expect(lighting?["name"] as? String == "Chiếu sáng đô thị" && lighting?["handleDays"] as? Int == 3)
            edit["provincialAgency"] = "NOPE"
            #expect(try await admin.post(Self.list + "/LIGHTING", edit).status == .badRequest)
            #expect(try await admin.get(Self.list + "/NOPE").status == .notFound)
            #expect(try await Accounts.audited(db, "reportCategory.save") == 2)
        }
    }

    @Test("a routing rule set on the page routes the next report at once; a bad agency is refused", arguments: Backend.available)
    func routing(_ backend: Backend) async throws {
        try await withApp(backend) { api, db in
            let admin = try await OfficerAdminPagesTests.officer(api, "quantri")
            let token = try await api.login("quantri")
            let browser = BrowserSession(api)
            let report = ["categoryCode": "TREES", "description": "Cây đổ chắn ngang đường Lê Lợi", "latitude": "19.8066"]
            let before = try #require(try await Reports.report(browser, report).id)
            #expect(try await Reports.report(api, token, before)["agencyId"] as? String == "UB14797.H56")
            let page = Self.list + "/TREES"
            #expect((try await admin.get(page)).text.contains("id=\"report-routes-empty\""))
            let construction = try await AgencyAdminPagesTests.id(db, "SXD")
            let bad = try await admin.post(page + "/dinh-tuyen?lang=en", ["unitCode": "14797", "agencyId": "no.such"])
            #expect(bad.status == .badRequest && bad.text.contains("id=\"report-category-error\""))
            let set = try await admin.post(page + "/dinh-tuyen?lang=vi", ["unitCode": "14797", "agencyId": construction])
            #expect(set.status == .seeOther)
            #expect(try await Accounts.audited(db, "reportRoute.set") == 1)
            let shown = try await admin.get(page + "?done=routed")
            #expect(shown.text.contains("id=\"report-category-done\"") && shown.text.contains("<td>Sở Xây dựng tỉnh Thanh Hóa</td>"))
            var next = report
            next["latitude"] = "19.7"
            next["description"] = "Cành cây gãy treo trên dây điện đường Trần Phú"
            let after = try #require(try await Reports.report(browser, next).id)
            #expect(try await Reports.report(api, token, after)["agencyId"] as? String == construction)
        }
    }
}
