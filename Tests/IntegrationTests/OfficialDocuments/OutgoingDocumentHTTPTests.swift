import Foundation
import TestSupport
import Testing

/// Outgoing documents through the officers' pages on both databases: a specialist drafts, the
/// head of unit reviews, the signer signs with the agency's key, the clerk issues: numbered in the
/// outgoing register and delivered at once to the recipient agency's incoming register; outside
/// recipients left to send; the signature verified by the verification API and by openssl.
@Suite("Outgoing documents over HTTP")
struct OutgoingDocumentHTTPTests {
    @Test(
        "draft, comment, review, sign, issue: numbered at issue, delivered to the other agency's incoming register, verifiable",
        arguments: Backend.available)
    func life(_ backend: Backend) async throws {
        try await withApp(backend, clock: TestClock(OfficialDocs.morning)) { api, db in
            let specialist = try await api.login("chuyenvien.ubnd")
            let leader = try await api.login("lanhdao.ubnd")
            let clerk = try await api.login("vanthu.ubnd")
            let file = OutgoingDocs.pdf("life")
            let (drafted, sent) = try await OutgoingDocs.draft(api, specialist, db: db, file: file)
            let id = try #require(drafted, "\(sent.status) \(sent.text.prefix(300))")
            let page = try await api.request(.get, "/officer/van-ban-di/\(id)", token: specialist)
            #expect(PageReading.text(id: "out-status", in: page.text) == "Đang soạn thảo")

            let comment = try await OutgoingDocs.step(api, leader, id, "y-kien", version: 1, ["comment": "Bổ sung căn cứ pháp lý."])
            #expect(comment.status == .seeOther)
            #expect(try await OutgoingDocs.step(api, specialist, id, "trinh", version: 1).status == .seeOther)
            let review = try await api.request(.get, "/officer/van-ban-di", token: leader)
            #expect(PageReading.inner(id: "out-inReview", in: review.text)?.contains("/officer/van-ban-di/\(id)") == true)
            #expect(try await OutgoingDocs.step(api, leader, id, "duyet", version: 2, ["decision": "approve"]).status == .seeOther)
            #expect(try await OutgoingDocs.step(api, leader, id, "ky", version: 3).status == .seeOther)
            let signed = try await api.request(.get, "/officer/van-ban-di/\(id)", token: clerk)
            #expect(PageReading.text(id: "out-status", in: signed.text) == "Đã ký, chờ cấp số và ban hành")
            #expect(PageReading.text(id: "out-signer", in: signed.text)?.hasPrefix("Lê Văn Chỉ") == true)
            #expect(PageReading.text(id: "out-number", in: signed.text) == nil, "no number before issue")
            #expect(try await db.count("official_documents") == 0)

            let issued = try await OutgoingDocs.step(api, clerk, id, "ban-hanh", version: 4)
            #expect(issued.status == .seeOther, "\(issued.text.prefix(300))")
            let done = try await api.request(.get, "/officer/van-ban-di/\(id)", token: clerk)
            #expect(PageReading.text(id: "out-number", in: done.text) == "1/UBND")
            #expect(PageReading.text(id: "out-status", in: done.text) == "Đã ban hành")
            let recipients = PageReading.text(id: "out-recipients", in: done.text) ?? ""
            #expect(recipients.contains("Đã vào sổ văn bản đến") && recipients.contains("Chờ gửi qua trục liên thông"))
            #expect(
                try await OutgoingDocs.strings(db, "SELECT delivery AS s FROM outgoing_recipients ORDER BY position")
                    == ["delivered", "toSend"])

            // The Sở Tư pháp has it in its incoming register at once, with the signed file.
            let stp = try await api.login("lanhdao.stp")
            let inbox = try await api.request(.get, "/officer/van-ban", token: stp)
            let incoming = try #require(
                PageReading.ids(linkedAs: "/officer/van-ban/", in: PageReading.inner(id: "doc-awaiting", in: inbox.text) ?? "").first)
            let entry = try await api.request(.get, "/officer/van-ban/\(incoming)", token: stp)
            #expect(entry.text.contains("1/UBND") && PageReading.text(id: "doc-number", in: entry.text) == nil)
            let fileId = try #require(PageReading.ids(linkedAs: "/officer/van-ban/\(incoming)/tep/", in: entry.text).first)
            #expect(try await api.request(.get, "/officer/van-ban/\(incoming)/tep/\(fileId)", token: stp).bytes == file)
            #expect(try await OfficialDocs.integers(db, "SELECT last_number AS n FROM document_registers ORDER BY direction") == [1, 1])
            // The issuing agency's own entry is complete: nothing for its leader to assign.
            let own = try await api.request(.get, "/officer/van-ban", token: leader)
            #expect(PageReading.ids(linkedAs: "/officer/van-ban/", in: PageReading.inner(id: "doc-awaiting", in: own.text) ?? "").isEmpty)

