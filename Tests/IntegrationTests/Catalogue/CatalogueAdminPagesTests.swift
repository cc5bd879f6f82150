import Foundation
import Persistence
import SQLKit
import TestSupport
import Testing

/// The administrators' catalogue pages: the list with its search and filters, and a procedure's edit page
/// (fees, time limit, online level, documents) whose changes are validated, audited and served at once.
@Suite("Catalogue administration pages")
struct CatalogueAdminPagesTests {
    static let list = "/officer/quan-tri/thu-tuc"
    static let birth = "1.001193"
    static var edit: String { "\(list)/\(birth)" }

    /// The edit form of the birth registration as the browser would send it, with `changes` made.
    static func form(_ admin: BrowserSession, _ changes: [String: String?] = [:]) async throws -> [String: String] {
        let page = try await admin.get(edit)
        try #require(page.status == .ok, "\(page.text.prefix(300))")
        var fields = FormReading.fields(formId: "procedure-edit", in: page.text)
        for (key, value) in changes { fields[key] = value }
        return fields
    }

    /// The codes of the procedures a list page shows, in order.
    static func codes(_ html: String) -> [String] {
        html.matches(of: /data-code="([^"]+)"/).map { String($0.output.1) }
    }

    /// The body of the stored procedure `code`.
    static func stored(_ db: TestDatabase, _ code: String) async throws -> String {
        let database = try db.open()
        defer { Task { await database.shutdown() } }
        return try await database.read {
            try await $0.raw("SELECT body FROM procedures WHERE code = \(bind: code)").first()!.decode(column: "body", as: String.self)
        }
    }

    @Test(
        "only administrators see the list; it searches without diacritics and filters by field, agency and online level",
        arguments: Backend.available)
    func search(_ backend: Backend) async throws {
        try await withApp(backend) { api, _ in
            let desk = try await OfficerAdminPagesTests.officer(api, "tiepnhan.hacthanh")
            #expect(try await desk.get(Self.list).status == .forbidden)
            #expect(try await desk.get(Self.edit).status == .forbidden)
            #expect(try await desk.post(Self.edit, ["fee_0_name": "x"]).status == .forbidden)
            let admin = try await OfficerAdminPagesTests.officer(api, "quantri")
            let all = try await admin.get(Self.list)
            #expect(all.status == .ok && all.text.contains("id=\"nav-admin-procedures\""))
            let everything = Self.codes(all.text).count
            #expect(everything == 59)
            let plain = try await admin.get(Self.list + "?q=dang+ky+khai+sinh")
            let found = Self.codes(plain.text)
            #expect(found.contains(Self.birth) && found.count < everything)
            #expect(plain.text.contains("<a href=\"\(Self.edit)\">Thủ tục đăng ký khai sinh</a>"))
            let names = try #require(PageReading.text(id: "procedures", in: plain.text))
            #expect(names.components(separatedBy: "khai sinh").count - 1 >= found.count, "every procedure found names khai sinh: \(names)")
            let police = Self.codes((try await admin.get(Self.list + "?agency=communePolice")).text)
            #expect(police.count == 5 && !police.contains(Self.birth))
            let full = Self.codes((try await admin.get(Self.list + "?online=full")).text)
            let partial = Self.codes((try await admin.get(Self.list + "?online=partial")).text)
            #expect(!full.isEmpty && !partial.isEmpty && full.count + partial.count == everything)
            let civil = Self.codes((try await admin.get(Self.list + "?field=HO_TICH&q=dang+ky+khai+sinh")).text)
            #expect(civil.contains(Self.birth) && civil.count <= found.count)
            #expect((try await admin.get(Self.list + "?q=zzzz")).text.contains("id=\"procedures-empty\""))
            let bad = try await admin.get(Self.list + "?field=NO_SUCH&lang=en")
            #expect(bad.status == .badRequest)
            #expect(try await admin.get(Self.list + "/0.000000").status == .notFound)
        }
    }

    @Test(
        "a fee edit refuses bad input with a 4xx in both languages keeping the values; a valid one is audited and on the portal at once",
        arguments: Backend.available)
    func editFee(_ backend: Backend) async throws {
        try await withApp(backend) { api, db in
            let admin = try await OfficerAdminPagesTests.officer(api, "quantri")
            let before = try await api.request(.get, "/thu-tuc/\(Self.birth)")
            #expect(PageReading.text(id: "fees", in: before.text)?.contains("8.000 đ") == true)
            let original = try await Self.stored(db, Self.birth)

            let words = try await admin.post(Self.edit, try await Self.form(admin, ["fee_1_amount": "mười nghìn"]))
            #expect(words.status == .badRequest)
            #expect(
                PageReading.text(id: "catalogue-error", in: words.text)
                    == "Khoản thu thứ 2: số tiền phải là số nguyên đồng, từ 0 đến 100.000.000.")
            #expect(words.text.contains("value=\"mười nghìn\""), "the typed value stays in the form")
            let english = try await admin.post(Self.edit + "?lang=en", try await Self.form(admin, ["fee_1_amount": "-5"]))
            #expect(english.status == .badRequest && english.text.contains("Fee 2: the amount must be a whole number"))
            let uncited = try await admin.post(Self.edit + "?lang=vi", try await Self.form(admin, ["fee_1_amount": "10000"]))
            #expect(
                uncited.status == .badRequest && uncited.text.contains("phải ghi căn cứ"),
                "\(PageReading.text(id: "catalogue-error", in: uncited.text) ?? "")")
            let limit = try await admin.post(Self.edit, try await Self.form(admin, ["limitUnit": "workingDays", "limitValue": "400"]))
            #expect(
                limit.status == .badRequest && limit.text.contains("Thời hạn không hợp lệ"),
                "\(PageReading.text(id: "catalogue-error", in: limit.text) ?? "")")
            let removed = try await admin.post(Self.edit, try await Self.form(admin, ["doc_0_name": ""]))
            #expect(
                removed.status == .badRequest && removed.text.contains("Thành phần hồ sơ thứ 1: phải ghi tên"),
                "\(PageReading.text(id: "catalogue-error", in: removed.text) ?? "")")
            let noBasis = try await admin.post(Self.edit, try await Self.form(admin, ["onlineOnly": "on", "onlineOnlyBasis": ""]))
            #expect(
                noBasis.status == .badRequest && noBasis.text.contains("Chỉ tiếp nhận trực tuyến phải ghi căn cứ"),
                "\(PageReading.text(id: "catalogue-error", in: noBasis.text) ?? "")")
            #expect(try await Accounts.audited(db, "catalogue.procedureUpdated") == 0)
            #expect(try await Self.stored(db, Self.birth) == original, "a refused edit writes nothing")
            let same = try await admin.post(Self.edit, try await Self.form(admin))
            #expect(same.status == .seeOther && same.headers[.location]?.hasSuffix("?done=unchanged") == true)

            let basis = "Thông tư 281/2016/TT-BTC, Điều 3 (mức thu bản sao)"
            let saved = try await admin.post(
                Self.edit,
                try await Self.form(
                    admin,
                    [
                        "fee_1_amount": "10.000", "fee_1_basis": basis, "fee_2_name": "Phí gửi kết quả qua bưu chính",
                        "fee_2_amount": "25000", "fee_2_basis": "Quyết định của UBND tỉnh (giá cước bưu chính công ích)",
                    ]))
            #expect(saved.status == .seeOther && saved.headers[.location] == Self.edit + "?done=saved", "\(saved.text.prefix(400))")
            #expect((try await admin.get(Self.edit + "?done=saved")).text.contains("id=\"catalogue-done\""))
            #expect(try await Accounts.audited(db, "catalogue.procedureUpdated") == 1)
            let after = try await api.request(.get, "/thu-tuc/\(Self.birth)")
            let fees = try #require(PageReading.text(id: "fees", in: after.text))
            #expect(fees.contains("(nếu có yêu cầu): 10.000 đ") && !fees.contains("(nếu có yêu cầu): 8.000 đ"), "\(fees)")
            #expect(fees.contains("Căn cứ: \(basis)"))
            #expect(fees.contains("Phí gửi kết quả qua bưu chính: 25.000 đ"))
            let json = try await api.request(.get, "/api/v1/procedures/\(Self.birth)")
            let stored = try #require(json.json["fees"] as? [[String: Any]])
            #expect(stored.map { $0["amount"] as? Int } == [0, 10000, 25000])
            #expect((stored[0]["exemptions"] as? [Any])?.count == 2, "the exemptions are kept")

            let days = try await admin.post(
                Self.edit,
                try await Self.form(admin, ["limitUnit": "workingDays", "limitValue": "3", "limitBasis": "Luật Hộ tịch 2014, Điều 16"]))
            #expect(days.status == .seeOther)
            #expect(
                PageReading.text(id: "time-limit", in: (try await api.request(.get, "/thu-tuc/\(Self.birth)")).text)
                    == "3 ngày làm việc Căn cứ: Luật Hộ tịch 2014, Điều 16")
            #expect(try await Accounts.audited(db, "catalogue.procedureUpdated") == 2)
        }
    }

    @Test(
        "a fee edited through instance A is on instance B's portal page within 2 s (the catalogue's cross-instance invalidation)",
        arguments: Backend.available.filter { $0 == .postgres })
    func otherInstance(_ backend: Backend) async throws {
        try await CacheInvalidationTests.twoInstances(backend, a: ["CACHE_CHECK_SECONDS": "600"], b: ["CACHE_CHECK_SECONDS": "600"]) {
            a, b, database in
            try await CacheInvalidationTests.awaitListeners(database)
            let before = try #require(PageReading.text(id: "fees", in: (try await b.request(.get, "/thu-tuc/\(Self.birth)")).text))
            #expect(before.contains("8.000 đ"), "B has the page cached: \(before)")
            let admin = try await OfficerAdminPagesTests.officer(a, "quantri")
            let saved = try await admin.post(
                Self.edit, try await Self.form(admin, ["fee_1_amount": "9000", "fee_1_basis": "Thông tư 281/2016/TT-BTC, Điều 3"]))
            #expect(saved.status == .seeOther)
            let start = Date()
            var shown = before
            while !shown.contains("9.000 đ") && Date().timeIntervalSince(start) < 2 {
                try await Task.sleep(for: .milliseconds(20))
                shown = PageReading.text(id: "fees", in: (try await b.request(.get, "/thu-tuc/\(Self.birth)")).text) ?? ""
            }
            #expect(shown.contains("9.000 đ"), "B still shows \(shown) after 2 s")
            print("catalogue page: B showed A's fee edit after \(Int(Date().timeIntervalSince(start) * 1000)) ms")
        }
    }
}
