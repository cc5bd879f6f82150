import Foundation
import TestSupport
import Testing

/// Replies on both databases: a specialist of the lead unit drafts "Dự thảo văn bản trả lời" from an incoming document
/// assigned to it (addressed to the issuing agency, "Trả lời văn bản số …" in the summary); once issued, the incoming
/// document shows the reply's number and link, and the lead unit closes it citing the reply.
@Suite("Replies to incoming documents")
struct OutgoingReplyTests {
    @Test("reply drafted from an assigned incoming document, issued, shown on it, cited when it is closed", arguments: Backend.available)
    func reply(_ backend: Backend) async throws {
        try await withApp(backend, clock: TestClock(OfficialDocs.morning)) { api, db in
            let clerk = try await api.login("vanthu.ubnd")
            let leader = try await api.login("lanhdao.ubnd")
            let (registered, sent) = try await OfficialDocs.register(api, clerk, ["issuer": "Sở Y tế", "numberSymbol": "45/SYT-NVY"])
            let id = try #require(registered, "\(sent.status) \(sent.text.prefix(300))")
            #expect(try await OfficialDocs.assign(api, leader, id, lead: "STP", db: db).status == .seeOther)

            let specialist = try await api.login("chuyenvien.stp")
            let signer = try await api.login("lanhdao.stp")
            let page = try await api.request(.get, "/officer/van-ban/\(id)", token: specialist)
            let replyLink = "/officer/van-ban-di/soan?tra-loi=\(id)"
            #expect(page.text.contains("id=\"doc-reply\" href=\"\(replyLink)\""))
            let notLead = try await api.login("chuyenvien.ubnd")
            #expect(!(try await api.request(.get, "/officer/van-ban/\(id)", token: notLead)).text.contains("doc-reply"))
            #expect(try await api.request(.get, replyLink, token: notLead).status == .forbidden)

            let form = try await api.request(.get, replyLink, token: specialist)
            #expect(form.status == .ok)
            #expect(
                PageReading.text(id: "summary", in: form.text)?.hasPrefix("Trả lời văn bản số 45/SYT-NVY ngày 02/03/2026 của Sở Y tế")
                    == true)
            let syt = try await OfficialDocs.agencyId("SYT", db)
            #expect(form.text.contains("name=\"to-\(syt)\" value=\"1\" checked"))
            #expect(form.text.contains("name=\"replyTo\" value=\"\(id)\""))

            let stp = try await OfficialDocs.agencyId("STP", db)
            let summary = "Trả lời văn bản số 45/SYT-NVY của Sở Y tế"
            let (drafted, answer) = try await OutgoingDocs.draft(
                api, specialist, db: db, ["replyTo": String(id), "to-\(stp)": "-", "to-\(syt)": "1", "others": "-", "summary": summary])
            let reply = try #require(drafted, "\(answer.status) \(answer.text.prefix(300))")
            #expect(try await OfficialDocs.integers(db, "SELECT reply_to AS n FROM outgoing_documents") == [Int(id)])
            #expect(
                PageReading.inner(id: "doc-replies", in: (try await api.request(.get, "/officer/van-ban/\(id)", token: clerk)).text) == nil)
            for (token, step, version, fields) in [
                (specialist, "trinh", 1, [:]), (signer, "duyet", 2, ["decision": "approve"]), (signer, "ky", 3, [:]),
                (signer, "ban-hanh", 4, [:]),
            ] {
                #expect(try await OutgoingDocs.step(api, token, reply, step, version: version, fields).status == .seeOther, "\(step)")
            }

            let answered = try await api.request(.get, "/officer/van-ban/\(id)", token: specialist)
            let replies = try #require(PageReading.inner(id: "doc-replies", in: answered.text))
            #expect(replies.contains("<a href=\"/officer/van-ban-di/\(reply)\">1/STP</a>"))
            #expect(PageReading.text(id: "note", in: answered.text) == "Đã trả lời bằng văn bản số 1/STP.")
            let registering = try await api.request(.get, "/officer/van-ban/\(id)", token: clerk)
            #expect(PageReading.inner(id: "doc-replies", in: registering.text)?.contains("1/STP") == true)
            #expect(registering.text.contains("/officer/van-ban-di/\(reply)") == false, "another agency's draft is not linked")

            let closed = try await OfficialDocs.post(
                api, specialist, "/officer/van-ban/\(id)/hoan-thanh", ["expectedVersion": "2", "note": "Đã trả lời bằng văn bản số 1/STP."])
            #expect(closed.status == .seeOther, "\(closed.text.prefix(300))")
            let done = try await api.request(.get, "/api/v1/documents/\(id)", token: specialist)
            #expect(done.json["status"] as? String == "handled")
            #expect((done.json["handling"] as? [String: Any])?["note"] as? String == "Đã trả lời bằng văn bản số 1/STP.")
            #expect(try await api.request(.get, replyLink, token: specialist).status == .conflict)
        }
    }
}
