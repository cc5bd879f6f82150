import Foundation
import TestSupport
import Testing

/// The procedure catalogue: seeded, searchable without diacritics, exported and imported.
@Suite("Catalogue")
struct CatalogueTests {
    @Test("the seed has 40+ procedures over 8+ fields at both levels, and search folds Vietnamese", arguments: Backend.available)
    func seededAndSearchable(_ backend: Backend) async throws {
        try await withApp(backend) { api, _ in
            let all = try await api.request(.get, "/api/v1/procedures?limit=500")
            let items = all.json["items"] as? [[String: Any]] ?? []
            #expect(items.count >= 40)
            #expect(Set(items.compactMap { $0["field"] as? String }).count >= 8)
            #expect(Set(items.compactMap { $0["level"] as? String }) == ["commune", "province"])
            let birth = try await api.request(.get, "/api/v1/procedures?q=dang%20ky%20khai%20sinh")
            let names = (birth.json["items"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String }
            #expect(names.contains("Thủ tục đăng ký khai sinh"))
            #expect(names.allSatisfy { $0.lowercased().contains("khai sinh") })
            let upper = try await api.request(.get, "/api/v1/procedures?q=KHAI%20S%C3%8DNH")
            let plain = try await api.request(.get, "/api/v1/procedures?q=khai%20sinh")
            #expect((upper.json["items"] as? [Any])?.count == (plain.json["items"] as? [Any])?.count)
            #expect(((plain.json["items"] as? [Any])?.count ?? 0) > names.count)
            let one = try await api.request(.get, "/api/v1/procedures/1.001193")
            #expect(one.json[path: "timeLimit.unit"] as? String == "sameDay")
            #expect((one.json["documents"] as? [Any])?.isEmpty == false)
            #expect(try await api.request(.get, "/api/v1/procedures/0.000000").status == .notFound)
            #expect(try await api.request(.get, "/api/v1/procedures?level=district").status == .badRequest)
        }
    }

    @Test("JSON and CSV export round-trip through import; only administrators import", arguments: Backend.available)
    func exportImport(_ backend: Backend) async throws {
        try await withApp(backend) { api, _ in
            let admin = try await api.login("quantri")
            let desk = try await api.login("tiepnhan.hacthanh")
            let csv = try await api.request(.get, "/api/v1/catalogue/export?format=csv")
            #expect(csv.status == .ok)
            #expect(csv.text.hasPrefix("\u{FEFF}code,name,"))
            #expect(csv.headers[.contentType]?.hasPrefix("text/csv") == true)
            // A new procedure whose name holds đ: found by "duong".
            let edited =
                csv.text
                + "9.000001,\"Cấp phép đào đường, vỉa hè \"\"khẩn\"\" \\ tạm\",Road excavation permit,XAY_DUNG,commune,communeCommittee,5 workingDays,,,partial,[],[],[],Giấy phép,Permit,[],ONE_STOP_DEFAULT\r\n"
            let forbidden = try await api.request(
                .post, "/api/v1/catalogue/import?format=csv", token: desk, raw: edited, headers: ["Content-Type": "text/csv"])
            #expect(forbidden.status == .forbidden)
            let imported = try await api.request(
                .post, "/api/v1/catalogue/import?format=csv", token: admin, raw: edited, headers: ["Content-Type": "text/csv"])
            #expect(imported.status == .ok, "\(imported.text)")
            let found = try await api.request(.get, "/api/v1/procedures?q=duong")
            #expect((found.json["items"] as? [[String: Any]] ?? []).contains { $0["code"] as? String == "9.000001" })
            // Quotes and backslashes in data survive every answer, the hand-written tracking JSON included.
            let (code, _) = try await api.receive(desk, Fixtures.receipt("9.000001"))
            let tracking = try await api.request(.get, "/api/v1/tracking/\(code)")
            #expect(tracking.json["procedureName"] as? String == "Cấp phép đào đường, vỉa hè \"khẩn\" \\ tạm")
            let json = try await api.request(.get, "/api/v1/catalogue/export?format=json")
            let count = (json.json["procedures"] as? [Any])?.count ?? 0
            let reimport = try await api.request(.post, "/api/v1/catalogue/import?format=json", token: admin, raw: json.text)
            #expect(reimport.json["imported"] as? Int == count)
            let broken = try await api.request(
                .post, "/api/v1/catalogue/import?format=csv", token: admin,
                raw: csv.text
                    + "9.000002,Tên,Name,NO_SUCH_FIELD,commune,communeCommittee,5 workingDays,,,partial,"
                    + "[],[],[],a,b,[],ONE_STOP_DEFAULT\r\n",
                headers: ["Content-Type": "text/csv"])
            #expect(broken.status == .badRequest && broken.errorCode == "procedure.unknownField")
            #expect(try await api.request(.get, "/api/v1/procedures/9.000002").status == .notFound)
        }
    }
}

/// Administrative units (both trees) and agencies, as public reference data.
@Suite("Reference data")
struct ReferenceDataTests {
    @Test("units of the current and the legacy tree; agencies with electronic identifiers", arguments: Backend.available)
    func reference(_ backend: Backend) async throws {
        try await withApp(backend) { api, _ in
            let provinces = try await api.request(.get, "/api/v1/units?tree=2025")
            #expect((provinces.json["items"] as? [Any])?.count == 34)
            let communes = try await api.request(.get, "/api/v1/units?tree=2025&parent=38")
            let items = communes.json["items"] as? [[String: Any]] ?? []
            #expect(items.count == 166)
            #expect(items.filter { $0["type"] as? String == "phường" }.count == 19)
            #expect(items.contains { $0["code"] as? String == "14797" && $0["name"] as? String == "Phường Hạc Thành" })
            let legacy = try await api.request(.get, "/api/v1/units?tree=legacy&parent=38")
            #expect((legacy.json["items"] as? [Any])?.count == 26)
            #expect((try await api.request(.get, "/api/v1/units?tree=legacy").json["items"] as? [Any])?.count == 63)
            #expect(try await api.request(.get, "/api/v1/units?tree=1990").status == .badRequest)
            #expect(try await api.request(.get, "/api/v1/units?parent=abc").status == .badRequest)
            let desks = try await api.request(.get, "/api/v1/agencies?kind=communeOneStop")
            #expect((desks.json["items"] as? [Any])?.count == 166)
            let centre = try await api.request(.get, "/api/v1/agencies?kind=serviceCentre")
            #expect((centre.json["items"] as? [[String: Any]])?.first?["id"] as? String == "000.00.30.H56")
            #expect(try await api.request(.get, "/api/v1/agencies?kind=ministry").status == .badRequest)
        }
    }
}
