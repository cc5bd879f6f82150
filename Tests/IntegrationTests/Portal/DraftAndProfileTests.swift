import Foundation
import TestSupport
import Testing

/// Drafts are saved only when the citizen asks; the form starts from the draft merged over the profile.
@Suite("Drafts and profile")
struct DraftAndProfileTests {
    @Test(
        "a failed submission saves no draft and the next form is pre-filled from the profile; a draft's empty fields keep the profile's",
        arguments: Backend.available)
    func draftOverProfile(_ backend: Backend) async throws {
        try await withApp(backend) { api, db in
            let browser = BrowserSession(api)
            try await Portal.register(browser, phone: "0912000111")
            let path = "/thu-tuc/1.001193/nop-truc-tuyen"
            let form = try await browser.get(path)
            let key = try #require(Portal.hidden("submissionKey", in: form.text))
            // A submission with the applicant's fields emptied and no documents is refused...
            let empty = ["fullName": "", "idNumber": "", "phone": "", "address": "", "email": ""]
            let refused = try await browser.postMultipart(
                path, empty.merging(["submissionKey": key, "communeCode": "14797", "intent": "submit"]) { a, _ in a }, files: [])
            #expect(refused.status == .badRequest)
            // ...and leaves no draft behind: the next form starts from the profile.
            #expect(try await db.count("drafts") == 0)
            let again = try await browser.get(path)
            #expect(Self.value("address", in: again.text) == "12 Lê Lợi")
            #expect(Self.value("idNumber", in: again.text) == "038190001234")
            #expect(Self.value("fullName", in: again.text) == "Nguyễn Thị Mai")
            // "Lưu nháp" saves a draft; its empty fields never hide the profile's values, its own values win.
            let saved = try await browser.postMultipart(
                path,
                empty.merging(["fullName": "Nguyễn T. Mai", "note": "Gửi bản sao", "submissionKey": key, "intent": "save"]) { _, b in b },
                files: [])
            #expect(saved.status == .ok && saved.text.contains("draft-saved"))
            #expect(try await db.count("drafts") == 1)
            let resumed = try await browser.get(path)
            #expect(Self.value("fullName", in: resumed.text) == "Nguyễn T. Mai")
            #expect(Self.value("address", in: resumed.text) == "12 Lê Lợi")
            #expect(Self.value("phone", in: resumed.text) == "0912000111")
            #expect(resumed.text.contains("Gửi bản sao"))
        }
    }

    /// The value of the form input with id `id`.
    static func value(_ id: String, in html: String) -> String? {
        guard let start = html.range(of: "<input id=\"\(id)\"") else { return nil }
        let tag = html[start.upperBound...].prefix { $0 != ">" }
        guard let v = tag.range(of: "value=\"") else { return nil }
        return Portal.unescape(String(tag[v.upperBound...].prefix { $0 != "\"" }))
    }
}
