import Foundation
import TestSupport
import Testing

/// The checks of the citizen's browser journey (scripts/browser/citizen_journey.py) that need no
/// browser: the login a visitor is sent to, a refused file, a resubmitted form, a tampered copy,
/// the development mailbox.
@Suite("Citizen journey over HTTP")
struct CitizenJourneyHTTPTests {
    static let form = "/thu-tuc/1.001193/nop-truc-tuyen"

    @Test("a visitor pressing 'submit online' is sent to /dang-nhap?next=<the form>", arguments: Backend.available)
    func visitorToLogin(_ backend: Backend) async throws {
        try await withApp(backend) { api, _ in
            let browser = BrowserSession(api)
            let procedure = try await browser.get("/thu-tuc/1.001193")
            #expect(PageReading.attribute("href", id: "submit-online", in: procedure.text) == Self.form)
            let sent = try await browser.get(Self.form)
            #expect(sent.status == .seeOther || sent.status == .found)
            let location = try #require(sent.headers[.location])
            let url = try #require(URLComponents(string: location))
            #expect(url.path == "/dang-nhap")
            #expect(url.queryItems?.first { $0.name == "next" }?.value == Self.form)
            let login = try await browser.get(location)
            #expect(login.status == .ok && login.text.contains("id=\"register-link\""))
        }
    }

    @Test(
        "a text file named .pdf saved in a draft is refused with 415 and the form's error; nothing is stored", arguments: Backend.available)
    func wrongFileType(_ backend: Backend) async throws {
        try await withApp(backend) { api, db in
            let browser = BrowserSession(api)
            try await Portal.register(browser, phone: "0912000111")
            let fake = BrowserSession.File(
                field: "file-0", name: "khong-phai-pdf.pdf", bytes: Array("This is plain text, not a PDF.\n".utf8))
            let refused = try await Portal.submitBirth(browser, files: [fake], picks: ["intent": "save"]).response
            #expect(refused.status == .unsupportedMediaType)
            #expect(PageReading.text(id: "submission-error", in: refused.text)?.isEmpty == false)
            #expect(refused.text.contains("id=\"submission-form\""))
            #expect(try await db.count("documents") == 0)
        }
    }

    @Test("the same form submitted twice gives the same dossier, listed once in 'my dossiers'", arguments: Backend.available)
    func resubmission(_ backend: Backend) async throws {
        try await withApp(backend) { api, db in
            let browser = BrowserSession(api)
            try await Portal.register(browser, phone: "0912000111")
            let form = try await browser.get(Self.form)
            let key = try #require(Portal.hidden("submissionKey", in: form.text))
            let code = try #require(try await Portal.submitBirth(browser, key: key).code)
            let again = try await Portal.submitBirth(browser, key: key)
            #expect(again.response.status == .seeOther && again.code == code)
            let mine = try await browser.get("/ho-so-cua-toi")
            let listed = PageReading.inner(id: "my-dossiers", in: mine.text) ?? ""
            let codes = listed.components(separatedBy: "<a href=").dropFirst().map {
                PageReading.plain(String($0.drop { $0 != ">" }.dropFirst().prefix { $0 != "<" }))
            }
            #expect(codes == [code])
            #expect(try await db.count("dossiers") == 1)
        }
    }

    @Test("a tampered copy sent through the verification page reads 'Không hợp lệ'", arguments: Backend.available)
    func tamperedCopy(_ backend: Backend) async throws {
        try await withApp(backend, extraEnvironment: Portal.environment) { api, _ in
            let (_, code) = try await Portal.citizenWithDossier(api)
            let result = Portal.pdf("GIAY KHAI SINH - ket qua 12345678")
            _ = try await SignedResultTests.finish(api, code, version: try await Portal.toProcessing(api, code), result: result)
            let visitor = BrowserSession(api)
            let valid = try await visitor.get("/xac-minh-ket-qua?code=\(code)")
            #expect(PageReading.text(id: "verdict-text", in: valid.text)?.hasPrefix("Hợp lệ") == true)
            // The page says what the signed document is, not only its certificate's serial.
            #expect(PageReading.text(id: "verify-document", in: valid.text)?.hasPrefix("Giấy khai sinh (bản chính)") == true)
            let english = try await BrowserSession(api).get("/xac-minh-ket-qua?code=\(code)&lang=en")
            #expect(PageReading.text(id: "verify-document", in: english.text)?.hasPrefix("Birth certificate") == true)
            let tampered = Portal.pdf("GIAY KHAI SINH - ket qua 99999999")
            let checked = try await visitor.postMultipart(
                "/xac-minh-ket-qua", ["code": code], files: [.init(field: "file", name: "giay-khai-sinh-sua.pdf", bytes: tampered)])
            #expect(checked.status == .ok)
            let verdict = PageReading.text(id: "verdict-text", in: checked.text)
            #expect(verdict?.hasPrefix("Không hợp lệ") == true, "\(verdict ?? "no #verdict-text")")
        }
    }

    @Test("the development mailbox lists an SMS to the citizen once the desk accepts the dossier", arguments: Backend.available)
    func mailbox(_ backend: Backend) async throws {
        try await withApp(backend, extraEnvironment: ["OUTBOX_POLL_SECONDS": "1"]) { api, _ in
            let (_, code) = try await Portal.citizenWithDossier(api)  // phone 0912000111
            _ = try await Portal.toProcessing(api, code)
            var rows: [[String]] = []
            for _ in 0..<30 {
                let page = try await api.request(.get, "/dev/messages")
                #expect(page.status == .ok)
                rows = PageReading.rows(id: "messages", in: page.text).filter {
                    $0.count >= 3 && $0[1] == "sms" && $0[2].filter(\.isNumber).hasSuffix("912000111")
                }
                if !rows.isEmpty { break }
                try await Task.sleep(for: .milliseconds(500))
            }
            #expect(!rows.isEmpty, "/dev/messages lists no SMS to 0912000111 after 15 s")
        }
    }
}
