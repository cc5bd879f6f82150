import Foundation
import SQLKit
import TestSupport
import Testing

/// Online submission: documents uploaded or reused, drafts, idempotency, upload checks.
@Suite("Portal submission")
struct PortalSubmissionTests {
    @Test("a double submission makes one dossier; its documents are linked; the draft is gone", arguments: Backend.available)
    func idempotent(_ backend: Backend) async throws {
        try await withApp(backend) { api, db in
            let browser = BrowserSession(api)
            try await Portal.register(browser, phone: "0912000111")
            let form = try await browser.get("/thu-tuc/1.001193/nop-truc-tuyen")
            let key = try #require(Portal.hidden("submissionKey", in: form.text))
            let first = try await Portal.submitBirth(browser, key: key)
            let second = try await Portal.submitBirth(browser, key: key)
            let code = try #require(first.code)
            #expect(second.code == code)
            #expect(try await db.count("dossiers") == 1)
            #expect(try await db.count("dossier_documents") == 2)
            #expect(try await db.count("documents") == 2)  // the retry stored no second copy
            #expect(try await db.count("drafts") == 0)
            let page = try await browser.get("/ho-so-cua-toi/\(code)")
            #expect(page.status == .ok)
            #expect(page.text.contains("Mới đăng ký"))
            // The desk sees it online, with its files.
            let desk = try await api.login("tiepnhan.hacthanh")
            let officerPage = try await api.request(.get, "/officer/dossiers/\(code)", token: desk)
            #expect(officerPage.text.contains("giay-chung-sinh.pdf"))
        }
    }

    @Test(
        "a missing required document is refused, the uploads are kept in the store and picked for the next try",
        arguments: Backend.available)
    func draftKeepsUploads(_ backend: Backend) async throws {
        try await withApp(backend) { api, db in
            let browser = BrowserSession(api)
            try await Portal.register(browser, phone: "0912000111")
            let refused = try await Portal.submitBirth(
                browser, files: [.init(field: "file-0", name: "to-khai.pdf", bytes: Portal.pdf("a"))])
            #expect(refused.response.status == .badRequest)
            #expect(refused.response.text.contains("Còn thiếu giấy tờ"))
            // An error summary links every missing document to its upload field, which is marked invalid.
            let summary = PageReading.inner(id: "error-summary", in: refused.response.text) ?? ""
            #expect(summary.contains("<a href=\"#file-1\">Giấy chứng sinh"), "\(summary)")
            #expect(refused.response.text.contains("accept=\"application/pdf,image/jpeg,image/png\" aria-invalid=\"true\""))
            #expect(try await db.count("dossiers") == 0)
            #expect(try await db.count("drafts") == 0)  // a draft is saved only when asked ("Lưu nháp")
            // The re-rendered form has the uploaded file picked; only the missing one is sent now.
            let picked = try #require(PortalSubmissionTests.selectedOption("doc-0", in: refused.response.text))
            let done = try await Portal.submitBirth(
                browser, files: [.init(field: "file-1", name: "cs.pdf", bytes: Portal.pdf("b"))],
                picks: ["doc-0": picked])
            #expect(done.code != nil)
            #expect(try await db.count("documents") == 2)
        }
    }

    @Test("uploads are checked by content and size; a refused file stores nothing", arguments: Backend.available)
    func uploadChecks(_ backend: Backend) async throws {
        try await withApp(backend, extraEnvironment: ["MAX_UPLOAD_BYTES": "4096"]) { api, db in
            let browser = BrowserSession(api)
            try await Portal.register(browser, phone: "0912000111")
            let fake = try await Portal.submitBirth(
                browser, files: [.init(field: "file-0", name: "virus.pdf", bytes: Array("MZ not a pdf".utf8))])
            #expect(fake.response.status == .unsupportedMediaType)
            let big = try await Portal.submitBirth(
                browser, files: [.init(field: "file-0", name: "big.pdf", bytes: Portal.pdf + Array(repeating: 0x20, count: 5000))])
            #expect(big.response.status == .contentTooLarge)
            #expect(big.response.text.contains("quá lớn"))
            #expect(try await db.count("documents") == 0)
            #expect(try await UploadSafetyTests.stored(db).isEmpty)
            // A PNG passes under another name.
            let png = try await Portal.submitBirth(
                browser,
                files: [
                    .init(field: "file-0", name: "anh.jpg", bytes: Portal.png),
                    .init(field: "file-1", name: "b.pdf", bytes: Portal.pdf("c")),
                ])
            #expect(png.code != nil)
            let database = try db.open()
            let types = try await database.read { try await $0.raw("SELECT media_type, file_name FROM documents ORDER BY id").all() }
            #expect(try types[0].decode(column: "media_type", as: String.self) == "image/png")
            #expect(try types[0].decode(column: "file_name", as: String.self) == "anh.png")
            await database.shutdown()
        }
    }

    static func selectedOption(_ select: String, in html: String) -> String? {
        guard let start = html.range(of: "name=\"\(select)\"") else { return nil }
        let rest = html[start.upperBound...]
        guard let selected = rest.range(of: "\" selected>") else { return nil }
        let before = rest[..<selected.lowerBound]
        guard let value = before.range(of: "value=\"", options: .backwards) else { return nil }
        return String(before[value.upperBound...])
    }
}
