import Domain
import Foundation

/// The language of a response: Vietnamese first, English second.
public enum Language: String, Sendable, CaseIterable {
    case vi, en
}

/// User-facing text from the string catalogues `Strings/vi.json` and `Strings/en.json`, plus a
/// module's own catalogues `Strings/<module>.vi.json` and `.en.json`. Keys are flat (and unique
/// across files); messages may hold `{name}` placeholders.
public struct Strings: Sendable {
    let tables: [Language: [String: String]]

    /// Loads both catalogues from the module's resources.
    public static func load() throws -> Strings {
        var tables: [Language: [String: String]] = [:]
        for language in Language.allCases {
            guard let url = Bundle.module.url(forResource: language.rawValue, withExtension: "json", subdirectory: "Strings") else {
                throw DomainError(.notFound, "strings.missing", ["language": language.rawValue])
            }
            var table = try JSONDecoder().decode([String: String].self, from: Data(contentsOf: url))
            let folder = url.deletingLastPathComponent()
            let extra = try FileManager.default.contentsOfDirectory(atPath: folder.path)
                .filter { $0.hasSuffix(".\(language.rawValue).json") }.sorted()
            for file in extra {
                let more = try JSONDecoder().decode([String: String].self, from: Data(contentsOf: folder.appendingPathComponent(file)))
                table.merge(more) { _, new in new }
            }
            tables[language] = table
        }
        return Strings(tables: tables)
    }

    /// The text for `key` in `language` (falling back to Vietnamese, then to the key itself).
    public func text(_ key: String, _ language: Language, _ args: [String: String] = [:]) -> String {
        var text = tables[language]?[key] ?? tables[.vi]?[key] ?? key
        for (name, value) in args { text = text.replacingOccurrences(of: "{\(name)}", with: value) }
        return text
    }

    public func has(_ key: String) -> Bool { tables[.vi]?[key] != nil }

    /// The whole catalogue of a language, for templates.
    public func table(_ language: Language) -> [String: String] { tables[language] ?? [:] }

    /// The message of an error in both languages.
    public func message(for error: DomainError) -> (vi: String, en: String) {
        let key = has("error.\(error.code)") ? "error.\(error.code)" : "error.kind.\(error.kind.rawValue)"
        return (text(key, .vi, error.args), text(key, .en, error.args))
    }
}
