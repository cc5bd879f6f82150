import Foundation
import TestSupport
import Testing

/// Issue 20, outgoing documents sent by the exchange: at issue, each outside recipient that is a peer gets one package;
/// a recipient left to send gets the "Gửi liên thông" button, which sends once only; the peer's statuses reach the
/// recipient's line in plain words. Two servers (two provinces) on both databases.
@Suite("Outgoing documents sent by the exchange")
struct OutgoingExchangeTests {
    /// Outside recipients after the Sở Tư pháp (position 0): province B (1), a peer, and the Bộ Nội vụ (2), not one.
    static let others = "Tỉnh B | \(Exchange.provinceB)\nBộ Nội vụ | 000.00.00.G12"

    /// Drafts to the Sở Tư pháp, province B and the Bộ Nội vụ, then submits, approves and signs (version 4).
    static func signed(_ api: APIClient, _ db: TestDatabase, tag: String) async throws -> Int64 {
        let specialist = try await api.login("chuyenvien.ubnd")
        let leader = try await api.login("lanhdao.ubnd")
        let (drafted, sent) = try await OutgoingDocs.draft(api, specialist, db: db, ["others": others], file: OutgoingDocs.pdf(tag))
        guard let id = drafted else { throw TestSetupError("draft: \(sent.status) \(sent.text.prefix(300))") }
        for (token, step, version, fields) in [
            (specialist, "trinh", 1, [:]), (leader, "duyet", 2, ["decision": "approve"]), (leader, "ky", 3, [:]),
        ] {
            let answer = try await OutgoingDocs.step(api, token, id, step, version: version, fields)
            guard answer.status == .seeOther else { throw TestSetupError("\(step): \(answer.status) \(answer.text.prefix(200))") }
        }
        return id
    }

    static func deliveries(_ db: TestDatabase, _ id: Int64) async throws -> [String] {
        try await OutgoingDocs.strings(db, "SELECT delivery AS s FROM outgoing_recipients WHERE outgoing_id = \(id) ORDER BY position")
    }

    static func packages(_ db: TestDatabase) async throws -> [String] {
        try await OutgoingDocs.strings(db, "SELECT peer_id AS s FROM exchange_outbox WHERE kind = 'package' ORDER BY id")
    }

    @Test("at issue the outside recipient that is a peer gets one package; its statuses reach its line", arguments: Backend.available)
    func atIssue(_ backend: Backend) async throws {
        try await withApp(backend, extraEnvironment: Exchange.environment(Exchange.provinceB)) { apiB, dbB in
            try await withApp(backend, extraEnvironment: Exchange.environment(Exchange.provinceA)) { apiA, dbA in
                try await Exchange.addPeer(apiA, apiB)
                try await Exchange.addPeer(apiB, apiA)
                let id = try await Self.signed(apiA, dbA, tag: "at-issue")
                let clerk = try await apiA.login("vanthu.ubnd")
                let issued = try await OutgoingDocs.step(apiA, clerk, id, "ban-hanh", version: 4)
                #expect(issued.status == .seeOther, "\(issued.text.prefix(300))")
                #expect(try await Self.deliveries(dbA, id) == ["delivered", "sent", "toSend"])
                #expect(try await Self.packages(dbA) == [Exchange.provinceB])

                // Province B registers it; arrived and accepted flow back and show on the recipient's line.
                let page = "/officer/van-ban-di/\(id)"
                let accepted = try await Exchange.eventually {
                    let text = try await apiA.request(.get, page, token: clerk).text
                    return PageReading.text(id: "out-exchange-1", in: text) == "Nơi nhận đã vào sổ văn bản đến"
                }
                #expect(accepted)
                #expect(try await dbB.count("exchange_received") == 1)
                let english = try await apiA.request(.get, page + "?lang=en", token: clerk)
                #expect(PageReading.text(id: "out-exchange-1", in: english.text) == "Registered by the recipient")
                #expect(PageReading.text(id: "out-exchange-2", in: english.text) == nil)
                #expect(!english.text.contains("id=\"out-send-"), "no button: nothing is left to send to a peer")

                // A retry of the button queues nothing more.
                let retry = try await OfficialDocs.post(apiA, clerk, page + "/gui-lien-thong", ["position": "1"])
                #expect(retry.status == .conflict)
                #expect(PageReading.text(id: "out-error", in: retry.text) == "Văn bản đã được gửi liên thông cho nơi nhận này.")
                #expect(try await Self.packages(dbA) == [Exchange.provinceB])
            }
        }
    }

    @Test("a recipient left to send: the clerk's button sends it once, whatever the clicks", arguments: Backend.available)
    func button(_ backend: Backend) async throws {
        try await withApp(backend, extraEnvironment: Exchange.environment(Exchange.provinceB)) { apiB, dbB in
            try await withApp(backend, extraEnvironment: Exchange.environment(Exchange.provinceA)) { apiA, dbA in
                try await Exchange.addPeer(apiB, apiA)
                let id = try await Self.signed(apiA, dbA, tag: "button")
                let clerk = try await apiA.login("vanthu.ubnd")
                #expect(try await OutgoingDocs.step(apiA, clerk, id, "ban-hanh", version: 4).status == .seeOther)
                // Province B was not a peer at issue: left to send, and no button yet.
                #expect(try await Self.deliveries(dbA, id) == ["delivered", "toSend", "toSend"])
                #expect(try await Self.packages(dbA).isEmpty)
                let page = "/officer/van-ban-di/\(id)"
                #expect(!(try await apiA.request(.get, page, token: clerk).text.contains("id=\"out-send-")))

                try await Exchange.addPeer(apiA, apiB)
                let offered = try await apiA.request(.get, page, token: clerk).text
                #expect(offered.contains("id=\"out-send-1\"") && !offered.contains("id=\"out-send-2\""))
                let specialist = try await apiA.login("chuyenvien.ubnd")
                let refused = try await OfficialDocs.post(apiA, specialist, page + "/gui-lien-thong", ["position": "1"])
                #expect(refused.status == .forbidden)

                async let first = OfficialDocs.post(apiA, clerk, page + "/gui-lien-thong", ["position": "1"])
                async let second = OfficialDocs.post(apiA, clerk, page + "/gui-lien-thong", ["position": "1"])
                let statuses = try await [first.status, second.status].map(\.code).sorted()
                #expect(statuses == [303, 409])
                #expect(try await Self.packages(dbA) == [Exchange.provinceB])
                #expect(try await Self.deliveries(dbA, id) == ["delivered", "sent", "toSend"])
                #expect(
                    try await OutgoingDocs.strings(dbA, "SELECT action AS s FROM audit_log WHERE action = 'exchange.send'") == [
                        "exchange.send"
                    ])
                #expect(try await Exchange.eventually { try await dbB.count("exchange_received") == 1 })
                let notPeer = try await OfficialDocs.post(apiA, clerk, page + "/gui-lien-thong", ["position": "2"])
                #expect(notPeer.status == .notFound)
            }
        }
    }
}
