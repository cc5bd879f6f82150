import Domain
import Foundation
import Hummingbird
import NIOCore

/// Fields of an `application/x-www-form-urlencoded` body.
struct FormData: Sendable {
    let fields: [String: String]

    init(fields: [String: String]) { self.fields = fields }

    /// Parses `a=1&b=x+y` (the last value of a repeated name wins).
    init(encoded: String) {
        var fields: [String: String] = [:]
        for pair in encoded.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decode(_ s: Substring) -> String {
                s.replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? ""
            }
            fields[decode(parts[0])] = parts.count > 1 ? decode(parts[1]) : ""
        }
        self.fields = fields
    }

    /// Reads the form body of `request` (at most `limit` bytes).
    static func read(_ request: Request, limit: Int) async throws -> FormData {
        var request = request
        do {
            let buffer = try await request.collectBody(upTo: limit)
            return FormData(encoded: String(buffer: buffer))
        } catch {
            throw DomainError(.payloadTooLarge, "http.payloadTooLarge", ["limit": String(limit)])
        }
    }

    subscript(_ name: String) -> String? {
        let value = fields[name]?.trimmingCharacters(in: .whitespacesAndNewlines)
        return value?.isEmpty == true ? nil : value
    }
}

extension Request {
    /// Whether the body is a browser form.
    var isForm: Bool {
        guard let type = headers[.contentType]?.lowercased() else { return false }
        return type.hasPrefix("application/x-www-form-urlencoded") || type.hasPrefix("multipart/form-data")
    }

    /// The query string read as a GET form sends it (`+` is a space).
    var formQuery: FormData { FormData(encoded: uri.query ?? "") }

    /// Whether the body is a multipart form (a form with files).
    var isMultipart: Bool { headers[.contentType]?.lowercased().hasPrefix("multipart/form-data") ?? false }

    /// Whether the caller wants JSON rather than a page.
    var wantsJSON: Bool {
        uri.path.hasPrefix("/api/") || (headers[.accept]?.contains("application/json") ?? false)
    }
}