            let actions = try await OutgoingDocs.strings(
                db, "SELECT action AS s FROM audit_log WHERE action LIKE 'outgoing.%' AND target = '\(id)' ORDER BY id")
            #expect(
                actions == [
                    "outgoing.draft", "outgoing.comment", "outgoing.submit", "outgoing.approve", "outgoing.sign", "outgoing.issue",
                    "outgoing.deliver",
                ])

            // Anyone verifies the file: on the verification API, and offline with openssl.
            let report = try await api.request(.post, "/api/v1/results/verify", bytes: file, headers: ["Content-Type": "application/pdf"])
            #expect(report.json["outcome"] as? String == "valid")
            #expect(report.json["code"] as? String == "1/UBND")
            var altered = file
            altered[10] ^= 1
            let unknown = try await api.request(
                .post, "/api/v1/results/verify", bytes: altered, headers: ["Content-Type": "application/pdf"])
            #expect(unknown.json["outcome"] as? String == "unknown")
            let chain = try #require(report.json["certificateChain"] as? [String])
            let signature = try #require(report.json[path: "signature.signature"] as? String)
            #expect(try OpenSSL.verify(file: file, signature: signature, chain: chain) == "Verified OK")
            #expect(try OpenSSL.verify(file: altered, signature: signature, chain: chain) != "Verified OK")
        }
    }

    @Test(
        "who acts: 404 for an officer of another agency; 403 for the wrong role at each step; 409 for a step out of turn",
        arguments: Backend.available)
    func roles(_ backend: Backend) async throws {
        try await withApp(backend, clock: TestClock(OfficialDocs.morning)) { api, db in
            let json = ["Accept": "application/json"]
            let specialist = try await api.login("chuyenvien.ubnd")
            let leader = try await api.login("lanhdao.ubnd")
            let clerk = try await api.login("vanthu.ubnd")
            let (none, byClerk) = try await OutgoingDocs.draft(api, clerk, db: db, headers: json)
            #expect(none == nil && byClerk.status == .forbidden && byClerk.errorCode == "outgoing.drafterOnly")
            let id = try #require(try await OutgoingDocs.draft(api, specialist, db: db).id)
            let stranger = try await api.login("chuyenvien.stp")
            let strangerLeader = try await api.login("lanhdao.stp")
            #expect(try await api.request(.get, "/officer/van-ban-di/\(id)", token: stranger).status == .notFound)
            #expect(try await api.request(.get, "/officer/van-ban-di/\(id)/tep", token: stranger).status == .notFound)
            #expect(
                try await OutgoingDocs.step(api, stranger, id, "y-kien", version: 1, ["comment": "x"], headers: json).status == .notFound)
            let list = try await api.request(.get, "/officer/van-ban-di", token: strangerLeader)
            #expect(!list.text.contains("/officer/van-ban-di/\(id)"))

            let notDrafter = try await OutgoingDocs.step(api, leader, id, "trinh", version: 1, headers: json)
            #expect(notDrafter.status == .forbidden && notDrafter.errorCode == "outgoing.drafterOnly")
            let early = try await OutgoingDocs.step(api, leader, id, "ky", version: 1, headers: json)
            #expect(early.status == .conflict && early.errorCode == "outgoing.wrongStatus")
            #expect(try await OutgoingDocs.step(api, specialist, id, "trinh", version: 1).status == .seeOther)
            let selfReview = try await OutgoingDocs.step(api, specialist, id, "duyet", version: 2, ["decision": "approve"], headers: json)
            #expect(selfReview.status == .forbidden && selfReview.errorCode == "outgoing.reviewerOnly")
            #expect(
                try await OutgoingDocs.step(api, strangerLeader, id, "duyet", version: 2, ["decision": "approve"], headers: json).status
                    == .notFound)
            // Returned with a comment, submitted again, approved.
            #expect(
                try await OutgoingDocs.step(api, leader, id, "duyet", version: 2, ["decision": "return", "comment": "Sửa"]).status
                    == .seeOther)
            #expect(try await OutgoingDocs.step(api, specialist, id, "trinh", version: 3).status == .seeOther)
            #expect(try await OutgoingDocs.step(api, leader, id, "duyet", version: 4, ["decision": "approve"]).status == .seeOther)
            let clerkSigns = try await OutgoingDocs.step(api, clerk, id, "ky", version: 5, headers: json)
            #expect(clerkSigns.status == .forbidden && clerkSigns.errorCode == "outgoing.signerOnly")
            #expect(try await OutgoingDocs.step(api, strangerLeader, id, "ky", version: 5, headers: json).status == .notFound)
            #expect(try await OutgoingDocs.step(api, leader, id, "ky", version: 5).status == .seeOther)
            let specialistIssues = try await OutgoingDocs.step(api, specialist, id, "ban-hanh", version: 6, headers: json)
            #expect(specialistIssues.status == .forbidden && specialistIssues.errorCode == "outgoing.issuerOnly")
            #expect(try await OutgoingDocs.step(api, strangerLeader, id, "ban-hanh", version: 6, headers: json).status == .notFound)
            let stale = try await OutgoingDocs.step(api, leader, id, "ban-hanh", version: 5, headers: json)
            #expect(stale.status == .conflict && stale.errorCode == "outgoing.staleVersion")
            #expect(try await db.count("official_documents") == 0, "a refused issue takes no number")
            #expect(try await OutgoingDocs.step(api, leader, id, "ban-hanh", version: 6).status == .seeOther)
            #expect(try await db.count("official_documents") == 2)
        }
    }

    @Test("bad input: 4xx with the message in Vietnamese and English, nothing stored", arguments: Backend.available)
    func badInput(_ backend: Backend) async throws {
        try await withApp(backend, clock: TestClock(OfficialDocs.morning)) { api, db in
            let json = ["Accept": "application/json"]
            let specialist = try await api.login("chuyenvien.ubnd")
            let stp = try await OfficialDocs.agencyId("STP", db)
            let ubnd = try await OfficialDocs.agencyId("UBND", db)
            for (bad, code) in [
                (["to-\(stp)": "-", "others": "-"], "outgoing.badRecipients"), (["typeCode": "XX"], "officialDocument.badType"),
                (["summary": "abc"], "officialDocument.badSummary"), (["to-\(ubnd)": "1"], "outgoing.badRecipients"),
                (["others": "Bộ Nội vụ | mã có dấu"], "outgoing.badIdentifier"), (["to-nowhere": "1"], "outgoing.badRecipients"),
            ] {
                let (id, answer) = try await OutgoingDocs.draft(api, specialist, db: db, bad, headers: json)
                #expect(
                    id == nil && answer.status == .badRequest && answer.errorCode == code,
                    "\(bad): \(answer.status) \(answer.errorCode ?? "")")
                #expect(answer.errorMessages.vi?.isEmpty == false && answer.errorMessages.en?.isEmpty == false)
            }
            let (_, noFile) = try await OutgoingDocs.draft(api, specialist, db: db, file: nil, headers: json)
            #expect(noFile.status == .badRequest && noFile.errorCode == "outgoing.fileRequired")
            let (_, notPDF) = try await OutgoingDocs.draft(api, specialist, db: db, file: Array("plain text".utf8), headers: json)
            #expect(notPDF.status == .unsupportedMediaType && notPDF.errorCode == "outgoing.fileType")
            let (_, page) = try await OutgoingDocs.draft(api, specialist, db: db, ["summary": "abc"])
            #expect(page.status == .badRequest && PageReading.text(id: "out-error", in: page.text)?.contains("trích yếu") == true)
            #expect(try await db.count("outgoing_documents") == 0)
            #expect(try await db.count("documents") == 0)
            let id = try #require(try await OutgoingDocs.draft(api, specialist, db: db).id)
            let decision = try await OutgoingDocs.step(api, specialist, id, "y-kien", version: 1, ["comment": "  "], headers: json)
            #expect(decision.status == .badRequest && decision.errorCode == "outgoing.badComment")
            #expect(try await api.request(.get, "/officer/van-ban-di/abc", token: specialist, headers: json).status == .notFound)
        }
    }

    @Test(
        "50 concurrent issues in one register get 50 distinct consecutive numbers, and so do the recipient's", arguments: Backend.available)
    func concurrentIssues(_ backend: Backend) async throws {
        try await withApp(backend, clock: TestClock(OfficialDocs.morning), setup: .ahc()) { api, db in
            var ids: [Int64] = []
            for i in 0..<50 { ids.append(try await OutgoingDocs.signed(api, db: db, file: OutgoingDocs.pdf("\(i)"))) }
            let leader = try await api.login("lanhdao.ubnd")
            let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
                for id in ids { group.addTask { Int(try await OutgoingDocs.step(api, leader, id, "ban-hanh", version: 4).status.code) } }
                return try await group.reduce(into: [Int]()) { $0.append($1) }
            }
            // This client follows the redirect: each answer is the issued document's page.
            #expect(statuses.allSatisfy { $0 == 200 }, "\(statuses)")
            let symbols = try await OutgoingDocs.strings(db, "SELECT number_symbol AS s FROM outgoing_documents")
            #expect(Set(symbols) == Set((1...50).map { "\($0)/UBND" }))
            let numbers = try await OfficialDocs.integers(
                db,
                """
                SELECT d.number AS n FROM official_documents d JOIN document_registers r ON r.id = d.register_id
                WHERE r.direction = 'outgoing' ORDER BY d.number
                """)
            #expect(numbers == Array(1...50))
            let arrivals = try await OfficialDocs.integers(
                db,
                """
                SELECT d.number AS n FROM official_documents d JOIN document_registers r ON r.id = d.register_id
                WHERE r.direction = 'incoming' ORDER BY d.number
                """)
            #expect(arrivals == Array(1...50))
        }
    }
}
