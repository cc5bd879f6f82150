import App
import Foundation
import TestSupport
import Testing

/// The OpenAPI document (`Sources/Web/Static/openapi.json`, served at `/openapi.json`) names exactly
/// the API routes the application registers: a route missing from the document, or a documented
/// route that does not exist, fails here. (The JSON answers the suites receive are checked against
/// the document's schemas by `scripts/check_api_responses.py`, run by the test command.)
@Suite("OpenAPI document")
struct OpenAPIDocumentTests {
    /// `METHOD /path/{parameter}` of every operation in the document.
    static func documented() throws -> Set<String> {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
            "../../../Sources/Web/Static/openapi.json")
        let document = try JSONSerialization.jsonObject(with: Data(contentsOf: url.standardizedFileURL)) as? [String: Any] ?? [:]
        let paths = document["paths"] as? [String: [String: Any]] ?? [:]
        let methods: Set<String> = ["get", "put", "post", "delete", "patch"]
        return Set(paths.flatMap { path, operations in operations.keys.filter(methods.contains).map { "\($0.uppercased()) \(path)" } })
    }

    /// The routes of the JSON API and of the system module, written as the document writes them.
    static func registered() async throws -> Set<String> {
        let database = try await TestDatabase.make(.sqlite)
        let platform = try await buildPlatform(try AppConfig(environment: database.environment))
        let routes = platform.routes
        await platform.close()
        await database.destroy()
        let documentedPrefixes = ["/api/", "/healthz", "/readyz", "/metrics", "/openapi.json"]
        return Set(
            routes.compactMap { route -> String? in
                let parts = route.split(separator: " ", maxSplits: 1).map(String.init)
                guard parts.count == 2, documentedPrefixes.contains(where: parts[1].hasPrefix) else { return nil }
                let path = parts[1].split(separator: "/", omittingEmptySubsequences: false)
                    .map { $0.hasPrefix(":") ? "{\($0.dropFirst())}" : String($0) }.joined(separator: "/")
                return "\(parts[0]) \(path)"
            })
    }

    @Test("every API route is in the document, and the document names no other")
    func routesMatch() async throws {
        let documented = try Self.documented()
        let registered = try await Self.registered()
        #expect(registered.count > 40)
        #expect(registered.subtracting(documented).sorted() == [], "registered but not documented")
        #expect(documented.subtracting(registered).sorted() == [], "documented but not registered")
    }
}
