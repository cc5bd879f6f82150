import Foundation
import TestSupport
import Testing

/// The statutory slips (issue 18, item 2): each slip-issuing action stores its slip with the dossier in the
/// action's transaction, numbered as Appendix I of Circular 03/2025/TT-VPCP numbers the forms, and prints it.
@Suite("Dossier slips")
struct DossierSlipsTests {
    /// The slip page of `code` issued by event `sequence`, read as the desk.
    static func slip(_ api: APIClient, _ token: String, _ code: String, _ sequence: Int) async throws -> String {
        let page = try await api.request(.get, "/officer/dossiers/\(code)/slips/\(sequence)", token: token)
        #expect(page.status == .ok, "slip \(sequence) of \(code): \(page.status)")
        return page.text
    }

    @Test("supplement request (02), apology with the new date (04) and stop notice (05), each on its action", arguments: Backend.available)
    func slipsOfOneDossier(_ backend: Backend) async throws {
        let clock = TestClock("2026-03-02T09:00:00+07:00")
        try await withApp(backend, clock: clock) { api, db in
            let desk = try await api.login("tiepnhan.hacthanh")
            let leader = try await api.login("lanhdao.hacthanh")
            let specialistId = try await api.officerId("chuyenvien.hacthanh")
            var (code, v) = try await api.receive(desk, Fixtures.receipt("1.000689"))  // due Thu 5 Mar
            let missing = "Thiếu bản sao giấy tờ nhà"
            v = try await api.must(desk, code, "requestSupplementAtReception", version: v, extra: ["note": missing])
            #expect(try await db.count("dossier_slips") == 1)
            let supplement = try await Self.slip(api, desk, code, 2)
            #expect(PageReading.text(id: "slip-title", in: supplement) == "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ")
            #expect(PageReading.text(id: "slip-form", in: supplement)?.hasPrefix("Mẫu số 02 · Thông tư 03/2025/TT-VPCP") == true)
            #expect(PageReading.text(id: "slip-reason", in: supplement) == missing)
            #expect(PageReading.text(id: "slip-number", in: supplement) == "2/\(code)")
            #expect(PageReading.text(id: "slip-issuer", in: supplement) == "Bộ phận Một cửa Phường Hạc Thành")
            #expect(PageReading.text(id: "dossier-code", in: supplement) == code)
            // The dossier page lists it.
            let page = try await api.request(.get, "/officer/dossiers/\(code)", token: desk)
            #expect(PageReading.inner(id: "dossier-slips", in: page.text)?.contains("/officer/dossiers/\(code)/slips/2") == true)

            v = try await api.must(desk, code, "supplement", version: v)
            v = try await api.must(desk, code, "forward", version: v)
            v = try await api.must(leader, code, "assign", version: v, extra: ["assigneeId": specialistId])
            // A refused action issues nothing: a stale version leaves the slips as they were.
            let stale = try await api.act(leader, code, "apologize", version: v - 1, extra: ["newDueDate": "2026-03-10", "note": "x"])
            #expect(stale.status == .conflict)
            #expect(try await db.count("dossier_slips") == 1)

            clock.set("2026-03-04T16:00:00+07:00")
            v = try await api.must(
                leader, code, "apologize", version: v, extra: ["newDueDate": "2026-03-10", "note": "Chờ xác minh thông tin"])
            let apology = try await Self.slip(api, desk, code, 6)
            #expect(PageReading.text(id: "slip-title", in: apology) == "PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ")
            #expect(PageReading.text(id: "slip-form", in: apology)?.hasPrefix("Mẫu số 04") == true)
            #expect(PageReading.text(id: "slip-new-due", in: apology) == "10/03/2026")
            #expect(PageReading.text(id: "slip-issuer", in: apology) == "Ủy ban nhân dân Phường Hạc Thành")
            #expect(PageReading.text(id: "slip-reason", in: apology) == "Chờ xác minh thông tin")

            _ = try await api.must(leader, code, "stop", version: v, extra: ["note": "Người nộp đề nghị dừng giải quyết"])
            let stop = try await Self.slip(api, desk, code, 7)
            #expect(PageReading.text(id: "slip-title", in: stop) == "THÔNG BÁO DỪNG GIẢI QUYẾT HỒ SƠ")
            #expect(PageReading.text(id: "slip-form", in: stop)?.hasPrefix("Mẫu số 05") == true)
            #expect(PageReading.text(id: "slip-signer", in: stop)?.isEmpty == false)
            #expect(try await db.count("dossier_slips") == 3)
            // An event that issued no slip (the forward) has none to show.
            let none = try await api.request(.get, "/officer/dossiers/\(code)/slips/4", token: desk)
            #expect(none.status == .notFound)
        }
    }

    @Test(
        "a refusal at reception issues the refusal slip (03) with its reason; English prints the English title",
        arguments: Backend.available)
    func refusal(_ backend: Backend) async throws {
        try await withApp(backend) { api, db in
            let desk = try await api.login("tiepnhan.hacthanh")
            let (code, v) = try await api.receive(desk)
            _ = try await api.must(desk, code, "refuseReception", version: v, extra: ["note": "Không thuộc thẩm quyền của xã"])
            let refusal = try await Self.slip(api, desk, code, 2)
            #expect(PageReading.text(id: "slip-title", in: refusal) == "PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ")
            #expect(PageReading.text(id: "slip-form", in: refusal)?.hasPrefix("Mẫu số 03") == true)
            #expect(PageReading.text(id: "slip-reason", in: refusal) == "Không thuộc thẩm quyền của xã")
            #expect(PageReading.text(id: "slip-applicant", in: refusal) == "Nguyễn Văn An")
            let english = try await api.request(.get, "/officer/dossiers/\(code)/slips/2?lang=en", token: desk)
            #expect(PageReading.text(id: "slip-title", in: english.text) == "REFUSAL TO RECEIVE AND PROCESS THE DOSSIER")
            // Another agency's officer cannot read it.
            let other = try await api.request(.get, "/officer/dossiers/\(code)/slips/2", token: try await api.login("tiepnhan.quangphu"))
            #expect(other.status == .notFound)
            #expect(try await db.count("dossier_slips") == 1)
        }
    }
}
