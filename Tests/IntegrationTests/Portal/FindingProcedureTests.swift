import Domain
import Foundation
import TestSupport
import Testing

/// Finding a procedure on the portal (issue 19, item 11): filters in a plain GET form, search
/// without diacritics, look-alike entries told apart, suggestions on an empty result, and the
/// home page's popular services and life events.
@Suite("Finding a procedure")
struct FindingProcedureTests {
    /// The procedure codes listed in `#procedure-list` of a page, in order.
    static func codes(_ html: String) -> [String] {
        guard let list = PageReading.inner(id: "procedure-list", in: html) else { return [] }
        return matches(#"data-code="([^"]+)""#, in: list)
    }

    /// The first captured group of every match of `pattern` in `text`.
    static func matches(_ pattern: String, in text: String) -> [String] {
        guard let regex = try? NSRegularExpression(pattern: pattern) else { return [] }
        return regex.matches(in: text, range: NSRange(text.startIndex..., in: text)).compactMap {
            Range($0.range(at: 1), in: text).map { String(text[$0]) }
        }
    }

    /// The procedure list page at `query` (already percent-encoded), expected 200.
    static func list(_ api: APIClient, _ query: String) async throws -> String {
        let page = try await api.request(.get, "/thu-tuc\(query)")
        #expect(page.status == .ok, "\(query): \(page.status)")
        return page.text
    }

    @Test("filters by field, level, agency and online level narrow the list in a GET form", arguments: Backend.available)
    func filters(_ backend: Backend) async throws {
        try await withApp(backend) { api, _ in
            let page = try await Self.list(api, "")
            let all = Self.codes(page)
            #expect(all.count >= 40)
            #expect(PageReading.attribute("method", id: "procedure-search", in: page) == "get")
            for (id, name) in [
                ("filter-field", "field"), ("filter-level", "level"), ("filter-agency", "agency"), ("filter-online", "online"),
            ] {
                #expect(PageReading.attribute("name", id: id, in: page) == name, "no select \(id) named \(name)")
            }
            let civil = Self.codes(try await Self.list(api, "?field=HO_TICH"))
            #expect(civil.contains("1.001193") && !civil.contains("1.004222") && civil.count < all.count)
            let province = Self.codes(try await Self.list(api, "?level=province"))
            #expect(province.contains("3.000333") && !province.contains("1.001193") && province.count < all.count)
            let landOffice = try await Self.list(api, "?agency=SNNMT")
            #expect(Set(Self.codes(landOffice)) == ["1.115538", "1.115493", "1.115501", "1.012789"])
            #expect(landOffice.contains("<option value=\"SNNMT\" selected>"))
            let fullCivil = Self.codes(try await Self.list(api, "?field=HO_TICH&online=full"))
            #expect(fullCivil.contains("1.001193") && !fullCivil.contains("1.000894") && fullCivil.count < civil.count)
            let combined = Self.codes(try await Self.list(api, "?q=chuyen+muc+dich&level=commune"))
            #expect(combined == ["1.115496"])
            let one = try await Self.list(api, "?q=chuyen+muc+dich&level=commune&lang=en")
            #expect(PageReading.text(id: "procedure-count", in: one)?.hasPrefix("1 procedure ") == true)
            for bad in ["level=district", "online=maybe", "field=NO_SUCH", "agency=NOPE", "event=moon-landing"] {
                let vi = try await api.request(.get, "/thu-tuc?\(bad)")
                #expect(vi.status == .badRequest && vi.text.contains("Bộ lọc không hợp lệ"), "\(bad): \(vi.status)")
                let en = try await api.request(.get, "/thu-tuc?\(bad)&lang=en")
                #expect(en.status == .badRequest && en.text.contains("Invalid filter"), "\(bad) en: \(en.status)")
            }
        }
    }

    @Test("\"đăng ký khai sinh\", \"dang ky khai sinh\" and \"ĐĂNG KÝ KHAI SINH\" find the same procedures", arguments: Backend.available)
    func diacritics(_ backend: Backend) async throws {
        try await withApp(backend) { api, _ in
            let marked = Self.codes(try await Self.list(api, "?q=%C4%91%C4%83ng+k%C3%BD+khai+sinh"))
            let plain = Self.codes(try await Self.list(api, "?q=dang+ky+khai+sinh"))
            let upper = Self.codes(try await Self.list(api, "?q=%C4%90%C4%82NG+K%C3%9D+KHAI+SINH"))
            #expect(marked.contains("1.001193") && marked.count >= 3)
            #expect(marked == plain && plain == upper)
            let short = Self.codes(try await Self.list(api, "?q=khai+sinh"))
            #expect(Set(marked).isSubset(of: Set(short)) && short.count > marked.count)
        }
    }

    @Test("two entries with the same name show their code and their agency", arguments: Backend.available)
    func lookAlikes(_ backend: Backend) async throws {
        try await withApp(backend) { api, _ in
            let page = try await Self.list(api, "?q=chuyen+muc+dich+su+dung+dat")
            #expect(Set(Self.codes(page)) == ["1.115496", "1.115501"])
            let commune = PageReading.text(id: "p-1.115496", in: page) ?? ""
            let province = PageReading.text(id: "p-1.115501", in: page) ?? ""
            #expect(commune.contains("1.115496") && commune.contains("Ủy ban nhân dân cấp xã"), "\(commune)")
            #expect(province.contains("1.115501") && province.contains("Sở Nông nghiệp và Môi trường"), "\(province)")
        }
    }

    @Test("an empty result offers the closest names, popular services and a link to the whole list", arguments: Backend.available)
    func emptyResult(_ backend: Backend) async throws {
        try await withApp(backend) { api, _ in
            for query in ["?q=khai+sinhh", "?q=khai+sinh&level=province"] {
                let page = try await Self.list(api, query)
                #expect(Self.codes(page).isEmpty, "\(query)")
                #expect(PageReading.text(id: "procedure-empty", in: page)?.contains("Không tìm thấy") == true, "\(query)")
                let closest = Self.matches(#"href="/thu-tuc/([^"]+)""#, in: PageReading.inner(id: "procedure-suggestions", in: page) ?? "")
                #expect(closest.first == "1.001193" || closest.prefix(3).contains("1.001193"), "\(query): \(closest)")
                let popular = Self.matches(#"href="/thu-tuc/([^"]+)""#, in: PageReading.inner(id: "procedure-popular", in: page) ?? "")
                #expect(popular.count >= 4, "\(query): \(popular)")
                #expect(PageReading.attribute("href", id: "procedure-all", in: page) == "/thu-tuc")
            }
            let english = try await Self.list(api, "?q=zzzz&lang=en")
            #expect(PageReading.text(id: "procedure-empty", in: english)?.contains("No procedure") == true)
        }
    }

    @Test("the list follows the catalogue: a procedure imported after a search is found by the next one", arguments: Backend.available)
    func followsImports(_ backend: Backend) async throws {
        try await withApp(backend) { api, _ in
            #expect(Self.codes(try await Self.list(api, "?q=dao+duong")).isEmpty)
            let export = try await api.request(.get, "/api/v1/catalogue/export?format=json")
            var file = try #require(try JSONSerialization.jsonObject(with: Data(export.text.utf8)) as? [String: Any])
            var procedures = try #require(file["procedures"] as? [[String: Any]])
            var added = try #require(procedures.first { $0["code"] as? String == "1.001193" })
            added["code"] = "9.000001"
            added["name"] = "Cấp phép đào đường"
            added["nameEn"] = "Road excavation permit"
            added["onlineLevel"] = "partial"
            procedures.append(added)
            file["procedures"] = procedures
            let imported = try await api.request(
                .post, "/api/v1/catalogue/import?format=json", token: try await api.login("quantri"), json: file)
            #expect(imported.status == .ok, "\(imported.text)")
            #expect(Self.codes(try await Self.list(api, "?q=dao+duong")) == ["9.000001"])
            #expect(Self.codes(try await Self.list(api, "?q=dao+duong&online=full")).isEmpty)
        }
    }

    @Test("every code of Seed/service-guide.json is a procedure of the seeded catalogue", arguments: Backend.available)
    func guideCodesExist(_ backend: Backend) async throws {
        let file = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../../Sources/Persistence/Seed/service-guide.json")
        let guide = try JSONDecoder().decode(ServiceGuide.self, from: Data(contentsOf: file))
        #expect(guide.lifeEvents.count == 4 && guide.popular.count >= 4)
        try await withApp(backend) { api, _ in
            let all = try await api.request(.get, "/api/v1/procedures?limit=500")
            let codes = Set((all.json["items"] as? [[String: Any]] ?? []).compactMap { $0["code"] as? String })
            for code in guide.popular + guide.lifeEvents.flatMap(\.procedures) {
                #expect(codes.contains(code), "\(code) is in the service guide but not in the catalogue")
            }
        }
    }

    @Test("the home page offers popular services and life events; a life event lists its procedures", arguments: Backend.available)
    func homeGuide(_ backend: Backend) async throws {
        try await withApp(backend) { api, _ in
            let home = try await api.request(.get, "/")
            let popular = Self.matches(#"href="/thu-tuc/([^"]+)""#, in: PageReading.inner(id: "home-popular", in: home.text) ?? "")
            #expect(popular.count >= 4 && popular.contains("1.001193"), "\(popular)")
            let events = Self.matches(#"href="/thu-tuc\?event=([a-z-]+)""#, in: PageReading.inner(id: "home-events", in: home.text) ?? "")
            #expect(events == ["birth", "marriage", "building-a-house", "household-business"], "\(events)")
            let birth = try await Self.list(api, "?event=birth")
            #expect(Self.codes(birth) == ["1.001193", "1.000689", "1.004222"])
            #expect(PageReading.text(id: "life-event", in: birth)?.contains("Sinh con") == true)
            for event in events {
                let codes = Self.codes(try await Self.list(api, "?event=\(event)"))
                #expect(codes.count >= 2, "\(event): \(codes)")
                for code in codes { #expect(try await api.request(.get, "/thu-tuc/\(code)").status == .ok, "\(event): \(code)") }
            }
            let english = try await api.request(.get, "/?lang=en")
            #expect(PageReading.text(id: "home-events", in: english.text)?.contains("Having a baby") == true)
        }
    }
}
