import App
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore

/// Runs `body` against the real application (the same composition root as `motcua serve`) over
/// real HTTP, on a fresh database of `backend`, or on `database` (which the caller then owns and destroys).
/// `.live` sends every request on one connection (pipelined, answered in turn); tests of concurrent
/// requests pass `.ahc()`, whose client opens several connections that the server serves at once.
public func withApp(
    _ backend: Backend, database given: TestDatabase? = nil, clock: TestClock? = nil,
    extraEnvironment: [String: String] = [:], setup: TestingSetup = .live,
    _ body: @Sendable (APIClient, TestDatabase) async throws -> Void
) async throws {
    let database: TestDatabase
    if let given { database = given } else { database = try await TestDatabase.make(backend) }
    do {
        let config = try AppConfig(environment: database.environment.merging(extraEnvironment) { _, new in new })
        let now: @Sendable () -> Date
        if let clock { now = { clock.now } } else { now = { Date() } }
        let app = try await buildApplication(config, now: now)
        try await app.test(setup) { client in
            try await body(APIClient(client: client), database)
        }
    } catch {
        if given == nil { await database.destroy() }
        throw error
    }
    if given == nil { await database.destroy() }
}

/// A decoded answer: status, headers and the JSON body (when there is one).
public struct APIResponse: @unchecked Sendable {
    public let status: HTTPResponse.Status
    public let headers: HTTPFields
    public let text: String
    /// The body as sent, byte for byte (`text` is its UTF-8 reading, lossy for binary files).
    public let bytes: [UInt8]
    public var json: [String: Any] { (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any] ?? [:] }
    public var errorCode: String? { (json["error"] as? [String: Any])?["code"] as? String }
    public var errorMessages: (vi: String?, en: String?) {
        let e = json["error"] as? [String: Any]
        return (e?["message"] as? String, e?["messageEn"] as? String)
    }
}

/// Convenience calls on the test client: JSON in, JSON out, bearer tokens.
public struct APIClient: Sendable {
    let client: any TestClientProtocol

    public static let demoPassword = "motcua2026"

    /// The port the application listens on (live and AsyncHTTPClient set-ups).
    public var port: Int? { client.port }

    public func request(
        _ method: HTTPRequest.Method, _ uri: String, token: String? = nil, json: Any? = nil, raw: String? = nil,
        bytes: [UInt8]? = nil, headers: [String: String] = [:]
    ) async throws -> APIResponse {
        var fields = HTTPFields()
        if let token { fields[.authorization] = "Bearer \(token)" }
        var body: ByteBuffer?
        if let json {
            fields[.contentType] = "application/json"
            body = ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: json))
        } else if let raw {
            if headers["Content-Type"] == nil { fields[.contentType] = "application/json" }
            body = ByteBuffer(string: raw)
        } else if let bytes {
            body = ByteBuffer(bytes: bytes)
        }
        for (name, value) in headers { fields[HTTPField.Name(name)!] = value }
        let answer = try await client.execute(uri: uri, method: method, headers: fields, body: body) { response in
            APIResponse(
                status: response.status, headers: response.headers, text: String(buffer: response.body),
                bytes: Array(buffer: response.body))
        }
        ResponseLog.record(
            method: method.rawValue, uri: uri, status: Int(answer.status.code), contentType: answer.headers[.contentType],
            body: answer.text)
        return answer
    }

    /// Logs a demo officer in through the API and returns the bearer token.
    public func login(_ username: String, password: String = APIClient.demoPassword) async throws -> String {
        let response = try await request(.post, "/api/v1/session", json: ["username": username, "password": password])
        guard response.status == .created, let token = response.json["token"] as? String else {
            throw TestSetupError("login \(username) failed: \(response.status) \(response.text)")
        }
        return token
    }
}
