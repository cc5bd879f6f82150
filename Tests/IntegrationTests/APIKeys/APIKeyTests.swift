import Foundation
import Persistence
import SQLKit
import TestSupport
import Testing

/// API keys as data: issued to a named client with scopes from the list, stored as a SHA-256 with a visible
/// prefix, shown once, revoked at once; the national portal's inbound endpoint accepts them besides its token.
@Suite("API keys")
struct APIKeyTests {
    static let keys = "/api/v1/api-keys"
    static let page = "/officer/quan-tri/khoa-api"

    /// Issues a key through the JSON API; returns its id and the whole key.
    static func issue(_ api: APIClient, _ admin: String, scopes: [String], client: String = "Cổng DVC quốc gia") async throws
        -> (id: Int64, secret: String)
    {
        let made = try await api.request(.post, keys, token: admin, json: ["client": client, "scopes": scopes])
        try #require(made.status == .created, "\(made.text)")
        let id = try #require(made.json[path: "key.id"] as? Int)
        return (Int64(id), try #require(made.json["secret"] as? String))
    }

    /// Every row of `api_keys`, each column as text.
    static func rows(_ db: TestDatabase) async throws -> [String] {
        let database = try db.open()
        defer { Task { await database.shutdown() } }
        return try await database.read {
            try await $0.raw("SELECT client, prefix, key_hash, scopes, created_by FROM api_keys").all().map { row in
                try ["client", "prefix", "key_hash", "scopes", "created_by"].map { try row.decode(column: $0, as: String.self) }
                    .joined(separator: "|")
            }
        }
    }

    @Test(
        "a created key works on the inbound endpoint, a revoked one is a 401, one without the scope a 403; none is stored in clear",
        arguments: Backend.available)
    func inbound(_ backend: Backend) async throws {
        try await withApp(backend) { api, db in
            let admin = try await api.login("quantri")
            let desk = try await api.login("tiepnhan.hacthanh")
            #expect(try await api.request(.get, Self.keys, token: desk).status == .forbidden)
            let inbound = try await Self.issue(api, admin, scopes: ["national-portal.inbound"])
            let other = try await Self.issue(api, admin, scopes: ["open311.requests"], client: "Ứng dụng phản ánh")
            #expect(inbound.secret.hasPrefix("mck_") && inbound.secret.count == 55)
            let portal = NationalPortalInboundTests()
            let accepted = try await portal.post(api, NationalPortalInboundTests.submission("G22.99-261206-0101"), token: inbound.secret)
            #expect(accepted.status == .created, "\(accepted.text)")
            let wrongScope = try await portal.post(api, NationalPortalInboundTests.submission("G22.99-261206-0102"), token: other.secret)
            #expect(wrongScope.status == .forbidden && wrongScope.errorCode == "apiKey.scope")
            #expect(wrongScope.errorMessages.vi?.isEmpty == false && wrongScope.errorMessages.en?.isEmpty == false)
            var forged = inbound.secret
            forged.removeLast()
            forged.append(inbound.secret.hasSuffix("a") ? "b" : "a")
            #expect(
                try await portal.post(api, NationalPortalInboundTests.submission("G22.99-261206-0103"), token: forged).status
                    == .unauthorized)

            let listed = try await api.request(.get, Self.keys, token: admin)
            let items = try #require(listed.json["items"] as? [[String: Any]])
            #expect(items.count == 2 && !listed.text.contains(inbound.secret) && !listed.text.contains(other.secret))
            #expect(items.first { $0["id"] as? Int == Int(inbound.id) }?["lastUsedAt"] as? String != nil, "the use is recorded")
            #expect((listed.json["scopes"] as? [[String: Any]])?.contains { $0["code"] as? String == "national-portal.inbound" } == true)

            let stored = try await Self.rows(db)
            #expect(stored.count == 2)
            #expect(stored.allSatisfy { !$0.contains(inbound.secret) && !$0.contains(other.secret) }, "the key is not stored in clear")
            let hash = SQLAPIKeyRepository.hash(inbound.secret)
            #expect(stored.contains { $0.contains("|\(String(inbound.secret.prefix(14)))|\(hash)|national-portal.inbound|quantri") })

            #expect(try await api.request(.post, "\(Self.keys)/\(inbound.id)/revoke", token: admin).status == .noContent)
            let revoked = try await portal.post(api, NationalPortalInboundTests.submission("G22.99-261206-0104"), token: inbound.secret)
            #expect(revoked.status == .unauthorized)
            #expect(try await api.request(.post, "\(Self.keys)/\(inbound.id)/revoke", token: admin).status == .notFound)
            #expect(try await Accounts.audited(db, "apiKey.created") == 2)
            #expect(try await Accounts.audited(db, "apiKey.revoked") == 1)

            let bad = try await api.request(.post, Self.keys, token: admin, json: ["client": "X", "scopes": ["everything"]])
            #expect(bad.status == .badRequest && bad.errorCode == "apiKey.scopesRequired")
            let noName = try await api.request(.post, Self.keys, token: admin, json: ["client": " ", "scopes": ["open311.requests"]])
            #expect(noName.status == .badRequest && noName.errorMessages.en?.contains("system or organisation") == true)
        }
    }

