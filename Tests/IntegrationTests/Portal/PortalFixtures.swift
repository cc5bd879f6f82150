import Crypto
import Foundation
import HTTPTypes
import TestSupport

/// Citizen-side helpers of the portal suites: registration, submission, sandbox notices.
enum Portal {
    static let sandboxSecret = "test-sandbox-secret-0123456789"
    static let environment = ["PAYMENT_SANDBOX_SECRET": sandboxSecret]
    static let pdf = Array("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n".utf8)
    static let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + Array(repeating: 0, count: 32)

    /// A PDF whose bytes differ by `tag`.
    static func pdf(_ tag: String) -> [UInt8] { Array("%PDF-1.4\n% \(tag)\ntrailer<<>>\n%%EOF\n".utf8) }

    /// Registers a citizen with `phone` and fills the profile; the session stays logged in.
    static func register(
        _ browser: BrowserSession, phone: String, name: String = "Nguyễn Thị Mai",
        idNumber: String = "038190001234", birth: String = "1990-05-01"
    ) async throws {
        _ = try await browser.get("/dang-ky")
        let created = try await browser.post(
            "/dang-ky",
            [
                "fullName": name, "phone": phone, "password": "matkhau-123",
                "passwordConfirm": "matkhau-123", "consent": "yes",
            ])
        guard created.status == .seeOther else { throw TestSetupError("register: \(created.status) \(created.text.prefix(300))") }
        _ = try await browser.get("/tai-khoan")
        let saved = try await browser.post(
            "/tai-khoan",
            [
                "fullName": name, "birthDate": birth, "idNumber": idNumber,
                "unitCode": "14797", "address": "12 Lê Lợi", "phone": phone,
            ])
        guard saved.status == .seeOther else { throw TestSetupError("profile: \(saved.status) \(saved.text.prefix(300))") }
    }

    /// Submits birth registration online with two new PDFs; returns the dossier code.
    static func submitBirth(
        _ browser: BrowserSession, key: String? = nil, files: [BrowserSession.File]? = nil,
        picks: [String: String] = [:]
    ) async throws -> (code: String?, response: APIResponse) {
        let form = try await browser.get("/thu-tuc/1.001193/nop-truc-tuyen")
        let formKey = key ?? hidden("submissionKey", in: form.text) ?? ""
        var fields = [
            "submissionKey": formKey, "fullName": "Nguyễn Thị Mai", "idNumber": "038190001234", "phone": "0912000111",
            "address": "12 Lê Lợi", "communeCode": "14797", "intent": "submit",
        ]
        fields.merge(picks) { _, new in new }
        let response = try await browser.postMultipart(
            "/thu-tuc/1.001193/nop-truc-tuyen", fields,
            files: files ?? [
                .init(field: "file-0", name: "to-khai.pdf", bytes: pdf("declaration")),
                .init(field: "file-1", name: "giay-chung-sinh.pdf", bytes: pdf("birth notice")),
            ])
        let location = response.headers[.location] ?? ""
        let code = location.split(separator: "/").last.map { String($0.split(separator: "?")[0]) }
        return (response.status == .seeOther ? code : nil, response)
    }

    /// Undoes the HTML escaping of an attribute value.
    static func unescape(_ s: String) -> String {
        var out = s
        for (entity, char) in [
            ("&#x2F;", "/"), ("&#x3D;", "="), ("&#x27;", "'"), ("&#39;", "'"), ("&#x60;", "`"), ("&quot;", "\""),
            ("&lt;", "<"), ("&gt;", ">"), ("&amp;", "&"),
        ] {
            out = out.replacingOccurrences(of: entity, with: char)
        }
        return out
    }

    static func hidden(_ name: String, in html: String) -> String? {
        guard let range = html.range(of: "name=\"\(name)\" value=\"") else { return nil }
        let rest = html[range.upperBound...]
        return rest.firstIndex(of: "\"").map { String(rest[..<$0]) }
    }

    /// A notice signed as the sandbox gateway signs it (computed here independently).
    static func notice(
        order: String, amount: Int, status: String = "00", txn: String = "TXN1", nonce: String = UUID().uuidString,
        at: Date = Date(), secret: String = sandboxSecret
    ) -> [String: String] {
        var fields = [
            "order": order, "amount": String(amount), "status": status, "txn": txn, "nonce": nonce,
            "ts": String(Int(at.timeIntervalSince1970)),
        ]
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        let canonical = ["amount", "nonce", "order", "status", "ts", "txn"]
            .map { "\($0)=\(fields[$0]!.addingPercentEncoding(withAllowedCharacters: allowed)!)" }.joined(separator: "&")
        fields["sig"] = HMAC<SHA256>.authenticationCode(for: Data(canonical.utf8), using: SymmetricKey(data: Data(secret.utf8)))
            .map { String(format: "%02x", $0) }.joined()
        return fields
    }

    /// A registered citizen (phone 0912000111) with one birth registration submitted online.
    static func citizenWithDossier(_ api: APIClient) async throws -> (browser: BrowserSession, code: String) {
        let browser = BrowserSession(api)
        try await register(browser, phone: "0912000111")
        guard let code = try await submitBirth(browser).code else { throw TestSetupError("online submission failed") }
        return (browser, code)
    }

    /// Moves a new online dossier to "processing" at Hạc Thành through the officers; returns its version.
    static func toProcessing(_ api: APIClient, _ code: String) async throws -> Int {
        let desk = try await api.login("tiepnhan.hacthanh")
        let leader = try await api.login("lanhdao.hacthanh")
        var v = try await api.must(desk, code, "accept", version: 1)
        v = try await api.must(desk, code, "forward", version: v)
        return try await api.must(leader, code, "assign", version: v, extra: ["assigneeId": try await api.officerId("chuyenvien.hacthanh")])
    }

    /// Moves a new online dossier to "awaiting payment"; returns its version.
    static func toAwaitingPayment(_ api: APIClient, _ code: String, amount: Int = 8000) async throws -> Int {
        let specialist = try await api.login("chuyenvien.hacthanh")
        return try await api.must(
            specialist, code, "requestPayment", version: try await toProcessing(api, code),
            extra: ["amount": amount, "note": "Phí bản sao"])
    }
}
