import Foundation

/// Reads a rendered page the way the browser journeys read it with selectors: the inner HTML or
/// text of an element found by its id, the cells of a table's body rows, an attribute's value.
enum PageReading {
    /// The inner HTML of the first element with `id` (its own tag counted, so nested ones are skipped).
    static func inner(id: String, in html: String) -> String? {
        guard let marker = html.range(of: " id=\"\(id)\""),
            let open = html[..<marker.lowerBound].range(of: "<", options: .backwards)
        else { return nil }
        let tag = String(html[open.upperBound..<marker.lowerBound].prefix { $0.isLetter || $0.isNumber })
        guard let start = html[marker.upperBound...].firstIndex(of: ">") else { return nil }
        var depth = 1
        var cursor = html.index(after: start)
        while depth > 0 {
            let nextOpen = html[cursor...].range(of: "<\(tag)[ >]", options: .regularExpression)
            guard let close = html[cursor...].range(of: "</\(tag)>") else { return nil }
            if let nextOpen, nextOpen.lowerBound < close.lowerBound {
                depth += 1
                cursor = nextOpen.upperBound
            } else {
                depth -= 1
                if depth == 0 { return String(html[html.index(after: start)..<close.lowerBound]) }
                cursor = close.upperBound
            }
        }
        return nil
    }

    /// The text of the first element with `id`: tags removed, entities undone, white space collapsed.
    static func text(id: String, in html: String) -> String? {
        inner(id: id, in: html).map(plain)
    }

    /// The cells (as text) of every row of the element with `id` that has `<td>` cells.
    static func rows(id: String, in html: String) -> [[String]] {
        guard let table = inner(id: id, in: html) else { return [] }
        return table.components(separatedBy: "<tr").dropFirst().compactMap { row in
            let found = cells(in: row)
            return found.isEmpty ? nil : found
        }
    }

    /// The `<td>` cells of one row's HTML, as text.
    static func cells(in row: String) -> [String] {
        row.components(separatedBy: "<td").dropFirst().map { cell in
            plain(String(cell.drop { $0 != ">" }.dropFirst()).components(separatedBy: "</td>")[0])
        }
    }

    /// The value of `attribute` on the first element with `id`, unescaped.
    static func attribute(_ attribute: String, id: String, in html: String) -> String? {
        guard let marker = html.range(of: " id=\"\(id)\""),
            let open = html[..<marker.lowerBound].range(of: "<", options: .backwards),
            let end = html[marker.upperBound...].firstIndex(of: ">")
        else { return nil }
        let tag = html[open.upperBound..<end]
        guard let value = tag.range(of: " \(attribute)=\"") else { return nil }
        return Portal.unescape(String(tag[value.upperBound...].prefix { $0 != "\"" }))
    }

    /// Every number that a link of `html` gives after `prefix` (`/phan-anh/12` → 12 for `/phan-anh/`).
    static func ids(linkedAs prefix: String, in html: String) -> [Int64] {
        let pattern = "href=\"" + NSRegularExpression.escapedPattern(for: prefix) + "(\\d+)\""
        guard let regex = try? NSRegularExpression(pattern: pattern) else { return [] }
        let range = NSRange(html.startIndex..., in: html)
        return regex.matches(in: html, range: range).compactMap { match in
            Range(match.range(at: 1), in: html).flatMap { Int64(html[$0]) }
        }
    }

    static func plain(_ html: String) -> String {
        let noTags = html.replacingOccurrences(of: "<[^>]*>", with: " ", options: .regularExpression)
        return Portal.unescape(noTags).split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }
}
