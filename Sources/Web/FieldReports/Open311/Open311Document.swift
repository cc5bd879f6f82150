import Domain
import Foundation
import Hummingbird

/// A GeoReport v2 answer, written once and rendered as JSON or XML: ordered fields, nested
/// lists, and the spec's element names for list items.
indirect enum Open311Value: Sendable {
    case string(String?)
    case number(Double?)
    case bool(Bool)
    case integer(Int)
    /// Fields in order.
    case object([(String, Open311Value)])
    /// Items, and the XML element name of each item.
    case list([Open311Value], item: String)
}

/// The two formats of GeoReport v2.
enum Open311Format: String, Sendable {
    case json, xml

    /// The format named by the extension of a path's last segment (`services.json`), and the rest.
    static func split(_ segment: String) -> (name: String, format: Open311Format)? {
        guard let dot = segment.lastIndex(of: "."), let format = Open311Format(rawValue: String(segment[segment.index(after: dot)...]))
        else {
            return nil
        }
        return (String(segment[..<dot]), format)
    }

    var contentType: String { self == .json ? "application/json; charset=utf-8" : "text/xml; charset=utf-8" }

    /// `root` rendered; in XML the outermost element is `rootElement`.
    func render(_ root: Open311Value, rootElement: String) -> String {
        switch self {
        case .json: Self.json(root)
        case .xml: "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n" + Self.xml(root, element: rootElement)
        }
    }

    func response(_ root: Open311Value, rootElement: String, status: HTTPResponse.Status = .ok) -> Response {
        Response(
            status: status, headers: [.contentType: contentType, .cacheControl: "no-store"],
            body: .init(byteBuffer: ByteBuffer(string: render(root, rootElement: rootElement))))
    }

    static func json(_ value: Open311Value) -> String {
        switch value {
        case .string(let s): s.map(JSONText.quoted) ?? "null"
        case .number(let n): n.map { $0.isFinite ? String($0) : "null" } ?? "null"
        case .bool(let b): b ? "true" : "false"
        case .integer(let i): String(i)
        case .object(let fields): "{" + fields.map { JSONText.quoted($0.0) + ":" + json($0.1) }.joined(separator: ",") + "}"
        case .list(let items, _): "[" + items.map(json).joined(separator: ",") + "]"
        }
    }

    static func xml(_ value: Open311Value, element: String) -> String {
        switch value {
        case .string(let s): "<\(element)>\(escape(s ?? ""))</\(element)>"
        case .number(let n): "<\(element)>\(n.map { String($0) } ?? "")</\(element)>"
        case .bool(let b): "<\(element)>\(b)</\(element)>"
        case .integer(let i): "<\(element)>\(i)</\(element)>"
        case .object(let fields): "<\(element)>" + fields.map { xml($0.1, element: $0.0) }.joined() + "</\(element)>"
        case .list(let items, let item): "<\(element)>" + items.map { xml($0, element: item) }.joined() + "</\(element)>"
        }
    }

    static func escape(_ s: String) -> String {
        var out = ""
        for c in s.unicodeScalars {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            default:
                // Characters XML 1.0 forbids are dropped.
                if c.value < 0x20 && c != "\n" && c != "\r" && c != "\t" { continue }
                out.unicodeScalars.append(c)
            }
        }
        return out
    }
}

/// A GeoReport v2 error: HTTP status, and the spec's list of code and description.
struct Open311Error: Error {
    let status: HTTPResponse.Status
    let description: String

    func response(_ format: Open311Format) -> Response {
        let error = Open311Value.object([("code", .integer(Int(status.code))), ("description", .string(description))])
        return format.response(.list([error], item: "error"), rootElement: "errors", status: status)
    }
}
