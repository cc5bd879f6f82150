import Foundation

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// A small XML element tree read with `XMLParser` (no DTD, no external entities), bounded in depth
/// and element count, and written back in one fixed form: the packages' canonical form.
public struct XMLElementNode: Sendable, Hashable {
    /// The local name (any `prefix:` dropped: the packages' elements are matched by local name).
    public var name: String
    public var attributes: [String: String]
    public var children: [XMLElementNode]
    /// The element's own text (its character data), untrimmed.
    public var text: String

    public init(_ name: String, attributes: [String: String] = [:], children: [XMLElementNode] = [], text: String = "") {
        self.name = name
        self.attributes = attributes
        self.children = children
        self.text = text
    }

    /// The first child named `name`.
    public func child(_ name: String) -> XMLElementNode? { children.first { $0.name == name } }

    /// The children named `name`.
    public func all(_ name: String) -> [XMLElementNode] { children.filter { $0.name == name } }

    /// The trimmed text of the element at `path` (child names), nil when absent or empty.
    public func value(_ path: String...) -> String? {
        var node = self
        for name in path {
            guard let next = node.child(name) else { return nil }
            node = next
        }
        let text = node.text.trimmingCharacters(in: .whitespacesAndNewlines)
        return text.isEmpty ? nil : text
    }

    /// Parses `bytes`; nil when they are not well-formed XML, exceed the bounds, or hold a document type declaration (no
    /// package needs one, and it is where entities that expand without bound are declared).
    public static func parse(_ bytes: [UInt8], maxDepth: Int = 16, maxElements: Int = 5000) -> XMLElementNode? {
        guard !declaresDocumentType(bytes) else { return nil }
        let parser = XMLParser(data: Data(bytes))
        parser.shouldResolveExternalEntities = false
        let builder = TreeBuilder(maxDepth: maxDepth, maxElements: maxElements)
        parser.delegate = builder
        guard parser.parse(), !builder.failed, let root = builder.root else { return nil }
        return root
    }

    /// The element and its children written with `prefix:` on every name (nil: none), attributes sorted, text escaped.
    public func written(prefix: String? = nil) -> String {
        var out = ""
        write(into: &out, prefix: prefix)
        return out
    }

    /// Whether `bytes` hold `<!DOCTYPE`.
    static func declaresDocumentType(_ bytes: [UInt8]) -> Bool {
        let marker = Array("<!DOCTYPE".utf8)
        guard bytes.count >= marker.count else { return false }
        for start in 0...(bytes.count - marker.count) where bytes[start] == marker[0] && bytes[start + 1] == marker[1] {
            if bytes[start..<(start + marker.count)].elementsEqual(marker) { return true }
        }
        return false
    }

    func write(into out: inout String, prefix: String?) {
        let tag = prefix.map { "\($0):\(name)" } ?? name
        out += "<" + tag
        for (key, value) in attributes.sorted(by: { $0.key < $1.key }) { out += " \(key)=\"\(Self.escape(value, quote: true))\"" }
        out += ">"
        out += Self.escape(text, quote: false)
        for child in children { child.write(into: &out, prefix: prefix) }
        out += "</" + tag + ">"
    }

    /// `text` with the XML special characters escaped.
    public static func escape(_ text: String, quote: Bool) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for c in text.unicodeScalars {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"" where quote: out += "&quot;"
            case "\r": out += "&#13;"
            default: out.unicodeScalars.append(c)
            }
        }
        return out
    }
}

/// Builds the tree from the parser's events; gives up past the bounds.
private final class TreeBuilder: NSObject, XMLParserDelegate {
    let maxDepth: Int
    let maxElements: Int
    var stack: [XMLElementNode] = []
    var root: XMLElementNode?
    var elements = 0
    var failed = false

    init(maxDepth: Int, maxElements: Int) {
        self.maxDepth = maxDepth
        self.maxElements = maxElements
    }

    func parser(
        _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName: String?,
        attributes: [String: String] = [:]
    ) {
        elements += 1
        guard stack.count < maxDepth, elements <= maxElements, root == nil else {
            failed = true
            parser.abortParsing()
            return
        }
        let local = elementName.split(separator: ":").last.map(String.init) ?? elementName
        stack.append(XMLElementNode(local, attributes: attributes.filter { !$0.key.hasPrefix("xmlns") }))
    }

    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?) {
        guard let done = stack.popLast() else { return }
        if stack.isEmpty { root = done } else { stack[stack.count - 1].children.append(done) }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        guard !stack.isEmpty else { return }
        stack[stack.count - 1].text += string
    }

    func parser(_ parser: XMLParser, foundCDATA CDATABlock: Data) {
        guard !stack.isEmpty else { return }
        stack[stack.count - 1].text += String(decoding: CDATABlock, as: UTF8.self)
    }

}
