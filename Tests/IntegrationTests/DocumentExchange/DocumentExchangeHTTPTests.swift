import Foundation
import TestSupport
import Testing

/// Issue 20 item 5: two provinces' servers exchange a signed QCVN 102 package over HTTP; the receiver registers it in its
/// incoming register once, and each status (arrived, accepted, assigned, in progress, done) reaches the sender. Packages
/// with a bad signature, from an unknown sender, for an unknown recipient, malformed, or with an oversized file are refused
/// with their 4xx and store nothing.
@Suite("Document exchange between provinces")
struct DocumentExchangeHTTPTests {
    @Test("a signed package is registered once by the receiver and every status reaches the sender", arguments: Backend.available)
    func exchange(_ backend: Backend) async throws {
        try await withApp(backend, extraEnvironment: Exchange.environment(Exchange.provinceB)) { apiB, dbB in
            try await withApp(backend, extraEnvironment: Exchange.environment(Exchange.provinceA)) { apiA, dbA in
                try await Exchange.addPeer(apiA, apiB)
                try await Exchange.addPeer(apiB, apiA)
                let document = try await Exchange.outgoing(apiA, dbA)
                let queued = try await Exchange.send(apiA, document, to: Exchange.provinceB)
                #expect(queued.status == .accepted, "\(queued.text)")
                #expect(queued.json["kind"] as? String == "package")

                // The package arrives and is registered in the UBND's incoming register of province B, with its scan.
                #expect(try await Exchange.eventually { try await dbB.count("exchange_received") == 1 })
                let clerkB = try await apiB.login("vanthu.ubnd")
                let ids = try await OfficialDocs.integers(dbB, "SELECT document_id AS n FROM exchange_received")
                let received = try #require(ids.first.map(Int64.init))
                let page = try await apiB.request(.get, "/officer/van-ban/\(received)", token: clerkB)
                #expect(page.status == .ok)
                #expect(PageReading.text(id: "doc-number-symbol", in: page.text) == "45/UBND-VX" || page.text.contains("45/UBND-VX"))
                let fileId = try #require(PageReading.ids(linkedAs: "/officer/van-ban/\(received)/tep/", in: page.text).first)
                let scan = try await apiB.request(.get, "/officer/van-ban/\(received)/tep/\(fileId)", token: clerkB)
                #expect(scan.bytes == OfficialDocs.scan)
                #expect(try await Exchange.eventually { try await Exchange.statuses(apiA, document) == ["arrived", "accepted"] })

                // Province B's leader assigns it, the lead unit completes it: each status reaches province A.
                let leader = try await apiB.login("lanhdao.ubnd")
                let assigned = try await OfficialDocs.assign(apiB, leader, received, lead: "STP", db: dbB)
                #expect(assigned.status == .seeOther, "\(assigned.text)")
                #expect(
                    try await Exchange.eventually {
                        try await Exchange.statuses(apiA, document) == ["arrived", "accepted", "assigned", "inProgress"]
                    })
                let closed = try await OfficialDocs.post(
                    apiB, try await apiB.login("chuyenvien.stp"), "/officer/van-ban/\(received)/hoan-thanh",
                    ["expectedVersion": "2", "note": "Đã xử lý theo chỉ đạo."])
                #expect(closed.status == .seeOther, "\(closed.text)")
                #expect(
                    try await Exchange.eventually {
                        try await Exchange.statuses(apiA, document) == ["arrived", "accepted", "assigned", "inProgress", "done"]
                    })

                // Every package and status is audited on both sides; the sender's outbox is empty of work.
                let sentLines = try await OfficialDocs.integers(
                    dbA, "SELECT COUNT(*) AS n FROM audit_log WHERE action IN ('exchange.send', 'exchange.status')")
                #expect(sentLines == [6])
                let receivedLines = try await OfficialDocs.integers(
                    dbB, "SELECT COUNT(*) AS n FROM audit_log WHERE action = 'exchange.receive'")
                #expect(receivedLines == [1])
                let admin = try await apiA.login("quantri")
                let outbox = try await apiA.request(.get, "/api/v1/documents/exchange/outbox?state=sent", token: admin)
                #expect((outbox.json["items"] as? [Any])?.count == 1)
                // Province B marks each status sent once province A has answered it.
                #expect(
                    try await Exchange.eventually {
                        try await OfficialDocs.integers(dbB, "SELECT COUNT(*) AS n FROM exchange_outbox WHERE status <> 'sent'") == [0]
                    })
            }
        }
    }

    @Test(
        "bad signature, unknown sender, unknown recipient, malformed XML, oversized file: refused with their 4xx, nothing stored",
        arguments: Backend.available)
    func refusals(_ backend: Backend) async throws {
        let receiver = Exchange.environment(Exchange.provinceB, ["EXCHANGE_MAX_ATTACHMENT_BYTES": "4096"])
        try await withApp(backend, extraEnvironment: receiver) { apiB, dbB in
            // Province A queues its packages but never sends them itself: the test posts them, changed or not.
            try await withApp(backend, extraEnvironment: Exchange.environment(Exchange.provinceA, ["EXCHANGE_POLL_SECONDS": "3600"])) {
                apiA, dbA in
                try await Exchange.addPeer(apiA, apiB)
                try await Exchange.addPeer(apiA, apiB, id: "000.00.00.H99")
                let small = try await Exchange.outgoing(apiA, dbA)
                let large = try await Exchange.outgoing(apiA, dbA, scan: OfficialDocs.scan + Array(repeating: 0x20, count: 8000))
                let stranger = try await Exchange.outgoing(apiA, dbA)
                #expect(try await Exchange.send(apiA, small, to: Exchange.provinceB).status == .accepted)
                #expect(try await Exchange.send(apiA, large, to: Exchange.provinceB).status == .accepted)
                #expect(try await Exchange.send(apiA, stranger, to: "000.00.00.H99").status == .accepted)
                let good = try await Exchange.payload(dbA, document: small)

                func post(_ body: String) async throws -> APIResponse {
                    try await apiB.request(.post, Exchange.packages, raw: body, headers: ["Content-Type": "application/xml"])
                }
                // Province B does not know province A yet: the sender is refused.
                let before = try await Exchange.stored(dbB)
                let unknownSender = try await post(good)
                #expect(
                    unknownSender.status == .unauthorized && unknownSender.errorCode == "exchange.unknownSender", "\(unknownSender.text)")
                try await Exchange.addPeer(apiB, apiA)

                let tampered = good.replacingOccurrences(of: "biên chế", with: "biên chế bổ sung")
                #expect(tampered != good)
                let cases: [(String, Int, String)] = [
                    (tampered, 401, "exchange.badSignature"),
                    (try await Exchange.payload(dbA, document: stranger), 404, "exchange.unknownRecipient"),
                    (String(good.prefix(good.count / 2)), 400, "exchange.malformed"),
                    ("<edXML><notAPackage/></edXML>", 400, "exchange.malformed"),
                    (try await Exchange.payload(dbA, document: large), 413, "exchange.attachmentTooLarge"),
                ]
                for (body, status, code) in cases {
                    let answer = try await post(body)
                    #expect(Int(answer.status.code) == status && answer.errorCode == code, "\(code): \(answer.status) \(answer.text)")
                    #expect(answer.errorMessages.vi?.isEmpty == false && answer.errorMessages.en?.isEmpty == false)
                }
                let notXML = try await apiB.request(.post, Exchange.packages, raw: "{}")
                #expect(notXML.status == .unsupportedMediaType)
                #expect(try await Exchange.stored(dbB) == before)
                // Each kind of refusal is written to the audit log (a repeat of one kind is counted on its line).
                let refusals = try await OfficialDocs.integers(
                    dbB, "SELECT COUNT(DISTINCT detail) AS n FROM audit_log WHERE action = 'exchange.receiveRefused'")
                #expect(refusals == [5])

                // The good package is stored once, however often it is posted.
                let first = try await post(good)
                #expect(first.status == .created, "\(first.text)")
                let again = try await post(good)
                #expect(again.status == .ok)
                #expect(again.json["documentId"] as? Int == first.json["documentId"] as? Int)
                let after = try await Exchange.stored(dbB)
                #expect(after[0] == before[0] + 1 && after[1] == before[1] + 1 && after[2] == before[2] + 1)
            }
        }
    }

    @Test(
        "a peer that cannot be reached: retried, then a dead letter the administrator sees and sends again once the peer is fixed",
        arguments: Backend.available)
    func deadLetters(_ backend: Backend) async throws {
        let sender = Exchange.environment(Exchange.provinceA, ["EXCHANGE_MAX_ATTEMPTS": "2", "EXCHANGE_RETRY_SECONDS": "1"])
        try await withApp(backend, extraEnvironment: Exchange.environment(Exchange.provinceB)) { apiB, dbB in
            try await withApp(backend, extraEnvironment: sender) { apiA, dbA in
                try await Exchange.addPeer(apiB, apiA)
                try await Exchange.addPeer(apiA, apiB, endpoint: "http://127.0.0.1:9/api/v1/documents/packages")
                let document = try await Exchange.outgoing(apiA, dbA)
                #expect(try await Exchange.send(apiA, document, to: Exchange.provinceB).status == .accepted)
                let admin = try await apiA.login("quantri")
                var dead: [[String: Any]] = []
                #expect(
                    try await Exchange.eventually {
                        let answer = try await apiA.request(.get, "/api/v1/documents/exchange/outbox?state=dead", token: admin)
                        dead = answer.json["items"] as? [[String: Any]] ?? []
                        return dead.count == 1
                    })
                #expect(dead.first?["attempts"] as? Int == 2)
                #expect((dead.first?["lastError"] as? String)?.contains("could not be reached") == true)
                #expect(try await dbB.count("exchange_received") == 0)

                try await Exchange.addPeer(apiA, apiB)
                let id = try #require(dead.first?["id"] as? Int)
                let resent = try await apiA.request(.post, "/api/v1/documents/exchange/outbox/\(id)/resend", token: admin)
                #expect(resent.status == .noContent)
                #expect(try await Exchange.eventually { try await dbB.count("exchange_received") == 1 })
                let again = try await apiA.request(.post, "/api/v1/documents/exchange/outbox/\(id)/resend", token: admin)
                #expect(again.status == .notFound)
                let lines = try await OfficialDocs.integers(dbA, "SELECT COUNT(*) AS n FROM audit_log WHERE action = 'exchange.resend'")
                #expect(lines == [1])
            }
        }
    }

    @Test("packages posted from one address are limited per minute (429)", arguments: Backend.available)
    func rateLimited(_ backend: Backend) async throws {
        try await withApp(backend, extraEnvironment: Exchange.environment(Exchange.provinceB, ["EXCHANGE_PACKAGES_PER_MINUTE": "3"])) {
            api, _ in
            var statuses: [Int] = []
            for _ in 0..<4 {
                let answer = try await api.request(.post, Exchange.packages, raw: "<edXML/>", headers: ["Content-Type": "application/xml"])
                statuses.append(Int(answer.status.code))
            }
            #expect(statuses == [400, 400, 400, 429])
        }
    }

    @Test(
        "administrators keep the peers; a bad peer is refused; a clerk cannot send a document of another agency",
        arguments: Backend.available)
    func peersAndRights(_ backend: Backend) async throws {
        try await withApp(backend, extraEnvironment: Exchange.environment(Exchange.provinceA)) { api, db in
            let admin = try await api.login("quantri")
            let bad = try await api.request(
                .put, "/api/v1/documents/exchange/peers/000.00.00.H42", token: admin,
                json: ["name": "Tỉnh B", "endpoint": "http://127.0.0.1:1/api/v1/documents/packages", "certificatePEM": "not a certificate"])
            #expect(bad.status == .badRequest && bad.errorCode == "exchange.badCertificate", "\(bad.text)")
            let clerk = try await api.login("vanthu.ubnd")
            let forbidden = try await api.request(.get, "/api/v1/documents/exchange/peers", token: clerk)
            #expect(forbidden.status == .forbidden)
            let document = try await Exchange.outgoing(api, db)
            let noPeer = try await Exchange.send(api, document, to: "000.00.00.H42")
            #expect(noPeer.status == .notFound && noPeer.errorCode == "exchange.unknownPeer")
            let other = try await api.request(
                .post, "/api/v1/documents/\(document)/packages", token: try await api.login("chuyenvien.stp"), json: ["peer": "x"])
            #expect(other.status == .forbidden || other.status == .notFound)
            #expect(try await db.count("exchange_outbox") == 0)
        }
    }
}
