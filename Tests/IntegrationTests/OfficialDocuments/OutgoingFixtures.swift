import Foundation
import Persistence
import SQLKit
import TestSupport

/// Helpers of the outgoing documents' suite: drafting and taking a draft through its steps with
/// the officers' forms (a bearer token, forms as a browser posts them).
enum OutgoingDocs {
    /// The file a specialist drafts, its bytes differing by `tag`.
    static func pdf(_ tag: String) -> [UInt8] { Array("%PDF-1.4\n% Công văn \(tag)\ntrailer<<>>\n%%EOF\n".utf8) }

    /// Drafts through the form: a Công văn to the Sở Tư pháp and the Bộ Nội vụ (outside the province);
    /// `changes` replace fields ("-" removes one).
    static func draft(
        _ api: APIClient, _ token: String, db: TestDatabase, _ changes: [String: String] = [:], file: [UInt8]? = pdf("1"),
        headers: [String: String] = [:]
    ) async throws -> (id: Int64?, response: APIResponse) {
        var fields = [
            "typeCode": "CV", "summary": "V/v phối hợp rà soát thủ tục hành chính năm 2026", "urgency": "normal",
            "to-\(try await OfficialDocs.agencyId("STP", db))": "1", "others": "Bộ Nội vụ | 000.00.00.G12",
        ]
        for (name, value) in changes { fields[name] = value == "-" ? nil : value }
        let files = file.map { [BrowserSession.File(field: "file", name: "cong-van.pdf", bytes: $0)] } ?? []
        let response = try await OfficialDocs.multipart(
            api, "/officer/van-ban-di/soan", fields, files: files, token: token, headers: headers)
        // A client that follows the redirect gets the new draft's page, whose forms name it.
        let followed = response.text.firstMatch(of: /\/officer\/van-ban-di\/(\d+)\/y-kien/).flatMap { Int64($0.1) }
        let id = (response.headers[.location] ?? "").split(separator: "/").last.flatMap { Int64($0) }
        return (response.status == .seeOther ? id : response.status == .ok ? followed : nil, response)
    }

    /// Posts the step `step` (`trinh`, `duyet`, `ky`, `ban-hanh`, `y-kien`) of document `id`.
    static func step(
        _ api: APIClient, _ token: String, _ id: Int64, _ step: String, version: Int, _ fields: [String: String] = [:],
        headers: [String: String] = [:]
    ) async throws -> APIResponse {
        var all = fields
        all["expectedVersion"] = String(version)
        return try await OfficialDocs.post(api, token, "/officer/van-ban-di/\(id)/\(step)", all, headers: headers)
    }

    /// Drafts, submits, approves and signs: the document awaits its number (version 4).
    static func signed(_ api: APIClient, db: TestDatabase, file: [UInt8], _ changes: [String: String] = [:]) async throws -> Int64 {
        let specialist = try await api.login("chuyenvien.ubnd")
        let leader = try await api.login("lanhdao.ubnd")
        guard let id = try await draft(api, specialist, db: db, changes, file: file).id else { throw TestSetupError("draft refused") }
        for (token, name, version, fields) in [
            (specialist, "trinh", 1, [:]), (leader, "duyet", 2, ["decision": "approve"]), (leader, "ky", 3, [:]),
        ] {
            let answer = try await step(api, token, id, name, version: version, fields)
            guard [.seeOther, .ok].contains(answer.status) else {
                throw TestSetupError("\(name): \(answer.status) \(answer.text.prefix(200))")
            }
        }
        return id
    }

    /// Strings of the first column (`s`) of `query` on the test database.
    static func strings(_ db: TestDatabase, _ query: String) async throws -> [String] {
        let database = try db.open()
        defer { Task { await database.shutdown() } }
        return try await database.read { sql in
            try await sql.raw(SQLQueryString(query)).all().map { try $0.decode(column: "s", as: String.self) }
        }
    }
}
