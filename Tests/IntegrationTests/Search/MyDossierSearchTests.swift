import Foundation
import TestSupport
import Testing

/// A citizen's search in their own dossiers (issue 19): by code or procedure name, by standing; only their own.
@Suite("My dossiers search")
struct MyDossierSearchTests {
    @Test(
        "the list filters the citizen's own dossiers by code, procedure name and standing; another's never shows",
        arguments: Backend.available)
    func ownDossiers(_ backend: Backend) async throws {
        try await withApp(backend) { api, _ in
            let (mai, first) = try await Portal.citizenWithDossier(api)
            let second = try #require(try await Portal.submitBirth(mai).code)
            let other = BrowserSession(api)
            try await Portal.register(other, phone: "0912000222", name: "Lê Văn Khác", idNumber: "038190005555")
            let foreign = try #require(try await Portal.submitBirth(other).code)

            let all = try await mai.get("/ho-so-cua-toi")
            #expect(all.text.contains(first) && all.text.contains(second) && !all.text.contains(foreign))
            let byCode = try await mai.get("/ho-so-cua-toi?q=\(first.lowercased())")
            #expect(byCode.status == .ok)
            #expect(byCode.text.contains(first) && !byCode.text.contains(second))
            let byName = try await mai.get("/ho-so-cua-toi?q=khai+sinh")
            #expect(byName.text.contains(first) && byName.text.contains(second) && !byName.text.contains(foreign))
            let foreignCode = try await mai.get("/ho-so-cua-toi?q=\(foreign)")
            #expect(!foreignCode.text.contains("/ho-so-cua-toi/\(foreign)") && foreignCode.text.contains("id=\"my-dossiers-nomatch\""))
            let open = try await mai.get("/ho-so-cua-toi?status=open")
            #expect(open.text.contains(first) && open.text.contains(second))
            let finished = try await mai.get("/ho-so-cua-toi?status=finished&q=khai+sinh")
            #expect(!finished.text.contains(first) && finished.text.contains("id=\"my-dossiers-nomatch\""))
            let bad = try await mai.get("/ho-so-cua-toi?status=lost")
            #expect(bad.status == .badRequest)
            #expect(bad.text.contains("Giá trị không hợp lệ"))
            let badEn = try await mai.get("/ho-so-cua-toi?status=lost&lang=en")
            #expect(badEn.status == .badRequest && badEn.text.contains("Invalid value"))
        }
    }
}
