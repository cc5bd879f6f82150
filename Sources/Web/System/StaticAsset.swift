import Crypto
import Foundation
import Hummingbird

/// A file of `Static/` served as is: read once, named by a version (the start of its SHA-256) that
/// pages put in its address (`?v=`). Asked for with that version it is cached for a year as
/// immutable, so a phone downloads it once per release; otherwise for five minutes. Its `ETag` lets
/// a browser revalidate with `If-None-Match` and get a 304 without the body.
struct StaticAsset: Sendable {
    let bytes: [UInt8]
    let type: String
    /// The first 16 hex digits of the file's SHA-256.
    let version: String

    init(_ name: String, _ ext: String, type: String) {
        let url = Bundle.module.url(forResource: name, withExtension: ext, subdirectory: "Static")
        bytes = url.flatMap { try? Data(contentsOf: $0) }.map { Array($0) } ?? []
        self.type = type
        version = String(Tokens.sha256Hex(bytes).prefix(16))
    }

    /// `route`'s address with the version that pages link to.
    func link(_ route: RouteDef) -> String { route.link() + "?v=" + version }

    /// The answer to `request`: the file, or 304 when the browser's copy is current.
    func response(_ request: Request) -> Response {
        let etag = "\"\(version)\""
        let versioned = request.uri.queryParameters.get("v") == version
        var headers: HTTPFields = [
            .contentType: type, .eTag: etag,
            .cacheControl: versioned ? "public, max-age=31536000, immutable" : "public, max-age=300",
        ]
        if request.headers[.ifNoneMatch]?.split(separator: ",").contains(where: { $0.trimmingCharacters(in: .whitespaces) == etag }) == true
        {
            return Response(status: .notModified, headers: headers)
        }
        headers[.contentLength] = String(bytes.count)
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    static let stylesheet = StaticAsset("motcua", "css", type: "text/css; charset=utf-8")
    static let reportScript = StaticAsset("report-form", "js", type: "text/javascript; charset=utf-8")
    static let operationsScript = StaticAsset("operations", "js", type: "text/javascript; charset=utf-8")
    static let icon = StaticAsset("favicon", "svg", type: "image/svg+xml")
    static let printScript = StaticAsset("print", "js", type: "text/javascript; charset=utf-8")
}
