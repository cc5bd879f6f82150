import Foundation
import TestSupport
import Testing

/// Issue 21 item 2: dossiers submitted through the national portal are handed over on `POST /api/v1/national-portal/dossiers`
/// with the token the province issued, checked like an online submission and received once per national code.
@Suite("National portal inbound dossiers")
struct NationalPortalInboundTests {
    static let token = "test-inbound-token-0123456789abcdef0123"
    static let environment = ["NATIONAL_PORTAL_INBOUND_TOKEN": token]
    static let path = "/api/v1/national-portal/dossiers"

    /// A birth registration handed over by the portal as `nationalCode`.
    static func submission(_ nationalCode: String, documents: [Int] = [0, 1], name: String = "Nguyễn Thị Mai") -> [String: Any] {
        [
            "nationalCode": nationalCode, "procedureCode": "1.001193", "communeCode": "14797",
            "applicant": ["fullName": name, "idNumber": "038190001234", "phone": "0912000111", "address": "12 Lê Lợi"],
            "documents": documents.map {
                ["requirement": $0, "name": "giay-to-\($0).pdf", "url": "https://dichvucong.gov.vn/files/\(nationalCode)/\($0)"]
            },
        ]
    }

    func post(_ api: APIClient, _ body: [String: Any], token: String? = Self.token) async throws -> APIResponse {
        try await api.request(.post, Self.path, json: body, headers: token.map { ["X-API-Key": $0] } ?? [:])
    }

    @Test(
        "a handed-over dossier is received once per national code; its first status is queued for the portal", arguments: Backend.available)
    func receivedOnce(_ backend: Backend) async throws {
        try await withApp(backend, extraEnvironment: Self.environment) { api, db in
            let (dossiers, records) = (try await db.count("dossiers"), try await db.count("portal_sync"))
            let first = try await post(api, Self.submission("G22.99-261206-0001"))
            #expect(first.status == .created, "\(first.text)")
            let code = try #require(first.json["code"] as? String)
            #expect(first.json["nationalCode"] as? String == "G22.99-261206-0001")
            // The portal retries (its answer was lost): the same dossier, nothing new, even with other details.
            let again = try await post(api, Self.submission("G22.99-261206-0001", name: "Nguyễn Thị Mai Anh"))
            #expect(again.status == .ok)
            #expect(again.json["code"] as? String == code)
            let other = try await post(api, Self.submission("G22.99-261206-0002"))
            #expect(other.status == .created)
            #expect(other.json["code"] as? String != code)
            #expect(try await db.count("dossiers") == dossiers + 2)
            #expect(try await db.count("portal_sync") == records + 2)
            let desk = try await api.login("tiepnhan.hacthanh")
            let dossier = try await api.dossier(desk, code)
            #expect(dossier[path: "dossier.channel"] as? String == "online")
        }
    }

    @Test("bad hand-overs are refused with a 4xx in Vietnamese and English, and open no dossier", arguments: Backend.available)
    func refused(_ backend: Backend) async throws {
        try await withApp(backend, extraEnvironment: Self.environment) { api, db in
            let dossiers = try await db.count("dossiers")
            #expect(try await post(api, Self.submission("A1"), token: nil).status == .unauthorized)
            #expect(try await post(api, Self.submission("A1"), token: "wrong-token").status == .unauthorized)
            var unknown = Self.submission("A2")
            unknown["procedureCode"] = "9.999999"
            var badURL = Self.submission("A4")
            badURL["documents"] = [["requirement": 0, "name": "x.pdf", "url": "file:///etc/passwd"]]
            var badPhone = Self.submission("A5")
            badPhone["applicant"] = ["fullName": "Mai", "idNumber": "038190001234", "phone": "12", "address": "12 Lê Lợi"]
            for body in [Self.submission("A3", documents: [0]), unknown, badURL, badPhone, Self.submission("bad code!")] {
                let answer = try await post(api, body)
                #expect(answer.status == .badRequest, "\(answer.text)")
                #expect(answer.errorMessages.vi?.isEmpty == false && answer.errorMessages.en?.isEmpty == false, "\(answer.text)")
            }
            let notJSON = try await api.request(.post, Self.path, raw: "{", headers: ["X-API-Key": Self.token])
            #expect(notJSON.status == .badRequest)
            #expect(try await db.count("dossiers") == dossiers)
        }
    }

    @Test(
        "without a configured token only issued API keys are accepted: no key, or the token of another server, is a 401",
        arguments: Backend.available)
    func withoutToken(_ backend: Backend) async throws {
        try await withApp(backend) { api, _ in
            let withoutKey = try await post(api, Self.submission("A1"), token: nil)
            #expect(withoutKey.status == .unauthorized)
            let otherToken = try await post(api, Self.submission("A1"))
            #expect(otherToken.status == .unauthorized, "\(otherToken.text)")
        }
    }
}
