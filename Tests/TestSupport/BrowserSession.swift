import Foundation
import HTTPTypes
import Synchronization

/// A browser-like client over `APIClient`: keeps cookies between requests, picks the CSRF token
/// of the last page it read, and posts forms (URL-encoded or multipart, with files).
public final class BrowserSession: Sendable {
    let api: APIClient
    private let state = Mutex<(cookies: [String: String], csrf: String?)>(([:], nil))

    public init(_ api: APIClient) { self.api = api }

    /// The CSRF token of the last page read.
    public var csrf: String? { state.withLock { $0.csrf } }

    /// The `Cookie` header the session sends (empty without cookies).
    public var cookies: String { cookieHeader()["Cookie"] ?? "" }

    public func get(_ path: String) async throws -> APIResponse {
        let response = try await api.request(.get, path, headers: cookieHeader())
        remember(response)
        return response
    }

    /// Posts a URL-encoded form; the CSRF token of the last page is added unless `csrf` is given.
    public func post(_ path: String, _ fields: [String: String], csrf: String? = nil) async throws -> APIResponse {
        var all = fields
        if all["_csrf"] == nil { all["_csrf"] = csrf ?? self.csrf ?? "" }
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        let body = all.map { "\($0.key)=\($0.value.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")" }.joined(separator: "&")
        var headers = cookieHeader()
        headers["Content-Type"] = "application/x-www-form-urlencoded"
        let response = try await api.request(.post, path, raw: body, headers: headers)
        remember(response)
        return response
    }

    /// A file of a multipart form.
    public struct File: Sendable {
        public let field: String
        public let name: String
        public let bytes: [UInt8]
        public init(field: String, name: String, bytes: [UInt8]) {
            self.field = field
            self.name = name
            self.bytes = bytes
        }
    }

    /// Posts a multipart form with `files`.
    public func postMultipart(_ path: String, _ fields: [String: String], files: [File], token: String? = nil) async throws -> APIResponse {
        let boundary = "----motcua\(UUID().uuidString)"
        var body = [UInt8]()
        var all = fields
        if all["_csrf"] == nil && token == nil { all["_csrf"] = csrf ?? "" }
        for (name, value) in all {
            body += Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n".utf8)
        }
        for file in files {
            body += Array(
                "--\(boundary)\r\nContent-Disposition: form-data; name=\"\(file.field)\"; filename=\"\(file.name)\"\r\nContent-Type: application/octet-stream\r\n\r\n"
                    .utf8)
            body += file.bytes + Array("\r\n".utf8)
        }
        body += Array("--\(boundary)--\r\n".utf8)
        var headers = cookieHeader()
        headers["Content-Type"] = "multipart/form-data; boundary=\(boundary)"
        // As a browser follows the form's `action`, which carries the token of a form with files.
        let address = token == nil ? path + (path.contains("?") ? "&" : "?") + "csrf=\(all["_csrf"] ?? "")" : path
        let response = try await api.request(.post, address, token: token, bytes: body, headers: headers)
        remember(response)
        return response
    }

    private func cookieHeader() -> [String: String] {
        let cookies = state.withLock { $0.cookies }
        return cookies.isEmpty ? [:] : ["Cookie": cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; ")]
    }

    private func remember(_ response: APIResponse) {
        let token = Self.csrfToken(in: response.text)
        state.withLock { s in
            for field in response.headers where field.name == .setCookie {
                let pair = field.value.split(separator: ";")[0].split(separator: "=", maxSplits: 1)
                guard pair.count == 2 else { continue }
                let name = String(pair[0])
                let value = String(pair[1])
                if value.isEmpty || field.value.contains("Max-Age=0") { s.cookies[name] = nil } else { s.cookies[name] = value }
            }
            if let token { s.csrf = token }
        }
    }

    static func csrfToken(in html: String) -> String? {
        guard let range = html.range(of: "name=\"_csrf\" value=\"") else { return nil }
        let rest = html[range.upperBound...]
        guard let end = rest.firstIndex(of: "\"") else { return nil }
        return String(rest[..<end])
    }
}
