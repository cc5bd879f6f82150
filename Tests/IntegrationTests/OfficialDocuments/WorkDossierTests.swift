import Foundation
import TestSupport
import Testing

/// Work dossiers on both databases: officers open one per task, file their agency's documents in it
/// and close it; the dashboard shows the share closed fully online against the province's targets.
@Suite("Work dossiers")
struct WorkDossierTests {
    /// Opens a dossier through the form; its id, or nil when refused.
    static func open(_ api: APIClient, _ token: String, _ title: String, headers: [String: String] = [:]) async throws
        -> (id: Int64?, response: APIResponse)
    {
        let answer = try await OfficialDocs.post(api, token, "/officer/ho-so-cong-viec", ["title": title], headers: headers)
        let id = (answer.headers[.location] ?? "").split(separator: "/").last.flatMap { Int64($0) }
        return (answer.status == .seeOther ? id : nil, answer)
    }

    static func file(_ api: APIClient, _ token: String, _ id: Int64, _ document: Int64, headers: [String: String] = [:]) async throws
        -> APIResponse
    {
        try await OfficialDocs.post(
            api, token, "/officer/ho-so-cong-viec/\(id)/van-ban", ["documentId": String(document)], headers: headers)
    }

    static func close(_ api: APIClient, _ token: String, _ id: Int64, version: Int, headers: [String: String] = [:]) async throws
        -> APIResponse
    {
        try await OfficialDocs.post(
            api, token, "/officer/ho-so-cong-viec/\(id)/dong", ["expectedVersion": String(version)], headers: headers)
    }

    @Test(
        "closed with every incoming document handled: fully online; with one pending: not; the share per agency against its target",
        arguments: Backend.available)
    func shareOnline(_ backend: Backend) async throws {
        try await withApp(backend, clock: TestClock(OfficialDocs.morning)) { api, db in
            let admin = try await api.login("quantri")
            let empty = try await api.request(.get, "/officer/dieu-hanh", token: admin)
            #expect(PageReading.text(id: "ops-no-online-work", in: empty.text) == "Chưa có hồ sơ công việc nào được đóng trong năm.")
            #expect(PageReading.text(id: "ops-online-work-source", in: empty.text)?.contains("17/NQ-CP") == true)

            let clerk = try await api.login("vanthu.ubnd")
            let leader = try await api.login("lanhdao.ubnd")
            let specialist = try await api.login("chuyenvien.ubnd")
            let handled = try #require(try await OfficialDocs.register(api, clerk).id)
            #expect(try await OfficialDocs.assign(api, leader, handled, lead: "UBND", db: db).status == .seeOther)
            let closed = try await OfficialDocs.post(
                api, specialist, "/officer/van-ban/\(handled)/hoan-thanh", ["expectedVersion": "2", "note": "Đã trả lời."])
            #expect(closed.status == .seeOther)
            let pending = try #require(try await OfficialDocs.register(api, clerk, ["numberSymbol": "2/UBND-VX"]).id)
            let draft = try await OutgoingDocs.signed(api, db: db, file: OutgoingDocs.pdf("work"))
            #expect(try await OutgoingDocs.step(api, leader, draft, "ban-hanh", version: 4).status == .seeOther)
            let issued = try #require(
                try await OfficialDocs.integers(db, "SELECT register_document_id AS n FROM outgoing_documents").first)
            let delivered = try #require(
                try await OfficialDocs.integers(
                    db, "SELECT incoming_document_id AS n FROM outgoing_recipients WHERE delivery = 'delivered'"
                )
                .first)

            let (opened, answer) = try await Self.open(api, specialist, "Rà soát thủ tục hành chính năm 2026")
            let online = try #require(opened, "\(answer.status) \(answer.text.prefix(200))")
            #expect(try await Self.file(api, specialist, online, Int64(issued)).status == .seeOther)
            #expect(try await Self.file(api, leader, online, handled).status == .seeOther)
            let json = ["Accept": "application/json"]
            // The copy delivered to the Department of Justice is not the committee's to file.
            let foreign = try await Self.file(api, specialist, online, Int64(delivered), headers: json)
            #expect(foreign.status == .notFound)
            #expect(try await Self.close(api, specialist, online, version: 3).status == .seeOther)
            let page = try await api.request(.get, "/officer/ho-so-cong-viec/\(online)", token: leader)
            #expect(PageReading.text(id: "wd-status", in: page.text) == "Đã đóng, xử lý hoàn toàn trên mạng")
            #expect(PageReading.text(id: "wd-documents", in: page.text)?.contains("1/UBND") == true)
            let late = try await Self.file(api, specialist, online, pending, headers: json)
            #expect(late.status == .conflict && late.errorCode == "workDossier.closed")

