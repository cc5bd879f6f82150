import Foundation
import Persistence
import SQLKit
import TestSupport
import Testing

/// The administrators' agency pages: list and search, editing names, short code, kind and parent, with validation
/// (unique code, no cycle) and an audit line in the same transaction; other pages see the change at once.
@Suite("Agency administration pages")
struct AgencyAdminPagesTests {
    static let list = "/officer/quan-tri/co-quan"

    /// The identifier of the agency with short code `code`.
    static func id(_ db: TestDatabase, _ code: String) async throws -> String {
        let database = try db.open()
        defer { Task { await database.shutdown() } }
        let row = try await database.read { try await $0.raw("SELECT id FROM agencies WHERE short_code = \(bind: code)").first() }
        guard let row else { throw TestSetupError("no agency with the short code \(code)") }
        return try row.decode(column: "id", as: String.self)
    }

    @Test("only administrators see agencies; search by name without diacritics and filter by kind", arguments: Backend.available)
    func list(_ backend: Backend) async throws {
        try await withApp(backend) { api, _ in
            let desk = try await OfficerAdminPagesTests.officer(api, "tiepnhan.hacthanh")
            #expect(try await desk.get(Self.list).status == .forbidden)
            let admin = try await OfficerAdminPagesTests.officer(api, "quantri")
            let all = try await admin.get(Self.list)
            #expect(
                all.status == .ok && all.text.contains("id=\"nav-admin-agencies\"") && all.text.contains(">Sở Tư pháp tỉnh Thanh Hóa</a>"))
            let found = try await admin.get(Self.list + "?q=tu+phap")
            #expect(found.text.contains(">Sở Tư pháp tỉnh Thanh Hóa</a>") && !found.text.contains(">Sở Xây dựng tỉnh Thanh Hóa</a>"))
            let police = try await admin.get(Self.list + "?kind=provincialPolice")
            #expect(police.text.contains(">Công an tỉnh Thanh Hóa</a>") && !police.text.contains(">Sở Tư pháp tỉnh Thanh Hóa</a>"))
        }
    }

    @Test(
        "an edit is audited and seen at once; a taken code, a cycle or bad input is refused with a 4xx in both languages",
        arguments: Backend.available)
    func edit(_ backend: Backend) async throws {
        try await withApp(backend) { api, db in
            let stp = try await Self.id(db, "STP")
            let ubnd = try await Self.id(db, "UBND")
            let page = "\(Self.list)/\(stp)"
            let admin = try await OfficerAdminPagesTests.officer(api, "quantri")
            let shown = try await admin.get(page)
            #expect(shown.status == .ok && shown.text.contains("value=\"Sở Tư pháp tỉnh Thanh Hóa\""))
            #expect(try await admin.get("\(Self.list)/no.such.agency").status == .notFound)
            var fields = [
                "name": "Sở Tư pháp", "nameEn": "Provincial Department of Justice", "shortCode": "stp-t", "kind": "department",
                "parentId": ubnd,
            ]
            let saved = try await admin.post(page, fields)
            #expect(saved.status == .seeOther, "\(saved.text.prefix(500))")
            #expect(try await Accounts.audited(db, "agency.update") == 1)
            #expect((try await admin.get(page + "?done=saved")).text.contains("id=\"agency-done\""))
            #expect((try await admin.get(OfficerAdminPagesTests.list)).text.contains(">Sở Tư pháp</option>"), "other pages see it at once")
            #expect(try await Self.id(db, "STP-T") == stp)

            fields["shortCode"] = "SXD"
            let taken = try await admin.post(page, fields)
            #expect(taken.status == .conflict && taken.text.contains("Mã viết tắt SXD đã dùng cho Sở Xây dựng tỉnh Thanh Hóa"))
            #expect(taken.text.contains("value=\"SXD\""), "the form is shown again as typed")
            fields["shortCode"] = "STP-T"
            // The provincial committee under one of its own departments would be a cycle.
            let cycle = try await admin.post(
                "\(Self.list)/\(ubnd)?lang=en", ["name": "UBND", "nameEn": "PPC", "kind": "provincialCommittee", "parentId": stp])
            #expect(cycle.status == .badRequest && cycle.text.contains("one of its subordinates"))
            var itself = fields
            itself["parentId"] = stp
            #expect(try await admin.post(page, itself).status == .badRequest)
            var badCode = fields
            badCode["shortCode"] = "S T P"
            let bad = try await admin.post(page + "?lang=vi", badCode)
            #expect(bad.status == .badRequest && bad.text.contains("Mã viết tắt phải có 2–20 ký tự"))
            var noName = fields
            noName["name"] = " "
            #expect(try await admin.post(page, noName).status == .badRequest)
            var badKind = fields
            badKind["kind"] = "ministry"
            let kind = try await admin.post(page + "?lang=en", badKind)
            #expect(kind.status == .badRequest && kind.text.contains("Please choose the level and kind of the agency."))
            #expect(try await Accounts.audited(db, "agency.update") == 1)
        }
    }
}
