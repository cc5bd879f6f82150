import Foundation
import Persistence
import SQLKit
import TestSupport
import Testing

/// Issue 20, the exchange in the browser: the administrator keeps the peers (add, edit, delete; validated and audited as
/// through the API) and watches the outbox (pending, dead letters with their last error, resend) on pages.
@Suite("Document exchange administration pages")
struct ExchangeAdminPagesTests {
    static let peers = "/officer/quan-tri/lien-thong"
    static let outbox = "/officer/quan-tri/lien-thong/hang-doi"

    static func actions(_ db: TestDatabase) async throws -> [String] {
        try await OutgoingDocs.strings(db, "SELECT action AS s FROM audit_log WHERE action LIKE 'exchange.%' ORDER BY id")
    }

    @Test("peers: a refused form says why and stores nothing; add, edit and delete are audited", arguments: Backend.available)
    func peerPages(_ backend: Backend) async throws {
        let environment = Exchange.environment(Exchange.provinceA, ["EXCHANGE_POLL_SECONDS": "3600"])
        try await withApp(backend, extraEnvironment: environment) { api, db in
            let admin = try await api.login("quantri")
            let clerk = try await api.login("vanthu.ubnd")
            #expect(try await api.request(.get, Self.peers, token: clerk).status == .forbidden)
            let empty = try await api.request(.get, Self.peers, token: admin)
            #expect(
                empty.status == .ok && empty.text.contains("id=\"xch-peers-empty\"") && empty.text.contains("id=\"nav-admin-exchange\""))
            let identity = try await api.request(.get, "/api/v1/documents/exchange/identity")
            let pem = try #require(identity.json["certificatePEM"] as? String)
            var fields = [
                "organisationId": Exchange.provinceB, "name": "Tỉnh B", "endpoint": "ftp://tinh-b.example/packages",
                "certificatePEM": pem,
            ]
            let refused = try await OfficialDocs.post(api, admin, Self.peers, fields)
            #expect(refused.status == .badRequest)
            #expect(PageReading.text(id: "xch-error", in: refused.text)?.hasPrefix("Địa chỉ nhận gói tin phải là") == true)
            #expect(try await db.count("exchange_peers") == 0)

            fields["endpoint"] = "https://tinh-b.example/api/v1/documents/packages"
            #expect(try await OfficialDocs.post(api, admin, Self.peers, fields).status == .seeOther)
            let listed = try await api.request(.get, Self.peers + "?done=saved", token: admin)
            #expect(listed.text.contains("data-peer=\"\(Exchange.provinceB)\"") && listed.text.contains("id=\"xch-done\""))
            let edit = try await api.request(.get, Self.peers + "?edit=\(Exchange.provinceB)", token: admin)
            #expect(edit.text.contains("name=\"editing\"") && edit.text.contains("value=\"Tỉnh B\""))
            fields["name"] = "Tỉnh B (mới)"
            fields["editing"] = "1"
            #expect(try await OfficialDocs.post(api, admin, Self.peers, fields).status == .seeOther)
            #expect(try await OutgoingDocs.strings(db, "SELECT name AS s FROM exchange_peers") == ["Tỉnh B (mới)"])

            let deleted = try await OfficialDocs.post(api, admin, Self.peers + "/\(Exchange.provinceB)/xoa", [:])
            #expect(deleted.status == .seeOther)
            #expect(try await db.count("exchange_peers") == 0)
            #expect(try await OfficialDocs.post(api, admin, Self.peers + "/\(Exchange.provinceB)/xoa", [:]).status == .notFound)
            #expect(try await Self.actions(db) == ["exchange.peer.save", "exchange.peer.save", "exchange.peer.delete"])
        }
    }

    @Test("outbox: pending and dead letters with their last error; resend puts one back, audited", arguments: Backend.available)
    func outboxPages(_ backend: Backend) async throws {
        let environment = Exchange.environment(Exchange.provinceA, ["EXCHANGE_POLL_SECONDS": "3600"])
        try await withApp(backend, extraEnvironment: Exchange.environment(Exchange.provinceB)) { apiB, _ in
            try await withApp(backend, extraEnvironment: environment) { api, db in
                try await Exchange.addPeer(api, apiB)
                let document = try await Exchange.outgoing(api, db)
                #expect(try await Exchange.send(api, document, to: Exchange.provinceB).status == .accepted)
                let admin = try await api.login("quantri")
                let pending = try await api.request(.get, Self.outbox, token: admin)
                #expect(pending.status == .ok && pending.text.contains("Gói văn bản") && !pending.text.contains("id=\"xch-resend-"))
                #expect(try await api.request(.get, Self.outbox + "?state=lost", token: admin).status == .badRequest)

                let database = try db.open()
                try await database.transaction { sql in
                    try await sql.raw("UPDATE exchange_outbox SET status = 'dead', attempts = 8, last_error = 'HTTP 503'").run()
                }
                await database.shutdown()
                let dead = try await api.request(.get, Self.outbox + "?state=dead", token: admin)
                #expect(dead.text.contains("HTTP 503"))
                let id = try #require(dead.text.firstMatch(of: /id="xch-resend-(\d+)"/).map { String($0.1) })
                let resent = try await OfficialDocs.post(api, admin, Self.outbox + "/\(id)/gui-lai", [:])
                #expect(resent.status == .seeOther)
                #expect(try await OutgoingDocs.strings(db, "SELECT status AS s FROM exchange_outbox") == ["pending"])
                #expect(try await OfficialDocs.post(api, admin, Self.outbox + "/\(id)/gui-lai", [:]).status == .notFound)
                #expect(try await Self.actions(db).last == "exchange.resend")
            }
        }
    }
}