            let other = try #require(try await Self.open(api, leader, "Hội nghị trực tuyến").id)
            let refused = try await Self.close(api, leader, other, version: 1, headers: json)
            #expect(refused.status == .conflict && refused.errorCode == "workDossier.empty")
            #expect(try await Self.file(api, leader, other, pending).status == .seeOther)
            #expect(try await Self.close(api, leader, other, version: 2).status == .seeOther)
            let second = try await api.request(.get, "/officer/ho-so-cong-viec/\(other)", token: leader)
            #expect(PageReading.text(id: "wd-status", in: second.text) == "Đã đóng (có văn bản chưa xử lý trên mạng)")

            let dashboard = try await api.request(.get, "/officer/dieu-hanh", token: admin)
            let rows = PageReading.rows(id: "ops-online-work", in: dashboard.text)
            #expect(rows.count == 1, "\(rows)")
            let cells = rows.first ?? []
            #expect(cells.count == 5 && cells[1] == "2" && cells[2] == "1", "\(rows)")
            #expect(
                cells.count == 5 && cells[3].hasPrefix("50,0") && cells[4].hasPrefix("90,0") && cells[4].hasSuffix("Chưa đạt"), "\(rows)")
            #expect(
                try await OfficialDocs.integers(db, "SELECT COUNT(*) AS n FROM audit_log WHERE action LIKE 'workDossier.%'") == [7])
        }
    }

    @Test(
        "bad input and other agencies: 400 with both languages, 403 for the receiving desk, 404 for another agency",
        arguments: Backend.available)
    func refusals(_ backend: Backend) async throws {
        try await withApp(backend, clock: TestClock(OfficialDocs.morning)) { api, db in
            let json = ["Accept": "application/json"]
            let specialist = try await api.login("chuyenvien.ubnd")
            let (none, short) = try await Self.open(api, specialist, "ab", headers: json)
            #expect(none == nil && short.status == .badRequest && short.errorCode == "workDossier.badTitle")
            #expect(short.errorMessages.vi?.isEmpty == false && short.errorMessages.en?.isEmpty == false)
            let page = try await Self.open(api, specialist, "ab").response
            #expect(page.status == .badRequest && PageReading.text(id: "wd-error", in: page.text)?.contains("tên hồ sơ") == true)
            let desk = try await Self.open(api, try await api.login("tiepnhan.hacthanh"), "Hồ sơ của bộ phận một cửa", headers: json)
            #expect(desk.response.status == .forbidden && desk.response.errorCode == "workDossier.officerOnly")
            let id = try #require(try await Self.open(api, specialist, "Kế hoạch chuyển đổi số").id)
            let bad = try await OfficialDocs.post(
                api, specialist, "/officer/ho-so-cong-viec/\(id)/van-ban", ["documentId": "x"], headers: json)
            #expect(bad.status == .badRequest && bad.errorCode == "workDossier.badDocument")
            #expect(try await Self.file(api, specialist, id, 999_999, headers: json).status == .notFound)
            let stranger = try await api.login("chuyenvien.stp")
            #expect(try await api.request(.get, "/officer/ho-so-cong-viec/\(id)", token: stranger).status == .notFound)
            #expect(try await Self.close(api, stranger, id, version: 1, headers: json).status == .notFound)
            let list = try await api.request(.get, "/officer/ho-so-cong-viec", token: stranger)
            #expect(list.status == .ok && !list.text.contains("/officer/ho-so-cong-viec/\(id)"))
            #expect(try await db.count("work_dossier_documents") == 0)
        }
    }
}
