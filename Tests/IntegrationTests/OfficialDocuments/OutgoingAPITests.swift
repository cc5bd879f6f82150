import Foundation
import TestSupport
import Testing

/// The outgoing documents' JSON API on both databases: a draft (metadata and file in one multipart body, a retry with the
/// same key storing once) taken through comment, review (sent back with a reason, then approved), signature and issue,
/// with the pages' rules and audit lines; other agencies get 404, wrong roles 403, bad input a 4xx in both languages.
@Suite("Outgoing documents API")
struct OutgoingAPITests {
    /// The metadata part: a Công văn to the Sở Tư pháp and to the Bộ Nội vụ (outside the province).
    static func metadata(_ db: TestDatabase) async throws -> String {
        let stp = try await OfficialDocs.agencyId("STP", db)
        let value: [String: Any] = [
            "typeCode": "CV", "summary": "V/v phối hợp rà soát thủ tục hành chính năm 2026", "urgency": "urgent",
            "recipients": [["agencyId": stp], ["name": "Bộ Nội vụ", "identifier": "000.00.00.G12"]],
        ]
        return String(decoding: try JSONSerialization.data(withJSONObject: value), as: UTF8.self)
    }

    /// Posts a draft: `metadata` and, unless nil, the PDF `file`.
    static func draft(
        _ api: APIClient, _ token: String, metadata: String?, file: [UInt8]? = OutgoingDocs.pdf("api"), headers: [String: String] = [:]
    ) async throws -> APIResponse {
        let files = file.map { [BrowserSession.File(field: "file", name: "cong-van.pdf", bytes: $0)] } ?? []
        return try await OfficialDocs.multipart(
            api, "/api/v1/documents/outgoing", metadata.map { ["metadata": $0] } ?? [:], files: files, token: token, headers: headers)
    }

