import Foundation
import TestSupport

/// Shared inputs of the integration suites (demo province data).
enum Fixtures {
    /// Birth registration (commune level, same-day).
    static let birth = "1.001193"
    /// Copies of civil status extracts (commune level, same-day, 8.000 đ a copy): still received on paper,
    /// while birth registration is online-only (Directive 24/CT-TTg, 2025) and refused at the counter.
    static let paper = "2.000635"

    /// A counter receipt body for `procedure`.
    static func receipt(_ procedure: String = paper, name: String = "Nguyễn Văn An", commune: String? = nil) -> [String: Any] {
        var body: [String: Any] = [
            "procedureCode": procedure, "channel": "counter",
            "applicant": [
                "fullName": name, "idNumber": "038090001234", "phone": "0912345678",
                "address": "Số 5 Lê Lợi, phường Hạc Thành",
            ],
        ]
        if let commune { body["communeCode"] = commune }
        return body
    }
}

extension APIClient {
    /// Receives a dossier at the counter and returns its code and version.
    func receive(_ token: String, _ body: [String: Any] = Fixtures.receipt(), key: String? = nil) async throws -> (
        code: String, version: Int
    ) {
        let response = try await request(
            .post, "/api/v1/dossiers", token: token, json: body,
            headers: key.map { ["Idempotency-Key": $0] } ?? [:])
        guard response.status == .created || response.status == .ok, let dossier = response.json["dossier"] as? [String: Any],
            let code = dossier["code"] as? String, let version = dossier["version"] as? Int
        else {
            throw TestSetupError("receive failed: \(response.status) \(response.text)")
        }
        return (code, version)
    }

    /// Performs a transition; returns the response.
    func act(_ token: String, _ code: String, _ action: String, version: Int, extra: [String: Any] = [:]) async throws -> APIResponse {
        var body: [String: Any] = ["action": action, "expectedVersion": version]
        body.merge(extra) { _, new in new }
        return try await request(.post, "/api/v1/dossiers/\(code)/transitions", token: token, json: body)
    }

    /// Performs a transition that must succeed; returns the new version.
    func must(_ token: String, _ code: String, _ action: String, version: Int, extra: [String: Any] = [:]) async throws -> Int {
        let response = try await act(token, code, action, version: version, extra: extra)
        guard response.status == .ok, let dossier = response.json["dossier"] as? [String: Any], let v = dossier["version"] as? Int else {
            throw TestSetupError("\(action) failed: \(response.status) \(response.text)")
        }
        return v
    }

    /// The dossier as its officer sees it.
    func dossier(_ token: String, _ code: String) async throws -> [String: Any] {
        try await request(.get, "/api/v1/dossiers/\(code)", token: token).json
    }

    /// The id of a demo officer, read from the login answer.
    func officerId(_ username: String) async throws -> Int {
        let response = try await request(.post, "/api/v1/session", json: ["username": username, "password": APIClient.demoPassword])
        guard let officer = response.json["officer"] as? [String: Any], let id = officer["id"] as? Int else {
            throw TestSetupError("no officer \(username)")
        }
        return id
    }
}

extension Dictionary where Key == String, Value == Any {
    subscript(path path: String) -> Any? {
        var current: Any? = self
        for part in path.split(separator: ".") { current = (current as? [String: Any])?[String(part)] }
        return current
    }
}
