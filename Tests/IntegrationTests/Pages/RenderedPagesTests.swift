import Foundation
import TestSupport
import Testing

/// Pages rendered once for visitors without an account (`RenderedPages`): a kept page is never
/// another caller's page, nor an old one.
@Suite("Rendered pages kept for visitors")
struct RenderedPagesTests {
    @Test("a form's token is each visitor's own, however often the same form is asked for", arguments: Backend.available)
    func ownToken(_ backend: Backend) async throws {
        try await withApp(backend) { api, _ in
            for path in ["/dang-nhap", "/dang-ky", "/officer/login", "/phan-anh/gui"] {
                var tokens: Set<String> = []
                for _ in 0..<3 {
                    let visitor = BrowserSession(api)
                    let form = try await visitor.get(path)
                    let cookie = visitor.cookies.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
                        .first { $0.hasPrefix("motcua_csrf=") }
                    let token = try #require(cookie.map { String($0.dropFirst("motcua_csrf=".count)) }, "\(path): no token")
                    #expect(form.text.contains("value=\"\(token)\""), "\(path) carries another visitor's token")
                    tokens.insert(token)
                }
                #expect(tokens.count == 3)
            }
        }
    }

    @Test("a procedure page seen before a catalogue import shows the imported name after it", arguments: Backend.available)
    func notStale(_ backend: Backend) async throws {
        try await withApp(backend) { api, _ in
            let admin = try await api.login("quantri")
            let before = try await api.request(.get, "/thu-tuc/1.001193")
            let renamed = "Đăng ký khai sinh (tên mới \(UUID().uuidString.prefix(6)))"
            #expect(!before.text.contains(renamed))
            let export = try await api.request(.get, "/api/v1/catalogue/export?format=json")
            var file = try #require(try JSONSerialization.jsonObject(with: Data(export.text.utf8)) as? [String: Any])
            var procedures = try #require(file["procedures"] as? [[String: Any]])
            let index = try #require(procedures.firstIndex { $0["code"] as? String == "1.001193" })
            procedures[index]["name"] = renamed
            file["procedures"] = procedures
            let imported = try await api.request(.post, "/api/v1/catalogue/import?format=json", token: admin, json: file)
            #expect(imported.status == .ok)
            let after = try await api.request(.get, "/thu-tuc/1.001193")
            #expect(after.text.contains("<h1>\(renamed)</h1>"))
        }
    }

    @Test("a signed-in citizen is shown their own header, not the page kept for visitors", arguments: Backend.available)
    func signedIn(_ backend: Backend) async throws {
        try await withApp(backend) { api, _ in
            for _ in 0..<2 { _ = try await api.request(.get, "/thu-tuc/1.001193") }
            let anonymous = try await api.request(.get, "/thu-tuc/1.001193")
            #expect(!anonymous.text.contains("Trần Văn Khải"))
            let citizen = BrowserSession(api)
            try await Portal.register(citizen, phone: "0912000777", name: "Trần Văn Khải")
            let page = try await citizen.get("/thu-tuc/1.001193")
            #expect(page.text.contains("Trần Văn Khải"))
            #expect(page.text.contains("<h1>") && page.text.contains("1.001193"))
        }
    }
}
