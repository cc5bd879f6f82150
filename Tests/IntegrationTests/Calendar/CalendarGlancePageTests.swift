import Foundation
import SQLKit
import TestSupport
import Testing

/// The administrators' page of a calendar year at a glance: month grids, and exception days added (citing their source) and
/// removed, which due dates use at once.
@Suite("Calendar year at a glance")
struct CalendarGlancePageTests {
    static let page = "/officer/lich-lam-viec/nam/2026"

    private static func due(_ api: APIClient) async throws -> String? {
        let from = "2026-12-08T09:00:00%2B07:00"
        return try await api.request(.get, "/api/v1/calendar/due-date?from=\(from)&workingDays=3").json["dueDate"] as? String
    }

    /// The detail of the last audit line of `action`.
    private static func auditDetail(_ db: TestDatabase, _ action: String) async throws -> String? {
        let database = try db.open()
        defer { Task { await database.shutdown() } }
        return try await database.read {
            try await $0.raw("SELECT detail FROM audit_log WHERE action = \(bind: action) ORDER BY id DESC").first()?
                .decode(column: "detail", as: String?.self)
        }
    }

    @Test("twelve month grids with the holidays marked; only administrators", arguments: Backend.available)
    func grids(_ backend: Backend) async throws {
        try await withApp(backend) { api, _ in
            let desk = try await OfficerAdminPagesTests.officer(api, "tiepnhan.hacthanh")
            #expect(try await desk.get(Self.page).status == .forbidden)
            let admin = try await OfficerAdminPagesTests.officer(api, "quantri")
            #expect((try await admin.get("/officer/lich-lam-viec")).text.contains("href=\"/officer/lich-lam-viec/nam/2026\""))
            let page = try await admin.get(Self.page)
            #expect(page.status == .ok)
            #expect(page.text.components(separatedBy: "<caption>").count == 13)
            #expect(page.text.contains("<caption>Tháng 12</caption>"))
            #expect(page.text.contains("<td class=\"day holiday\" title=\"Ngày lễ, Tết: "), "2 September is marked")
            #expect(try await admin.get("/officer/lich-lam-viec/nam/abc").status == .notFound)
        }
    }

    @Test(
        "a holiday added with its source moves due dates at once; bad input is 400 in both languages; audited",
        arguments: Backend.available)
    func edit(_ backend: Backend) async throws {
        try await withApp(backend) { api, db in
            #expect(try await Self.due(api) == "2026-12-11")
            let admin = try await OfficerAdminPagesTests.officer(api, "quantri")
            _ = try await admin.get(Self.page)
            var fields = ["date": "2026-12-09", "kind": "holiday", "name": "Ngày nghỉ thử", "nameEn": "", "citation": " "]
            let noCitation = try await admin.post(Self.page + "/ngay", fields)
            #expect(noCitation.status == .badRequest)
            #expect(noCitation.text.contains("id=\"calendar-error\"") && noCitation.text.contains("Phải ghi căn cứ"))
            #expect(noCitation.text.contains("value=\"Ngày nghỉ thử\""))
            fields["citation"] = "Quyết định thử số 9/QĐ-UBND"
            fields["kind"] = "swapWorkingDay"
            let weekday = try await admin.post(Self.page + "/ngay?lang=en", fields)
            #expect(weekday.status == .badRequest && weekday.text.contains("A make-up working day must be a weekend day"))
            fields["kind"] = "holiday"
            fields["date"] = "2027-01-04"
            #expect(try await admin.post(Self.page + "/ngay?lang=vi", fields).status == .badRequest)
            fields["date"] = "2026-12-09"
            fields["kind"] = "bogus"
            #expect(try await admin.post(Self.page + "/ngay", fields).status == .badRequest)
            #expect(try await Self.due(api) == "2026-12-11")

            fields["kind"] = "holiday"
            let saved = try await admin.post(Self.page + "/ngay", fields)
            #expect(saved.status == .seeOther, "\(saved.text.prefix(300))")
            #expect(try await Self.due(api) == "2026-12-14", "a dossier received on the 8th is due one working day later")
            let after = try await admin.get(Self.page + "?done=added")
            #expect(after.text.contains("id=\"calendar-done\"") && after.text.contains("Ngày nghỉ thử"))
            #expect(try await Self.auditDetail(db, "calendar.setDay") == "holiday: Quyết định thử số 9/QĐ-UBND")

            let removed = try await admin.post(Self.page + "/ngay/2026-12-09/xoa", [:])
            #expect(removed.status == .seeOther)
            #expect(try await Self.due(api) == "2026-12-11")
            #expect(try await Accounts.audited(db, "calendar.removeDay") == 1)
        }
    }
}
