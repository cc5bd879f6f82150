import Foundation
import TestSupport
import Testing

/// The counter's checklist (issue 18, item 3): each component of the procedure received or not, with its
/// originals, copies and scan; the receipt (Mẫu số 01) prints only what was received; a required component
/// missing is refused with the list of what is missing, in Vietnamese and English.
@Suite("Counter checklist")
struct CounterChecklistTests {
    /// Guardianship registration: received on paper (birth registration is online-only since Directive 24/CT-TTg),
    /// two required components, then three conditional ones (power of attorney, identity papers, residence).
    static let procedure = "1.004837"

    /// The counter form's fields for a guardianship registration, with the checklist rows given.
    static func form(_ rows: [Int: (originals: Int, copies: Int, scanned: Bool)], key: String) -> [String: String] {
        var fields = [
            "formKey": key, "procedureCode": Self.procedure, "channel": "counter", "fullName": "Lê Thị Hoa",
            "idNumber": "038190004321", "phone": "0987654321", "address": "Số 9 Trần Phú, phường Hạc Thành",
        ]
        for (i, row) in rows {
            let field = "c.\(Self.procedure).\(i)"
            fields["\(field).received"] = "yes"
            fields["\(field).originals"] = String(row.originals)
            fields["\(field).copies"] = String(row.copies)
            if row.scanned { fields["\(field).scanned"] = "yes" }
        }
        return fields
    }

    /// A well-formed form key (43 URL-safe characters) ending in `suffix`.
    static func key(_ suffix: String) -> String { String(repeating: "k", count: 43 - suffix.count) + suffix }

    @Test(
        "the form marks conditional components and leaves them unticked; the receipt lists only what was received",
        arguments: Backend.available)
    func receiptListsReceived(_ backend: Backend) async throws {
        try await withApp(backend) { api, db in
            let desk = try await PageSnapshotTests.officer(api, "tiepnhan.hacthanh")
            let page = try await desk.get("/officer/receive")
            #expect(page.status == .ok)
            let required = try #require(PageReading.inner(id: "c-1-004837-0", in: page.text))
            #expect(required.contains("checked") && !required.contains("badge"))
            let attorney = try #require(PageReading.inner(id: "c-1-004837-2", in: page.text))
            #expect(attorney.contains("Tùy trường hợp"))
            #expect(!attorney.contains("value=\"yes\" checked"), "a conditional component is ticked by default")

            let sent = try await desk.post("/officer/receive", Self.form([0: (1, 0, false), 1: (1, 2, true)], key: Self.key("0001")))
            #expect(
                sent.status == .seeOther || sent.status == .found,
                "\(sent.status) \(PageReading.text(id: "receive-error", in: sent.text) ?? "")")
            let receiptPath = try #require(sent.headers[.location])
            let receipt = try await desk.get(receiptPath)
            #expect(receipt.status == .ok)
            let items = try #require(PageReading.inner(id: "receipt-documents", in: receipt.text)).components(separatedBy: "<li>")
                .dropFirst()
            #expect(items.count == 2, "the receipt lists \(items.count) components")
            #expect(items.first?.contains("1 bản chính, 0 bản sao") == true && items.first?.contains("đã scan") == false)
            #expect(items.last?.contains("Văn bản cử người giám hộ") == true)
            #expect(items.last?.contains("1 bản chính, 2 bản sao") == true && items.last?.contains("(đã scan)") == true)
            #expect(!receipt.text.contains("Văn bản ủy quyền") && !receipt.text.contains("Hộ chiếu"))
            #expect(receipt.text.contains("Mẫu số 01"))
            #expect(try await db.count("dossier_components") == 2)
        }
    }

    @Test("a required component missing is a 400 naming it in Vietnamese and English; nothing is stored", arguments: Backend.available)
    func missingRequired(_ backend: Backend) async throws {
        try await withApp(backend) { api, db in
            let desk = try await PageSnapshotTests.officer(api, "tiepnhan.hacthanh")
            _ = try await desk.get("/officer/receive")
            let refused = try await desk.post("/officer/receive", Self.form([0: (1, 0, false)], key: Self.key("0002")))
            #expect(refused.status == .badRequest)
            let alert = PageReading.text(id: "receive-error", in: refused.text) ?? refused.text
            #expect(alert.contains("còn thiếu thành phần bắt buộc") && alert.contains("Văn bản cử người giám hộ"))
            // The refused form keeps what was ticked, and the conditional rows stay unticked.
            #expect(PageReading.inner(id: "c-1-004837-1", in: refused.text)?.contains("value=\"yes\" checked") == false)

            let zero = try await desk.post("/officer/receive", Self.form([0: (1, 0, false), 1: (0, 0, false)], key: Self.key("0003")))
            #expect(zero.status == .badRequest)

            // The API: the same rule, the English message names the English component.
            var body = Fixtures.receipt(Self.procedure)
            body["components"] = [["requirement": 1, "originals": 1, "copies": 0, "scanned": false]]
            let api400 = try await api.request(.post, "/api/v1/dossiers", token: try await api.login("tiepnhan.hacthanh"), json: body)
            #expect(api400.status == .badRequest)
            #expect(api400.errorCode == "receipt.componentsMissing")
            let error = api400.json["error"] as? [String: Any]
            #expect((error?["message"] as? String)?.contains("Tờ khai đăng ký giám hộ") == true)
            #expect((error?["messageEn"] as? String)?.contains("Guardianship registration declaration") == true)
            #expect((error?["messageEn"] as? String)?.contains("Tờ khai") == false)
            #expect(try await db.count("dossiers") == 0)
            #expect(try await db.count("dossier_components") == 0)
        }
    }
}
