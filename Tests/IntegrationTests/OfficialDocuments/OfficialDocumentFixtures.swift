import Foundation
import Persistence
import SQLKit
import TestSupport

/// Helpers of the official documents' suites: registering, assigning and closing through the
/// officers' pages with a bearer token (forms as a browser posts them).
enum OfficialDocs {
    /// Thursday 5 March 2026, 10:00 in Vietnam: a working day.
    static let morning = "2026-03-05T03:00:00Z"
    static let scan = Array("%PDF-1.4\n%âãÏÓ\n1 0 obj <<>> endobj\n%%EOF\n".utf8)

    /// The fields of a valid registration, with `changes` applied.
    static func fields(_ changes: [String: String] = [:]) -> [String: String] {
        var f = [
            "numberSymbol": "123/UBND-VX", "typeCode": "QĐ", "documentDate": "2026-03-02", "issuer": "Bộ Nội vụ",
            "summary": "Quyết định về việc giao chỉ tiêu biên chế công chức năm 2026", "signer": "Nguyễn Văn A", "urgency": "urgent",
            "confidentiality": "normal",
        ]
        f.merge(changes) { _, new in new }
        return f
    }

    /// Registers through the clerk's form; returns the new document's id (nil when refused) and the answer.
    static func register(
        _ api: APIClient, _ token: String, _ changes: [String: String] = [:], scan: [UInt8]? = OfficialDocs.scan,
        headers: [String: String] = [:]
    ) async throws -> (id: Int64?, response: APIResponse) {
        let files = scan.map { [BrowserSession.File(field: "scan", name: "cong-van.pdf", bytes: $0)] } ?? []
        let response = try await multipart(api, "/officer/van-ban/vao-so", fields(changes), files: files, token: token, headers: headers)
        let location = response.headers[.location] ?? ""
        let id = location.split(separator: "/").last.flatMap { Int64($0.split(separator: "?")[0]) }
        return (response.status == .seeOther ? id : nil, response)
    }

    /// A multipart form with a bearer token (and extra headers).
    static func multipart(
        _ api: APIClient, _ path: String, _ fields: [String: String], files: [BrowserSession.File], token: String,
        headers: [String: String]
    ) async throws -> APIResponse {
        let boundary = "----motcua\(UUID().uuidString)"
        var body = [UInt8]()
        for (name, value) in fields {
            body += Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n".utf8)
        }
        for file in files {
            body += Array(
                "--\(boundary)\r\nContent-Disposition: form-data; name=\"\(file.field)\"; filename=\"\(file.name)\"\r\n\r\n".utf8)
            body += file.bytes + Array("\r\n".utf8)
        }
        body += Array("--\(boundary)--\r\n".utf8)
        var all = headers
        all["Content-Type"] = "multipart/form-data; boundary=\(boundary)"
        return try await api.request(.post, path, token: token, bytes: body, headers: all)
    }

    /// Posts a URL-encoded form with a bearer token.
    static func post(_ api: APIClient, _ token: String, _ path: String, _ fields: [String: String], headers: [String: String] = [:])
        async throws -> APIResponse
    {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        let body = fields.map { "\($0.key)=\($0.value.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")" }.joined(separator: "&")
        var all = headers
        all["Content-Type"] = "application/x-www-form-urlencoded"
        return try await api.request(.post, path, token: token, raw: body, headers: all)
    }

    /// The leader's assignment to `lead` (a short code, or an identifier when it holds a dot) with `coordinating` short codes.
    static func assign(
        _ api: APIClient, _ token: String, _ id: Int64, version: Int = 1, lead: String, coordinating: [String] = [], days: String = "5",
        db: TestDatabase, headers: [String: String] = [:]
    ) async throws -> APIResponse {
        var fields = [
            "expectedVersion": String(version), "leadAgencyId": lead.contains(".") ? lead : try await agencyId(lead, db),
            "workingDays": days,
            "instruction": "Giao Sở Tư pháp chủ trì, tham mưu UBND tỉnh trước hạn.",
        ]
        for code in coordinating { fields["co-\(try await agencyId(code, db))"] = "1" }
        return try await post(api, token, "/officer/van-ban/\(id)/phan-cong", fields, headers: headers)
    }

    /// The identifier of the agency with `shortCode`.
    static func agencyId(_ shortCode: String, _ db: TestDatabase) async throws -> String {
        let database = try db.open()
        defer { Task { await database.shutdown() } }
        return try await database.read { sql in
            guard let row = try await sql.raw("SELECT id FROM agencies WHERE short_code = \(bind: shortCode)").first() else {
                throw TestSetupError("no agency \(shortCode)")
            }
            return try row.decode(column: "id", as: String.self)
        }
    }

    /// Integers of the first column of `query` on the test database.
    static func integers(_ db: TestDatabase, _ query: String) async throws -> [Int] {
        let database = try db.open()
        defer { Task { await database.shutdown() } }
        return try await database.read { sql in
            try await sql.raw(SQLQueryString(query)).all().map { try $0.decode(column: "n", as: Int.self) }
        }
    }
}
