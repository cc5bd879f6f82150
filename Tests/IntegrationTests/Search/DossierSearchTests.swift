import Domain
import Foundation
import SQLKit
import TestSupport
import Testing

@testable import Persistence

/// Officers finding dossiers (issue 19): by code, name (marks and case ignored), phone or ID number,
/// with filters, keyset pages, within the officer's scope; bad input is a 400 in both languages.
@Suite("Dossier search")
struct DossierSearchTests {
    static func applicant(_ name: String, phone: String, id: String) -> [String: Any] {
        var body = Fixtures.receipt(name: name)
        body["applicant"] = ["fullName": name, "idNumber": id, "phone": phone, "address": "Số 5 Lê Lợi, phường Hạc Thành"]
        return body
    }

    static func codes(_ response: APIResponse) -> [String] {
        ((response.json["items"] as? [[String: Any]]) ?? []).compactMap { ($0["dossier"] as? [String: Any])?["code"] as? String }
    }

    static func query(_ items: [String: String]) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return "/api/v1/dossiers?"
            + items.keys.sorted().map { "\($0)=\(items[$0]!.addingPercentEncoding(withAllowedCharacters: allowed)!)" }.joined(
                separator: "&")
    }

    @Test(
        "each criterion finds its dossiers: code (any case, prefix), name without marks, phone in either form, ID number",
        arguments: Backend.available)
    func criteria(_ backend: Backend) async throws {
        let clock = TestClock("2026-12-07T09:00:00+07:00")
        try await withApp(backend, clock: clock) { api, _ in
            let desk = try await api.login("tiepnhan.hacthanh")
            let an = try await api.receive(desk, Self.applicant("Nguyễn Văn An", phone: "0912345678", id: "038090001234")).code
            let anh = try await api.receive(desk, Self.applicant("NGUYỄN  văn Anh", phone: "+84987654321", id: "038090005678")).code
            let binh = try await api.receive(desk, Self.applicant("Trần Thị Bình", phone: "0911111111", id: "038090009999")).code
            func find(_ items: [String: String]) async throws -> [String] {
                let response = try await api.request(.get, Self.query(items), token: desk)
                #expect(response.status == .ok, "\(items): \(response.text)")
                return Self.codes(response)
            }
            #expect(try await find(["name": "nguyen van a"]) == [an, anh])
            #expect(try await find(["name": "Nguyễn Văn Anh"]) == [anh])
            #expect(try await find(["name": "tran thi binh"]) == [binh])
            #expect(try await find(["name": "van an"]).isEmpty)
            #expect(try await find(["code": an.lowercased()]) == [an])
            #expect(try await find(["code": " " + String(an.dropLast(4)).lowercased()]) == [an, anh, binh])
            #expect(try await find(["phone": "+84912345678"]) == [an])
            #expect(try await find(["phone": "0987 654 321"]) == [anh])
            #expect(try await find(["idNumber": "038090009999"]) == [binh])
            #expect(try await find(["name": "nguyen", "phone": "0911111111"]).isEmpty)

            // Filters.
            let state = try #require(((try await api.dossier(desk, an))["dossier"] as? [String: Any])?["state"] as? String)
            #expect(try await find(["name": "nguyen", "state": state]) == [an, anh])
            #expect(try await find(["name": "nguyen", "state": "returned"]).isEmpty)
            #expect(try await find(["name": "nguyen", "channel": "online"]).isEmpty)
            #expect(try await find(["name": "nguyen", "channel": "counter", "procedure": Fixtures.paper]) == [an, anh])
            #expect(try await find(["name": "nguyen", "procedure": Fixtures.birth]).isEmpty)
            #expect(try await find(["name": "nguyen", "from": "2026-12-07", "to": "2026-12-07"]) == [an, anh])
            #expect(try await find(["name": "nguyen", "from": "2026-12-08"]).isEmpty)
            #expect(try await find(["name": "nguyen", "to": "2026-12-06"]).isEmpty)

            // Keyset pages: one at a time, in name order, and by code.
            let first = try await api.request(.get, Self.query(["name": "nguyen", "limit": "1"]), token: desk)
            #expect(Self.codes(first) == [an])
            let cursor = try #require(first.json["nextCursor"] as? String)
            let second = try await api.request(.get, Self.query(["name": "nguyen", "limit": "1", "cursor": cursor]), token: desk)
            #expect(Self.codes(second) == [anh])
            #expect(second.json["nextCursor"] == nil)
            let byCode = try await api.request(.get, Self.query(["code": String(an.dropLast(4)), "limit": "2"]), token: desk)
            #expect(Self.codes(byCode) == [an, anh])
            let rest = try await api.request(
                .get,
                Self.query(["code": String(an.dropLast(4)), "limit": "2", "cursor": try #require(byCode.json["nextCursor"] as? String)]),
                token: desk)
            #expect(Self.codes(rest) == [binh])
        }
    }

    @Test(
        "another agency's officer finds nothing; the province administrator finds all, linked to the oversight page",
        arguments: Backend.available)
    func scope(_ backend: Backend) async throws {
        try await withApp(backend) { api, _ in
            let desk = try await api.login("tiepnhan.hacthanh")
            let code = try await api.receive(desk, Self.applicant("Lê Thị Hoa", phone: "0912345678", id: "038090001234")).code
            for (other, items) in [("tiepnhan.quangphu", ["name": "le thi hoa"]), ("chuyenvien.stp", ["code": code])] {
                let response = try await api.request(.get, Self.query(items), token: try await api.login(other))
                #expect(response.status == .ok)
                #expect(Self.codes(response).isEmpty, "\(other) sees \(response.text)")
            }
            let admin = try await api.login("quantri")
            #expect(Self.codes(try await api.request(.get, Self.query(["phone": "0912345678"]), token: admin)) == [code])
            let page = try await api.request(.get, "/officer/tim-ho-so?name=le+thi+hoa", token: admin)
            #expect(page.status == .ok)
            #expect(page.text.contains("href=\"/officer/dieu-hanh/ho-so/\(code)\""))
            #expect(!page.text.contains("href=\"/officer/dossiers/\(code)\""))
            let own = try await api.request(.get, "/officer/tim-ho-so?name=le+thi+hoa", token: desk)
            #expect(own.text.contains("href=\"/officer/dossiers/\(code)\""))
        }
    }

    @Test("bad input is a 400 with a Vietnamese and an English message, on the API and the page", arguments: Backend.available)
    func badInput(_ backend: Backend) async throws {
        try await withApp(backend) { api, _ in
            let desk = try await api.login("tiepnhan.hacthanh")
            let cases: [([String: String], String)] = [
                ([:], "search.criterionRequired"), (["state": "processing"], "search.criterionRequired"),
                (["phone": "12345"], "search.badPhone"), (["idNumber": "12ab"], "search.badIdNumber"),
                (["code": "x"], "search.badCode"), (["code": "MC'; DROP"], "search.badCode"), (["name": "a"], "search.badName"),
                (["name": "nguyen", "from": "07/12/2026"], "search.badDate"),
                (["name": "nguyen", "from": "2026-12-08", "to": "2026-12-07"], "search.badDate"),
                (["name": "nguyen", "state": "nope"], "invalidField"), (["name": "nguyen", "channel": "fax"], "invalidField"),
                (["name": "nguyen", "procedure": "0.000000"], "invalidField"), (["name": "nguyen", "limit": "1000"], "invalidField"),
                (["name": "nguyen", "cursor": "!!!"], "invalidField"),
            ]
            for (items, code) in cases {
                let response = try await api.request(.get, Self.query(items), token: desk)
                #expect(response.status == .badRequest, "\(items): \(response.status)")
                #expect(response.errorCode == code, "\(items): \(response.text)")
                let (vi, en) = response.errorMessages
                #expect(vi?.isEmpty == false && en?.isEmpty == false && vi != en, "\(items): \(response.text)")
            }
            let vi = try await api.request(.get, "/officer/tim-ho-so?phone=12345", token: desk)
            #expect(vi.status == .badRequest)
            #expect(vi.text.contains("Số điện thoại không hợp lệ"))
            let en = try await api.request(.get, "/officer/tim-ho-so?phone=12345&lang=en", token: desk)
            #expect(en.status == .badRequest)
            #expect(en.text.contains("Invalid phone number"))
            #expect(try await api.request(.get, Self.query(["name": "nguyen"])).status == .unauthorized)
        }
    }

    @Test("the page: an empty state before a search, suggestions when nothing matched, results otherwise", arguments: Backend.available)
    func page(_ backend: Backend) async throws {
        try await withApp(backend) { api, _ in
            let desk = try await api.login("tiepnhan.hacthanh")
            let code = try await api.receive(desk, Self.applicant("Phạm Văn Đức", phone: "0912345678", id: "038090001234")).code
            let empty = try await api.request(.get, "/officer/tim-ho-so", token: desk)
            #expect(empty.status == .ok)
            #expect(empty.text.contains("id=\"search-empty\"") && !empty.text.contains("id=\"search-none\""))
            #expect(try await api.request(.get, "/officer", token: desk).text.contains("href=\"/officer/tim-ho-so\""))
            let none = try await api.request(.get, "/officer/tim-ho-so?name=hoang&channel=online", token: desk)
            #expect(none.status == .ok)
            #expect(none.text.contains("id=\"search-none\"") && none.text.contains("id=\"search-unfilter\""))
            #expect(none.text.contains("href=\"/officer/tim-ho-so?name=hoang\""))
            let found = try await api.request(.get, "/officer/tim-ho-so?name=pham+van+duc", token: desk)
            #expect(found.text.contains("id=\"search-results\"") && found.text.contains(code))
            #expect(found.text.contains("Phạm Văn Đức"))
        }
    }

    @Test("migration 29 folds the names of dossiers stored before it", arguments: Backend.available)
    func backfill(_ backend: Backend) async throws {
        try await withApp(backend) { api, test in
            let desk = try await api.login("tiepnhan.hacthanh")
            let code = try await api.receive(desk, Self.applicant("Đặng Thị Ánh", phone: "0912345678", id: "038090001234")).code
            let database = try test.open()
            try await database.transaction { db in
                try await db.raw("UPDATE dossiers SET applicant_name_folded = NULL").run()
                try await Migration0029DossierSearch.foldNames(db, batch: 1)
            }
            #expect(Self.codes(try await api.request(.get, Self.query(["name": "dang thi anh"]), token: desk)) == [code])
            await database.shutdown()
        }
    }
    @Test("every search is driven by an index, never a scan of the dossiers, on both engines", arguments: Backend.available)
    func plans(_ backend: Backend) async throws {
        try await withApp(backend) { _, test in
            let database = try test.open()
            let scope = DossierSearchScope.agency("MC14797.H56")
            let queries: [(String, DossierSearchQuery)] = [
                ("code", DossierSearchQuery(codePrefix: "MC14797.H56-2612", scope: .everything)),
                ("name", DossierSearchQuery(namePrefix: "nguyen van a", scope: scope)),
                ("name page", DossierSearchQuery(namePrefix: "nguyen", state: "processing", scope: .everything, cursor: "bmd1eWVuCjEw")),
                ("phone", DossierSearchQuery(phones: ["0912345678", "+84912345678"], scope: scope)),
                ("ID number", DossierSearchQuery(idNumber: "038090001234", channel: .online, scope: .everything)),
            ]
            for (label, query) in queries {
                var explain: SQLQueryString = database.dialect == .sqlite ? "EXPLAIN QUERY PLAN " : "EXPLAIN "
                explain += try SQLDossierRepository.searchSQL(query, dialect: database.dialect)
                let statement = explain
                let plan = try await database.transaction { db in
                    if database.dialect == .postgres { try await db.raw("SET LOCAL enable_seqscan = off").run() }
                    return try await db.raw(statement).all().map { row in
                        database.dialect == .sqlite
                            ? try row.decode(column: "detail", as: String.self)
                            : try row.decode(column: "QUERY PLAN", as: String.self)
                    }.joined(separator: "\n")
                }
                if database.dialect == .sqlite {
                    #expect(plan.contains("SEARCH dossiers USING"), "\(label): \(plan)")
                    #expect(!plan.contains("SCAN dossiers"), "\(label): \(plan)")
                } else {
                    #expect(plan.contains("dossiers_search_"), "\(label): \(plan)")
                    #expect(!plan.contains("Seq Scan"), "\(label): \(plan)")
                }
            }
            await database.shutdown()
        }
    }
}
