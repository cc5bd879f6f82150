import Domain

/// Text with a NUL character (U+0000) is refused at the door on both engines: PostgreSQL cannot
/// store it in a text column, and no form, name or code of the platform has a use for it.
enum NULCharacters {
    /// Throws `http.nulCharacter` (400) when the JSON text `bytes` holds a `\u0000` escape.
    /// (A raw NUL byte is malformed JSON already.) A backslash preceded by an odd number of
    /// backslashes is itself escaped, so `\\u0000` (a backslash, then the text "u0000") passes.
    static func refuseInJSON<C: Collection>(_ bytes: C) throws where C.Element == UInt8 {
        let escape = Array("u0000".utf8)
        var backslashes = 0
        var index = bytes.startIndex
        while index != bytes.endIndex {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\\") {
                backslashes += 1
            } else {
                if backslashes % 2 == 1 && byte == UInt8(ascii: "u") && bytes[index...].starts(with: escape) {
                    throw DomainError(.invalid, "http.nulCharacter")
                }
                backslashes = 0
            }
            index = bytes.index(after: index)
        }
    }

    /// Throws `http.nulCharacter` (400) when `text` holds a NUL character.
    static func refuse(in text: String) throws {
        if text.utf8.contains(0) { throw DomainError(.invalid, "http.nulCharacter") }
    }
}