    @Test(
        "draft (a retry with the same key stores once), comment, send back, approve, sign, issue; each change audited",
        arguments: Backend.available)
    func life(_ backend: Backend) async throws {
        try await withApp(backend, clock: TestClock(OfficialDocs.morning)) { api, db in
            let specialist = try await api.login("chuyenvien.ubnd")
            let leader = try await api.login("lanhdao.ubnd")
            let clerk = try await api.login("vanthu.ubnd")
            let metadata = try await Self.metadata(db)
            let created = try await Self.draft(api, specialist, metadata: metadata, headers: ["Idempotency-Key": "draft-1"])
            #expect(created.status == .created, "\(created.text)")
            let id = try #require(created.json["id"] as? Int)
            #expect(created.headers[.location] == "/api/v1/documents/outgoing/\(id)")
            #expect(created.json["status"] as? String == "drafting")
            #expect((created.json["recipients"] as? [[String: Any]])?.count == 2)
            let again = try await Self.draft(api, specialist, metadata: metadata, headers: ["Idempotency-Key": "draft-1"])
            #expect(again.status == .ok)
            #expect(again.json["id"] as? Int == id)
            #expect(try await db.count("outgoing_documents") == 1)

            let base = "/api/v1/documents/outgoing/\(id)"
            let comment = try await api.request(.post, "\(base)/comments", token: leader, json: ["text": "Bổ sung căn cứ pháp lý."])
            #expect((comment.json["comments"] as? [Any])?.count == 1, "\(comment.text)")
            #expect(try await api.request(.post, "\(base)/submission", token: specialist, json: ["expectedVersion": 1]).status == .ok)
            let noReason = try await api.request(
                .post, "\(base)/review", token: leader, json: ["expectedVersion": 2, "decision": "return"] as [String: Any])
            #expect(noReason.status == .badRequest)
            #expect(noReason.errorMessages.vi?.isEmpty == false && noReason.errorMessages.en?.isEmpty == false)
            let returned = try await api.request(
                .post, "\(base)/review", token: leader,
                json: ["expectedVersion": 2, "decision": "return", "reason": "Sửa lại trích yếu."] as [String: Any])
            #expect(returned.json["status"] as? String == "drafting", "\(returned.text)")
            #expect(try await api.request(.post, "\(base)/submission", token: specialist, json: ["expectedVersion": 3]).status == .ok)
            let approved = try await api.request(
                .post, "\(base)/review", token: leader, json: ["expectedVersion": 4, "decision": "approve"] as [String: Any])
            #expect(approved.json["status"] as? String == "awaitingSignature", "\(approved.text)")
            let signed = try await api.request(.post, "\(base)/signature", token: leader, json: ["expectedVersion": 5])
            #expect(signed.json["status"] as? String == "signed", "\(signed.text)")
            #expect((signed.json["signature"] as? [String: Any])?["certificateSerial"] != nil)
            #expect(try await api.request(.post, "\(base)/signature", token: leader, json: ["expectedVersion": 5]).status == .conflict)
            #expect(try await api.request(.post, "\(base)/issue", token: clerk, json: ["expectedVersion": 5]).status == .conflict)
            let issued = try await api.request(.post, "\(base)/issue", token: clerk, json: ["expectedVersion": 6])
            #expect(issued.status == .ok, "\(issued.text)")
            #expect(issued.json["status"] as? String == "issued")
            #expect((issued.json["numberSymbol"] as? String)?.hasPrefix("1/") == true)
            let recipients = issued.json["recipients"] as? [[String: Any]] ?? []
            #expect(recipients.map { $0["delivery"] as? String } == ["delivered", "toSend"])
            #expect(recipients.first?["incomingDocumentId"] is Int)

            let list = try await api.request(.get, "/api/v1/documents/outgoing?status=issued,signed", token: clerk)
            #expect((list.json["items"] as? [[String: Any]])?.map { $0["id"] as? Int } == [id])
            let drafts = try await api.request(.get, "/api/v1/documents/outgoing?status=drafting", token: clerk)
            #expect((drafts.json["items"] as? [Any])?.isEmpty == true)
            let actions = try await OutgoingDocs.strings(
                db, "SELECT action AS s FROM audit_log WHERE action LIKE 'outgoing.%' AND target = '\(id)' ORDER BY id")
            #expect(
                actions == [
                    "outgoing.draft", "outgoing.comment", "outgoing.submit", "outgoing.return", "outgoing.submit", "outgoing.approve",
                    "outgoing.sign", "outgoing.issue", "outgoing.deliver",
                ])
        }
    }

    @Test(
        "another agency's officer gets 404, wrong roles 403, bad input a 4xx with both languages; nothing stored",
        arguments: Backend.available)
    func refusals(_ backend: Backend) async throws {
        try await withApp(backend, clock: TestClock(OfficialDocs.morning)) { api, db in
            let specialist = try await api.login("chuyenvien.ubnd")
            let clerk = try await api.login("vanthu.ubnd")
            let metadata = try await Self.metadata(db)
            let created = try await Self.draft(api, specialist, metadata: metadata)
            let id = try #require(created.json["id"] as? Int, "\(created.text)")
            let base = "/api/v1/documents/outgoing/\(id)"

            for user in ["chuyenvien.hacthanh", "lanhdao.hacthanh"] {
                let stranger = try await api.login(user)
                #expect(try await api.request(.get, base, token: stranger).status == .notFound)
                #expect(
                    try await api.request(.post, "\(base)/submission", token: stranger, json: ["expectedVersion": 1]).status == .notFound)
                #expect(try await api.request(.post, "\(base)/comments", token: stranger, json: ["text": "Xem."]).status == .notFound)
                let list = try await api.request(.get, "/api/v1/documents/outgoing", token: stranger)
                #expect((list.json["items"] as? [Any])?.isEmpty == true)
            }
            #expect(try await api.request(.get, "/api/v1/documents/outgoing/abc", token: specialist).status == .notFound)

            #expect(try await Self.draft(api, clerk, metadata: metadata).status == .forbidden)
            #expect(try await api.request(.post, "\(base)/submission", token: clerk, json: ["expectedVersion": 1]).status == .forbidden)
            #expect(try await api.request(.post, "\(base)/submission", token: specialist, json: ["expectedVersion": 1]).status == .ok)
            let review: [String: Any] = ["expectedVersion": 2, "decision": "approve"]
            #expect(try await api.request(.post, "\(base)/review", token: specialist, json: review).status == .forbidden)
            #expect(try await api.request(.post, "\(base)/review", token: clerk, json: review).status == .forbidden)
            #expect(try await api.request(.post, "\(base)/signature", token: specialist, json: ["expectedVersion": 2]).status == .forbidden)
            #expect(try await api.request(.post, "\(base)/issue", token: specialist, json: ["expectedVersion": 2]).status == .forbidden)

            var bad: [(String, APIResponse)] = [
                ("broken metadata", try await Self.draft(api, specialist, metadata: "{\"typeCode\": 5")),
                ("no metadata", try await Self.draft(api, specialist, metadata: nil)),
                ("no file", try await Self.draft(api, specialist, metadata: metadata, file: nil)),
                ("not a PDF", try await Self.draft(api, specialist, metadata: metadata, file: Array("plain text".utf8))),
                (
                    "unknown type",
                    try await Self.draft(api, specialist, metadata: metadata.replacingOccurrences(of: "\"CV\"", with: "\"XX\""))
                ),
                (
                    "no recipient",
                    try await Self.draft(
                        api, specialist, metadata: "{\"typeCode\":\"CV\",\"summary\":\"Về việc rà soát\",\"recipients\":[]}")
                ),
                ("bad key", try await Self.draft(api, specialist, metadata: metadata, headers: ["Idempotency-Key": "not a key!"])),
                ("bad status", try await api.request(.get, "/api/v1/documents/outgoing?status=lost", token: specialist)),
                ("bad limit", try await api.request(.get, "/api/v1/documents/outgoing?limit=0", token: specialist)),
                (
                    "bad decision",
                    try await api.request(
                        .post, "\(base)/review", token: specialist, json: ["expectedVersion": 2, "decision": "maybe"] as [String: Any])
                ),
                ("no version", try await api.request(.post, "\(base)/signature", token: specialist, json: [String: Int]())),
                ("broken JSON", try await api.request(.post, "\(base)/comments", token: specialist, raw: "{\"text\": ")),
                ("empty comment", try await api.request(.post, "\(base)/comments", token: specialist, json: ["text": "  "])),
            ]
            bad.append(
                ("not multipart", try await api.request(.post, "/api/v1/documents/outgoing", token: specialist, json: ["typeCode": "CV"])))
            for (name, answer) in bad {
                #expect((400..<500).contains(answer.status.code), "\(name): \(answer.status)")
                #expect(answer.errorMessages.vi?.isEmpty == false && answer.errorMessages.en?.isEmpty == false, "\(name): \(answer.text)")
            }
            #expect(bad.last?.1.status == .unsupportedMediaType)
            #expect(try await db.count("outgoing_documents") == 1)
        }
    }
}
