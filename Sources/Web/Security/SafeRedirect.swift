import Foundation

/// The allow-list of redirect targets taken from a request (`next` after a login): a local path
/// only, checked as given and once percent-decoded.
enum SafeRedirect {
    /// `raw` when it is a local path (one leading `/`, no `//`, no backslash, no control character
    /// or whitespace, no scheme), else nil.
    static func localPath(_ raw: String?) -> String? {
        guard let raw, !raw.isEmpty, raw.utf8.count <= 300, isLocal(raw) else { return nil }
        guard let decoded = raw.removingPercentEncoding, isLocal(decoded) else { return nil }
        return raw
    }

    private static func isLocal(_ path: String) -> Bool {
        let bytes = Array(path.utf8)
        guard bytes.first == UInt8(ascii: "/"), bytes.count < 2 || bytes[1] != UInt8(ascii: "/") else { return false }
        let path = path.split(separator: "?", maxSplits: 1).first.map(String.init) ?? path
        if path.contains(":") { return false }
        return !bytes.contains { $0 < 0x21 || $0 == 0x7F || $0 == UInt8(ascii: "\\") }
            && !path.unicodeScalars.contains { $0.properties.isWhitespace || $0.properties.generalCategory == .control }
    }
}
