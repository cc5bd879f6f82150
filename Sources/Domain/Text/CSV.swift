/// CSV (RFC 4180): fields quoted when needed, quotes doubled; the parser accepts quoted fields
/// spanning lines, CRLF or LF line ends, and a leading UTF-8 byte-order mark. A field that a
/// spreadsheet would run as a formula (starting with `=`, `+`, `-`, `@`, a tab or a carriage
/// return, and not a plain number) is written after a `'`, which the parser removes again.
public enum CSV {
    public static let byteOrderMark = "\u{FEFF}"

    /// One CSV document from rows of fields, CRLF line ends.
    public static func write(_ rows: [[String]]) -> String {
        rows.map { $0.map(field).joined(separator: ",") }.joined(separator: "\r\n") + "\r\n"
    }

    /// One field as written: neutralised, then quoted when needed.
    public static func field(_ text: String) -> String {
        let safe = needsGuard(text) ? "'" + text : text
        guard safe.contains(where: { $0 == "," || $0 == "\"" || $0.isNewline }) else { return safe }
        return "\"" + safe.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// Whether a field starts like a formula (or with the guard itself, so that reading it back is exact).
    static func needsGuard(_ text: String) -> Bool {
        guard let first = text.unicodeScalars.first, "=+-@\t\r'".unicodeScalars.contains(first) else { return false }
        return first == "'" || !isPlainNumber(text)
    }

    /// `-5`, `+3.5`: numbers a spreadsheet reads as numbers, not formulas.
    static func isPlainNumber(_ text: String) -> Bool {
        let digits = text.dropFirst()
        return !digits.isEmpty && digits.filter { $0 == "." }.count <= 1 && digits.first != "." && digits.last != "."
            && digits.allSatisfy { $0 == "." || ("0"..."9").contains($0) }
    }

    /// A field as read: the guard written by `field` removed.
    static func unguarded(_ text: String) -> String {
        guard text.hasPrefix("'"), needsGuard(String(text.dropFirst())) else { return text }
        return String(text.dropFirst())
    }

    /// Rows of fields; throws on an unterminated quote.
    public static func parse(_ text: String) throws -> [[String]] {
        var rows: [[String]] = []
        var row: [String] = []
        var field = ""
        var inQuotes = false
        var chars = Array(text.hasPrefix(byteOrderMark) ? String(text.dropFirst()) : text)
        chars.append("\n")
        var i = 0
        while i < chars.count {
            let c = chars[i]
            if inQuotes {
                if c == "\"" {
                    if i + 1 < chars.count && chars[i + 1] == "\"" {
                        field.append("\"")
                        i += 1
                    } else {
                        inQuotes = false
                    }
                } else {
                    field.append(c)
                }
            } else if c == "\"" && field.isEmpty {
                inQuotes = true
            } else if c == "," {
                row.append(unguarded(field))
                field = ""
            } else if c == "\n" || c == "\r\n" || c == "\r" {
                row.append(unguarded(field))
                field = ""
                if !(row.count == 1 && row[0].isEmpty) { rows.append(row) }
                row = []
            } else {
                field.append(c)
            }
            i += 1
        }
        if inQuotes { throw DomainError(.invalid, "csv.unterminatedQuote") }
        return rows
    }
}
