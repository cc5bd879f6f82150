import Foundation

/// Reads the fields a browser would send for a form of a rendered page: its inputs (a checkbox only when
/// checked, with "on"), its text areas and each select's chosen option (else its first).
enum FormReading {
    static func fields(formId: String, in html: String) -> [String: String] {
        guard let form = PageReading.inner(id: formId, in: html) else { return [:] }
        var fields: [String: String] = [:]
        for tag in matches("<input [^>]*>", in: form) {
            guard let name = attribute("name", tag) else { continue }
            if attribute("type", tag) == "checkbox" {
                if tag.contains(" checked") { fields[name] = attribute("value", tag) ?? "on" }
            } else {
                fields[name] = attribute("value", tag) ?? ""
            }
        }
        for area in matches("<textarea [^>]*>[^<]*</textarea>", in: form) {
            guard let name = attribute("name", area), let start = area.firstIndex(of: ">") else { continue }
            fields[name] = Portal.unescape(String(area[area.index(after: start)...].dropLast("</textarea>".count)))
        }
        for select in matches("<select [^>]*>(?:.|\\n)*?</select>", in: form) {
            guard let name = attribute("name", select) else { continue }
            let options = matches("<option [^>]*>", in: select)
            let chosen = options.first { $0.contains(" selected") } ?? options.first
            fields[name] = chosen.flatMap { attribute("value", $0) } ?? ""
        }
        return fields
    }

    private static func matches(_ pattern: String, in text: String) -> [String] {
        guard let regex = try? NSRegularExpression(pattern: pattern) else { return [] }
        return regex.matches(in: text, range: NSRange(text.startIndex..., in: text)).compactMap {
            Range($0.range, in: text).map { String(text[$0]) }
        }
    }

    private static func attribute(_ name: String, _ tag: String) -> String? {
        guard let start = tag.range(of: " \(name)=\"") else { return nil }
        return Portal.unescape(String(tag[start.upperBound...].prefix { $0 != "\"" }))
    }
}
