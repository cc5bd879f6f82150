import Foundation
import TestSupport
import Testing

/// Incoming documents through the officers' pages on both databases: the clerk registers with a
/// scan, the leader assigns, the lead unit closes; the register's search and CSV; numbers without
/// gap under concurrency; bad input and wrong roles refused.
@Suite("Official documents over HTTP")
struct OfficialDocumentHTTPTests {
    @Test(
        "register, assign, close: each step stored with its audit line; the scan served to the units concerned only",
        arguments: Backend.available)
    func life(_ backend: Backend) async throws {
        try await withApp(backend, clock: TestClock(OfficialDocs.morning)) { api, db in
            let clerk = try await api.login("vanthu.ubnd")
            let (registered, sent) = try await OfficialDocs.register(api, clerk)
            let id = try #require(registered, "\(sent.status) \(sent.text)")
            let created = try await api.request(.get, "/officer/van-ban/\(id)?new=1", token: clerk)
            #expect(created.status == .ok)
            #expect(PageReading.text(id: "doc-number", in: created.text) == "1")
            #expect(PageReading.text(id: "doc-status", in: created.text) == "Đã vào sổ, chờ phân công")

            let leader = try await api.login("lanhdao.ubnd")
            let awaiting = try await api.request(.get, "/officer/van-ban", token: leader)
            #expect(
                PageReading.ids(linkedAs: "/officer/van-ban/", in: PageReading.inner(id: "doc-awaiting", in: awaiting.text) ?? "") == [id])
            let assigned = try await OfficialDocs.assign(api, leader, id, lead: "STP", coordinating: ["SXD"], db: db)
            #expect(assigned.status == .seeOther, "\(assigned.text)")
            let after = try await api.request(.get, "/officer/van-ban", token: leader)
            #expect(PageReading.inner(id: "doc-awaiting", in: after.text)?.contains("/officer/van-ban/\(id)") == false)
            let page = try await api.request(.get, "/officer/van-ban/\(id)", token: leader)
            // Thursday 5 March 2026 plus 5 working days: Thursday 12 March.
            #expect(PageReading.text(id: "doc-deadline", in: page.text) == "12/03/2026")
            #expect(PageReading.text(id: "doc-lead", in: page.text)?.contains("Tư pháp") == true)

            let specialist = try await api.login("chuyenvien.stp")
            let inbox = try await api.request(.get, "/officer/van-ban", token: specialist)
            #expect(inbox.text.contains("/officer/van-ban/\(id)"))
            let closed = try await OfficialDocs.post(
                api, specialist, "/officer/van-ban/\(id)/hoan-thanh", ["expectedVersion": "2", "note": "Đã tham mưu văn bản trả lời."])
            #expect(closed.status == .seeOther, "\(closed.text)")
            let done = try await api.request(.get, "/officer/van-ban/\(id)", token: specialist)
            #expect(PageReading.text(id: "doc-status", in: done.text) == "Đã xử lý xong")
            #expect(PageReading.text(id: "doc-handling", in: done.text)?.hasPrefix("Đã tham mưu văn bản trả lời.") == true)

            let actions = try await OfficialDocs.integers(
                db, "SELECT COUNT(*) AS n FROM audit_log WHERE action LIKE 'officialDocument.%' AND target = '\(id)'")
            #expect(actions == [3])

            let fileId = try #require(PageReading.ids(linkedAs: "/officer/van-ban/\(id)/tep/", in: done.text).first)
            let scan = try await api.request(.get, "/officer/van-ban/\(id)/tep/\(fileId)", token: try await api.login("chuyenvien.sxd"))
            #expect(scan.status == .ok && scan.bytes == OfficialDocs.scan)
            let stranger = try await api.login("chuyenvien.hacthanh")
            #expect(try await api.request(.get, "/officer/van-ban/\(id)/tep/\(fileId)", token: stranger).status == .notFound)
            #expect(try await api.request(.get, "/officer/van-ban/\(id)", token: stranger).status == .notFound)
        }
    }

    @Test("search \"quyet dinh\" finds the Quyết định and not the Công văn; the CSV starts with the BOM", arguments: Backend.available)
    func searchAndCSV(_ backend: Backend) async throws {
        try await withApp(backend, clock: TestClock(OfficialDocs.morning)) { api, _ in
            let clerk = try await api.login("vanthu.ubnd")
            _ = try #require(try await OfficialDocs.register(api, clerk).id)
            _ = try #require(
                try await OfficialDocs.register(
                    api, clerk,
                    [
                        "numberSymbol": "45/SNV-VP", "typeCode": "CV", "summary": "Về việc cử cán bộ dự hội nghị trực tuyến",
                        "issuer": "Sở Nội vụ",
                    ]
                ).id)
            let all = try await api.request(.get, "/officer/so-van-ban/den/2026", token: clerk)
            #expect(PageReading.rows(id: "doc-register", in: all.text).count == 2)
            let found = try await api.request(.get, "/officer/so-van-ban/den/2026?q=quyet+dinh", token: clerk)
            let rows = PageReading.rows(id: "doc-register", in: found.text)
            #expect(rows.count == 1)
            #expect(rows.first?.contains("123/UBND-VX") == true)
            // Words in any order, each matched: "quyet 123 bo noi vu" is the Quyết định 123/UBND-VX of Bộ Nội vụ.
            let words = try await api.request(.get, "/officer/so-van-ban/den/2026?q=quyet+123+bo+noi+vu", token: clerk)
            #expect(PageReading.rows(id: "doc-register", in: words.text).map { $0.contains("123/UBND-VX") } == [true])
            let upper = try await api.request(.get, "/officer/so-van-ban/den/2026?q=H%E1%BB%98I+NGH%E1%BB%8A", token: clerk)
            #expect(PageReading.rows(id: "doc-register", in: upper.text).first?.contains("45/SNV-VP") == true)

            let english = try await api.request(.get, "/officer/so-van-ban/den/2026?lang=en", token: clerk)
            #expect(PageReading.text(id: "main", in: english.text)?.contains("Register of incoming documents, 2026") == true)
            #expect(PageReading.rows(id: "doc-register", in: english.text).first?.contains { $0.hasPrefix("Decision:") } == true)

            let csv = try await api.request(.get, "/officer/so-van-ban/den/2026/csv", token: clerk)
            #expect(csv.status == .ok)
            #expect(csv.headers[.contentType]?.hasPrefix("text/csv") == true)
            #expect(Array(csv.bytes.prefix(3)) == [0xEF, 0xBB, 0xBF])
            let lines = csv.text.split(separator: "\r\n")
            #expect(lines.count == 3)
            #expect(lines.first?.contains("Số đến") == true)
            #expect(lines.dropFirst().first?.hasPrefix("1,") == true)
        }
    }

    @Test("50 concurrent registrations in one register get the numbers 1 to 50: no gap, no duplicate", arguments: Backend.available)
    func concurrentNumbering(_ backend: Backend) async throws {
        try await withApp(backend, setup: .ahc()) { api, db in
            let clerk = try await api.login("vanthu.ubnd")
            let answers = try await withThrowingTaskGroup(of: (Int64?, APIResponse).self) { group in
                for i in 0..<50 {
                    group.addTask { try await OfficialDocs.register(api, clerk, ["numberSymbol": "\(i + 1)/UBND-VX"], scan: nil) }
                }
                return try await group.reduce(into: [(Int64?, APIResponse)]()) { $0.append($1) }
            }
            // This client follows the redirect: each answer is the new document's page with the number it was given.
            let given = answers.compactMap { PageReading.text(id: "doc-number", in: $0.1.text).flatMap { Int($0) } }
            #expect(given.sorted() == Array(1...50), "\(answers.first.map { "\($0.1.status) \($0.1.text.prefix(300))" } ?? "")")
            let numbers = try await OfficialDocs.integers(db, "SELECT number AS n FROM official_documents ORDER BY number")
            #expect(numbers == Array(1...50))
            #expect(try await OfficialDocs.integers(db, "SELECT last_number AS n FROM document_registers") == [50])
        }
    }

    @Test("the same form sent four times at once, then again, registers one document with one number", arguments: Backend.available)
    func doubleSubmission(_ backend: Backend) async throws {
        try await withApp(backend, clock: TestClock(OfficialDocs.morning), setup: .ahc()) { api, db in
            let clerk = try await api.login("vanthu.ubnd")
            let form = try await api.request(.get, "/officer/van-ban/vao-so", token: clerk)
            let key = try #require(Portal.hidden("submissionKey", in: form.text))
            // This client follows the redirect: each answer is the page of the document registered.
            func number(_ key: String) async throws -> String? {
                PageReading.text(id: "doc-number", in: try await OfficialDocs.register(api, clerk, ["submissionKey": key]).response.text)
            }
            let numbers = try await withThrowingTaskGroup(of: String?.self) { group in
                for _ in 0..<4 { group.addTask { try await number(key) } }
                return try await group.reduce(into: [String?]()) { $0.append($1) }
            }
            #expect(numbers == ["1", "1", "1", "1"])
            #expect(try await number(key) == "1")
            #expect(try await number(String(repeating: "b", count: 43)) == "2")
            #expect(try await OfficialDocs.integers(db, "SELECT number AS n FROM official_documents ORDER BY number") == [1, 2])
            #expect(try await OfficialDocs.integers(db, "SELECT last_number AS n FROM document_registers") == [2])
        }
    }

    @Test("bad input: 400 with the message in Vietnamese and English, the form kept, nothing stored", arguments: Backend.available)
    func badInput(_ backend: Backend) async throws {
        try await withApp(backend, clock: TestClock(OfficialDocs.morning)) { api, db in
            let clerk = try await api.login("vanthu.ubnd")
            let json = ["Accept": "application/json"]
            let (none, refused) = try await OfficialDocs.register(api, clerk, ["numberSymbol": "số 123"], headers: json)
            #expect(none == nil && refused.status == .badRequest)
            #expect(refused.errorCode == "officialDocument.badNumberSymbol")
            let (vi, en) = refused.errorMessages
            #expect(vi?.contains("Số, ký hiệu") == true && en?.contains("number and symbol") == true)
            for bad in [
                ["typeCode": "XX"], ["documentDate": "2026-03-06"], ["documentDate": "hôm qua"], ["summary": "abc"], ["urgency": "x"],
            ] {
                let (id, answer) = try await OfficialDocs.register(api, clerk, bad, headers: json)
                #expect(id == nil && answer.status == .badRequest, "\(bad): \(answer.status)")
                #expect(answer.errorMessages.vi?.isEmpty == false && answer.errorMessages.en?.isEmpty == false)
            }
            let (_, page) = try await OfficialDocs.register(api, clerk, ["summary": "abc"])
            #expect(page.status == .badRequest)
            #expect(PageReading.text(id: "doc-error", in: page.text)?.contains("trích yếu") == true)
            #expect(page.text.contains("Bộ Nội vụ"))
            let (_, text) = try await OfficialDocs.register(api, clerk, [:], scan: Array("not a scan".utf8), headers: json)
            #expect(text.status == .unsupportedMediaType && text.errorCode == "officialDocument.scanType")
            #expect(try await db.count("official_documents") == 0)

            let id = try #require(try await OfficialDocs.register(api, clerk).id)
            let leader = try await api.login("lanhdao.ubnd")
            let outsider = try await OfficialDocs.assign(api, leader, id, lead: "000.00.99.H56", db: db, headers: json)
            #expect(outsider.status == .badRequest && outsider.errorCode == "officialDocument.badUnit")
            let tooLong = try await OfficialDocs.assign(api, leader, id, lead: "STP", days: "200", db: db, headers: json)
            #expect(tooLong.status == .badRequest && tooLong.errorCode == "officialDocument.badDeadline")
            let stale = try await OfficialDocs.assign(api, leader, id, version: 7, lead: "STP", db: db, headers: json)
            #expect(stale.status == .conflict && stale.errorCode == "officialDocument.staleVersion")
            #expect(try await db.count("official_document_units") == 0)
        }
    }

    @Test(
        "wrong role: 403 for a leader registering, a clerk assigning, a coordinating unit closing; 404 for another agency",
        arguments: Backend.available)
    func wrongRole(_ backend: Backend) async throws {
        try await withApp(backend, clock: TestClock(OfficialDocs.morning)) { api, db in
            let json = ["Accept": "application/json"]
            let clerk = try await api.login("vanthu.ubnd")
            let leader = try await api.login("lanhdao.ubnd")
            let (none, refused) = try await OfficialDocs.register(api, leader, headers: json)
            #expect(none == nil && refused.status == .forbidden && refused.errorCode == "officialDocument.clerkOnly")
            #expect(try await api.request(.get, "/officer/van-ban/vao-so", token: leader).status == .forbidden)
            let id = try #require(try await OfficialDocs.register(api, clerk).id)
            let byClerk = try await OfficialDocs.assign(api, clerk, id, lead: "STP", db: db, headers: json)
            #expect(byClerk.status == .forbidden && byClerk.errorCode == "officialDocument.leaderOnly")
            let otherLeader = try await api.login("lanhdao.stp")
            #expect(try await OfficialDocs.assign(api, otherLeader, id, lead: "STP", db: db, headers: json).status == .notFound)
            #expect(try await OfficialDocs.assign(api, leader, id, lead: "STP", coordinating: ["SXD"], db: db).status == .seeOther)
            let coordinating = try await api.login("chuyenvien.sxd")
            let close = try await OfficialDocs.post(
                api, coordinating, "/officer/van-ban/\(id)/hoan-thanh", ["expectedVersion": "2", "note": "Xong"], headers: json)
            #expect(close.status == .forbidden && close.errorCode == "officialDocument.leadUnitOnly")
            let stranger = try await api.login("lanhdao.hacthanh")
            #expect(try await api.request(.get, "/officer/van-ban/\(id)", token: stranger).status == .notFound)
            let register = try await api.request(.get, "/officer/so-van-ban/den/2026", token: stranger)
            #expect(register.status == .ok && PageReading.rows(id: "doc-register", in: register.text).isEmpty)
            #expect(try await api.request(.get, "/officer/van-ban/\(id)", headers: json).status == .unauthorized)
        }
    }
}
