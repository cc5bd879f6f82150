import Foundation
import TestSupport
import Testing

/// The official documents' JSON API on both databases: a document's life (register, assign, complete) with the
/// same rules and audit lines as the pages, a retry that registers once, the register's search, and refusals.
@Suite("Official documents API")
struct DocumentAPITests {
    static let details: [String: String] = [
        "numberSymbol": "77/SYT-NVY", "typeCode": "CV", "documentDate": "2026-03-02", "issuer": "Sở Y tế",
        "summary": "Về việc tăng cường phòng chống dịch sốt xuất huyết", "urgency": "urgent", "confidentiality": "normal",
    ]

    @Test("register (a retry with the same key registers once), assign, complete; each change audited", arguments: Backend.available)
    func life(_ backend: Backend) async throws {
        try await withApp(backend, clock: TestClock(OfficialDocs.morning)) { api, db in
            let clerk = try await api.login("vanthu.ubnd")
            let created = try await api.request(
                .post, "/api/v1/documents", token: clerk, json: Self.details, headers: ["Idempotency-Key": "k-1"])
            #expect(created.status == .created, "\(created.text)")
            let id = try #require(created.json["id"] as? Int)
            #expect(created.json["number"] as? Int == 1)
            #expect(created.headers[.location] == "/api/v1/documents/\(id)")
            let again = try await api.request(
                .post, "/api/v1/documents", token: clerk, json: Self.details, headers: ["Idempotency-Key": "k-1"])
            #expect(again.status == .ok)
            #expect(again.json["id"] as? Int == id)
            #expect(try await OfficialDocs.integers(db, "SELECT COUNT(*) AS n FROM official_documents") == [1])

            let leader = try await api.login("lanhdao.ubnd")
            let lead = try await OfficialDocs.agencyId("STP", db)
            let assignment: [String: Any] = [
                "expectedVersion": 1, "leadAgencyId": lead, "instruction": "Sở Tư pháp chủ trì.", "workingDays": 5,
            ]
            let assigned = try await api.request(.post, "/api/v1/documents/\(id)/assignment", token: leader, json: assignment)
            #expect(assigned.status == .ok, "\(assigned.text)")
            #expect(assigned.json["status"] as? String == "assigned")
            #expect((assigned.json["assignment"] as? [String: Any])?["deadline"] as? String == "2026-03-12")
            let stale = try await api.request(.post, "/api/v1/documents/\(id)/assignment", token: leader, json: assignment)
            #expect(stale.status == .conflict)

            let specialist = try await api.login("chuyenvien.stp")
            let done = try await api.request(
                .post, "/api/v1/documents/\(id)/completion", token: specialist, json: ["expectedVersion": 2, "note": "Đã trả lời."])
            #expect(done.status == .ok, "\(done.text)")
            #expect(done.json["status"] as? String == "handled")
            let actions = try await OfficialDocs.integers(
                db, "SELECT COUNT(*) AS n FROM audit_log WHERE action LIKE 'officialDocument.%' AND target = '\(id)'")
            #expect(actions == [3])

            let stranger = try await api.login("chuyenvien.hacthanh")
            #expect(try await api.request(.get, "/api/v1/documents/\(id)", token: stranger).status == .notFound)
            #expect(try await api.request(.get, "/api/v1/documents/\(id)", token: specialist).status == .ok)
        }
    }

    @Test(
        "the register searched without diacritics and read by pages; bad input is a 400 in both languages, nothing stored",
        arguments: Backend.available)
    func searchAndRefusals(_ backend: Backend) async throws {
        try await withApp(backend, clock: TestClock(OfficialDocs.morning)) { api, db in
            let clerk = try await api.login("vanthu.ubnd")
            #expect(try await api.request(.post, "/api/v1/documents", token: clerk, json: Self.details).status == .created)
            let found = try await api.request(.get, "/api/v1/documents?direction=incoming&year=2026&q=sot+xuat+huyet", token: clerk)
            #expect((found.json["items"] as? [Any])?.count == 1)
            let none = try await api.request(.get, "/api/v1/documents?q=quyet+dinh", token: clerk)
            #expect((none.json["items"] as? [Any])?.count == 0)
            // A search word matches the words it begins; a number and symbol is words too ("77/SYT-NVY": 77, syt, nvy).
            for (q, count) in [("syt", 1), ("77/syt", 1), ("SYT-NVY", 1), ("huy+so+y", 1), ("uyet", 0), ("syt+xyz", 0)] {
                let answer = try await api.request(.get, "/api/v1/documents?q=\(q)", token: clerk)
                #expect((answer.json["items"] as? [Any])?.count == count, "q=\(q)")
            }
            #expect(try await api.request(.get, "/api/v1/documents?direction=sideways", token: clerk).status == .badRequest)
            #expect(try await api.request(.get, "/api/v1/documents?limit=500", token: clerk).status == .badRequest)

            // Pages: three documents, two a page.
            for _ in 0..<2 {
                #expect(try await api.request(.post, "/api/v1/documents", token: clerk, json: Self.details).status == .created)
            }
            let first = try await api.request(.get, "/api/v1/documents?limit=2", token: clerk)
            #expect((first.json["items"] as? [[String: Any]])?.map { $0["number"] as? Int } == [1, 2])
            #expect(first.json["nextAfter"] as? Int == 2)
            let last = try await api.request(.get, "/api/v1/documents?limit=2&after=2", token: clerk)
            #expect((last.json["items"] as? [[String: Any]])?.map { $0["number"] as? Int } == [3])
            #expect(last.json["nextAfter"] == nil)

            var future = Self.details
            future["documentDate"] = "2026-04-01"
            let refused = try await api.request(.post, "/api/v1/documents", token: clerk, json: future)
            #expect(refused.status == .badRequest)
            #expect(refused.errorMessages.vi?.isEmpty == false && refused.errorMessages.en?.isEmpty == false)
            let broken = try await api.request(.post, "/api/v1/documents", token: clerk, raw: "{\"numberSymbol\": 5")
            #expect(broken.status == .badRequest)
            let badKey = try await api.request(
                .post, "/api/v1/documents", token: clerk, json: Self.details, headers: ["Idempotency-Key": "not a key!"])
            #expect(badKey.status == .badRequest)
            let specialist = try await api.login("chuyenvien.stp")
            #expect(try await api.request(.post, "/api/v1/documents", token: specialist, json: Self.details).status == .forbidden)
            #expect(try await OfficialDocs.integers(db, "SELECT COUNT(*) AS n FROM official_documents") == [3])
        }
    }
}
