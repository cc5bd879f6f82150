import Domain
import Foundation
import Persistence
import SQLKit
import TestSupport

/// Helpers of the document exchange's suites: two provinces' servers, their peers configured both ways, and an outgoing
/// register entry to send (made from a scan registered through the clerk's form, as the register holds it today).
enum Exchange {
    static let provinceA = "000.00.00.H56"
    static let provinceB = "000.00.00.H42"
    static let packages = "/api/v1/documents/packages"

    /// The environment of the province `id`, its outbox polled every second.
    static func environment(_ id: String, _ extra: [String: String] = [:]) -> [String: String] {
        ["EXCHANGE_ORGANISATION_ID": id, "EXCHANGE_ORGANISATION_NAME": "Tỉnh \(id)", "EXCHANGE_POLL_SECONDS": "1"]
            .merging(extra) { _, new in new }
    }

    /// Registers the server of `peerAPI` (its identity read from it) as a peer of `api`'s, by the administrator, under `id` and
    /// at `endpoint` when given.
    static func addPeer(_ api: APIClient, _ peerAPI: APIClient, id: String? = nil, endpoint: String? = nil) async throws {
        let identity = try await peerAPI.request(.get, "/api/v1/documents/exchange/identity")
        guard let peerId = identity.json["organisationId"] as? String else { throw TestSetupError("identity: \(identity.text)") }
        let admin = try await api.login("quantri")
        let answer = try await api.request(
            .put, "/api/v1/documents/exchange/peers/\(id ?? peerId)", token: admin,
            json: [
                "name": identity.json["name"] as? String ?? "",
                "endpoint": endpoint ?? "http://127.0.0.1:\(peerAPI.port ?? 0)\(packages)",
                "certificatePEM": identity.json["certificatePEM"] as? String ?? "",
            ])
        guard answer.status == .ok else { throw TestSetupError("peer \(peerId): \(answer.status) \(answer.text)") }
    }

    /// An outgoing entry of the UBND's register with a scan of `scan`: returns its id.
    static func outgoing(_ api: APIClient, _ db: TestDatabase, scan: [UInt8] = OfficialDocs.scan, summary: String? = nil) async throws
        -> Int64
    {
        let clerk = try await api.login("vanthu.ubnd")
        var changes = ["numberSymbol": "45/UBND-VX"]
        if let summary { changes["summary"] = summary }
        let (registered, sent) = try await OfficialDocs.register(api, clerk, changes, scan: scan)
        guard let incoming = registered else { throw TestSetupError("register: \(sent.status) \(sent.text)") }
        let database = try db.open()
        defer { Task { await database.shutdown() } }
        let documents = SQLOfficialDocumentRepository(database: database)
        guard let source = try await documents.document(id: incoming) else { throw TestSetupError("no document \(incoming)") }
        let entry = NewRegisterEntry(
            agencyId: source.agencyId, direction: .outgoing, year: source.year, details: source.details, receivedAt: Date(),
            registeredBy: "vanthu.ubnd", attachments: source.attachments)
        return try await documents.register(entry) { _ in AuditActor(name: "test", address: nil).entry("test.outgoing", at: Date()) }.id
    }

    /// The clerk of `api` sends the outgoing entry `id` to `peer`.
    static func send(_ api: APIClient, _ id: Int64, to peer: String) async throws -> APIResponse {
        try await api.request(.post, "/api/v1/documents/\(id)/packages", token: try await api.login("vanthu.ubnd"), json: ["peer": peer])
    }

    /// The status names the peers reported about the packages of document `id`.
    static func statuses(_ api: APIClient, _ id: Int64) async throws -> [String] {
        let answer = try await api.request(.get, "/api/v1/documents/\(id)/packages", token: try await api.login("vanthu.ubnd"))
        return (answer.json["statuses"] as? [[String: Any]] ?? []).compactMap { $0["status"] as? String }
    }

    /// Waits (up to 15 s) until `done` holds.
    static func eventually(_ done: () async throws -> Bool) async throws -> Bool {
        for _ in 0..<150 {
            if try await done() { return true }
            try await Task.sleep(for: .milliseconds(100))
        }
        return false
    }

    /// The signed package queued on `db` for the document `id`.
    static func payload(_ db: TestDatabase, document id: Int64) async throws -> String {
        let database = try db.open()
        defer { Task { await database.shutdown() } }
        return try await database.read { sql in
            guard
                let row = try await sql.raw("SELECT payload FROM exchange_outbox WHERE kind = 'package' AND document_id = \(bind: id)")
                    .first()
            else { throw TestSetupError("no package for \(id)") }
            return try row.decode(column: "payload", as: String.self)
        }
    }

    /// Row counts of what a received package stores on `db`.
    static func stored(_ db: TestDatabase) async throws -> [Int] {
        [
            try await db.count("official_documents"), try await db.count("exchange_received"), try await db.count("documents"),
            try await db.count("exchange_outbox"),
        ]
    }
}