    @Test("a key with the open311.requests scope posts an Open311 request; a key without it is refused (403)", arguments: Backend.available)
    func open311(_ backend: Backend) async throws {
        try await withApp(backend) { api, _ in
            let admin = try await api.login("quantri")
            let reports = try await Self.issue(api, admin, scopes: ["open311.requests"], client: "Ứng dụng phản ánh")
            let portal = try await Self.issue(api, admin, scopes: ["national-portal.inbound"])
            func post(_ key: String) async throws -> APIResponse {
                let form =
                    "api_key=\(key)&service_code=WASTE&address_string=12+L%C3%AA+L%E1%BB%A3i&description=R%C3%A1c+%C4%91%E1%BB%95+tr%E1%BB%99m"
                return try await api.request(
                    .post, "/open311/v2/requests.json", raw: form, headers: ["Content-Type": "application/x-www-form-urlencoded"])
            }
            let accepted = try await post(reports.secret)
            #expect(accepted.status == .ok || accepted.status == .created, "\(accepted.text)")
            let refused = try await post(portal.secret)
            #expect(refused.status == .forbidden, "\(refused.text)")
        }
    }

    @Test(
        "a revocation through one instance is refused at once by another (no cache)",
        arguments: Backend.available.filter { $0 == .postgres })
    func revokedEverywhere(_ backend: Backend) async throws {
        try await CacheInvalidationTests.twoInstances(backend, a: [:], b: [:]) { a, b, _ in
            let admin = try await a.login("quantri")
            let key = try await Self.issue(a, admin, scopes: ["national-portal.inbound"])
            let portal = NationalPortalInboundTests()
            #expect(
                try await portal.post(b, NationalPortalInboundTests.submission("G22.99-261206-0201"), token: key.secret).status == .created)
            #expect(try await a.request(.post, "\(Self.keys)/\(key.id)/revoke", token: admin).status == .noContent)
            #expect(
                try await portal.post(b, NationalPortalInboundTests.submission("G22.99-261206-0202"), token: key.secret).status
                    == .unauthorized)
        }
    }

    @Test(
        "the page lists, issues (the key shown once) and revokes, with a 4xx in both languages on bad input", arguments: Backend.available)
    func page(_ backend: Backend) async throws {
        try await withApp(backend) { api, db in
            let desk = try await OfficerAdminPagesTests.officer(api, "tiepnhan.hacthanh")
            #expect(try await desk.get(Self.page).status == .forbidden)
            let admin = try await OfficerAdminPagesTests.officer(api, "quantri")
            let empty = try await admin.get(Self.page)
            #expect(empty.status == .ok && empty.text.contains("id=\"api-keys-empty\"") && empty.text.contains("id=\"nav-admin-api-keys\""))
            let noScope = try await admin.post(Self.page, ["client": "Cổng DVC quốc gia"])
            #expect(noScope.status == .badRequest && noScope.text.contains("ít nhất một phạm vi"))
            #expect(noScope.text.contains("value=\"Cổng DVC quốc gia\""))
            let english = try await admin.post(Self.page + "?lang=en", ["scope_national-portal.inbound": "on"])
            #expect(english.status == .badRequest && english.text.contains("Give the name of the system"))
            let created = try await admin.post(Self.page, ["client": "Cổng DVC quốc gia", "scope_national-portal.inbound": "on"])
            #expect(created.status == .created && created.headers[.cacheControl] == "no-store")
            let secret = try #require(OfficerAdminPagesTests.code("api-key-secret", in: created.text))
            #expect(secret.hasPrefix("mck_"))
            let listed = try await admin.get(Self.page)
            #expect(!listed.text.contains(secret) && listed.text.contains(String(secret.prefix(14))), "the key is shown once")
            let portal = NationalPortalInboundTests()
            #expect(
                try await portal.post(api, NationalPortalInboundTests.submission("G22.99-261206-0301"), token: secret).status == .created)
            let action = try #require(listed.text.firstRange(of: /khoa-api\/(\d+)\/thu-hoi/))
            let id = String(listed.text[action].split(separator: "/")[1])
            let revoked = try await admin.post("\(Self.page)/\(id)/thu-hoi", [:])
            #expect(revoked.status == .seeOther)
            #expect((try await admin.get(Self.page + "?done=revoked")).text.contains("id=\"api-key-done\""))
            #expect(
                try await portal.post(api, NationalPortalInboundTests.submission("G22.99-261206-0302"), token: secret).status
                    == .unauthorized)
            #expect(try await Accounts.audited(db, "apiKey.created") == 1)
            #expect(try await Accounts.audited(db, "apiKey.revoked") == 1)
        }
    }
}
