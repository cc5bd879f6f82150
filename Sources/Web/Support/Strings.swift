import Domain
import Foundation

/// The language of a response: Vietnamese first, English second.
public enum Language: String, Sendable, CaseIterable {
    case vi, en
}

/// User-facing text from the string catalogues `Strings/vi.json` and `Strings/en.json`.
/// Keys are flat; messages may hold `{name}` placeholders.
public struct Strings: Sendable {
    let tables: [Language: [String: String]]

    /// Loads both catalogues from the module's resources.
    public static func load() throws -> Strings {
        var tables: [Language: [String: String]] = [:]
        for language in Language.allCases {
            guard let url = Bundle.module.url(forResource: language.rawValue, withExtension: "json", subdirectory: "Strings") else {
                throw DomainError(.notFound, "strings.missing", ["language": language.rawValue])
            }
            tables[language] = try JSONDecoder().decode([String: String].self, from: Data(contentsOf: url))
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
