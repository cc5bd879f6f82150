import Foundation
import TestSupport
import Testing

/// A citizen sees only their own dossiers, documents and results.
@Suite("Portal privacy")
struct PortalPrivacyTests {
    @Test("another citizen, an anonymous visitor or another agency cannot read a dossier or its documents", arguments: Backend.available)
    func isolation(_ backend: Backend) async throws {
        try await withApp(backend) { api, db in
            let owner = BrowserSession(api)
            try await Portal.register(owner, phone: "0912000111")
            let code = try #require(try await Portal.submitBirth(owner).code)
            let intruder = BrowserSession(api)
            try await Portal.register(intruder, phone: "0912000999", idNumber: "038190009999")
            #expect(try await intruder.get("/ho-so-cua-toi/\(code)").status == .notFound)
            #expect(try await intruder.post("/ho-so-cua-toi/\(code)/thanh-toan", [:]).status == .notFound)
            #expect(try await intruder.post("/ho-so-cua-toi/\(code)/danh-gia", ["score": "unsatisfied"]).status == .notFound)
            #expect(!(try await intruder.get("/ho-so-cua-toi").text.contains(code)))
            let documents = try await db.count("documents")
            #expect(documents == 2)
            for id in 1...documents {
                #expect(try await owner.get("/tai-lieu/\(id)").status == .ok)
                #expect(try await intruder.get("/tai-lieu/\(id)").status == .notFound)
                #expect(try await BrowserSession(api).get("/tai-lieu/\(id)").status == .unauthorized)
                #expect(try await api.request(.get, "/tai-lieu/\(id)", token: try await api.login("tiepnhan.quangphu")).status == .notFound)
                #expect(try await api.request(.get, "/tai-lieu/\(id)", token: try await api.login("tiepnhan.hacthanh")).status == .ok)
            }
            #expect(try await intruder.get("/tai-lieu/999999").status == .notFound)
            // Not logged in: the pages send to the login page rather than showing anything.
            let anonymous = try await BrowserSession(api).get("/ho-so-cua-toi/\(code)")
            #expect(anonymous.status == .seeOther)
            #expect(anonymous.headers[.location]?.hasPrefix("/dang-nhap") == true)
        }
    }
}
