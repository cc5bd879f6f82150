import Foundation
import TestSupport
import Testing

/// Static files on a cheap phone: every page names an icon (no 404 per page), the stylesheet and
/// scripts are linked with their version and then cached for a year, and a browser revalidating
/// its copy gets a 304 without the body.
@Suite("Static files")
struct StaticAssetTests {
    /// The `href` or `src` of `name` in `html`, e.g. the stylesheet's.
    static func link(_ prefix: String, in html: String) -> String? {
        guard let start = html.range(of: prefix) else { return nil }
        let rest = html[start.lowerBound...]
        return rest.firstIndex(of: "\"").map { String(rest[..<$0]) }
    }

    @Test("pages link a versioned stylesheet and an icon; versioned files are immutable; an ETag gives 304")
    func cached() async throws {
        try await withApp(.sqlite) { api, _ in
            let home = try await api.request(.get, "/")
            let stylesheet = try #require(Self.link("/static/motcua.css?v=", in: home.text))
            let icon = try #require(Self.link("/static/favicon.svg?v=", in: home.text))
            #expect(home.text.contains("rel=\"icon\""))

            let css = try await api.request(.get, stylesheet)
            #expect(css.status == .ok && css.text.contains("body"))
            #expect(css.headers[.cacheControl] == "public, max-age=31536000, immutable")
            let etag = try #require(css.headers[.eTag])
            let again = try await api.request(.get, stylesheet, headers: ["If-None-Match": etag])
            #expect(again.status == .notModified && again.text.isEmpty)

            // An old version's address (a page cached before a release) is not kept for a year.
            let stale = try await api.request(.get, "/static/motcua.css?v=0000000000000000")
            #expect(stale.status == .ok && stale.headers[.cacheControl] == "public, max-age=300")

            let svg = try await api.request(.get, icon)
            #expect(svg.status == .ok && svg.headers[.contentType] == "image/svg+xml" && svg.text.contains("<svg"))
        }
    }
}
