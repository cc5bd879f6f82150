import Foundation

/// Dossier codes: the receiving agency's electronic identifier, the receipt date `YYMMDD`, and a
/// daily sequence of at least four digits, e.g. `000.00.30.H56-261122-0017`.
public enum DossierCode {
    public static func make(agencyId: String, date: LocalDate, sequence: Int) -> String {
        let yy = date.year % 100
        let digits = String(sequence)
        let padded = digits.count >= 4 ? digits : String(repeating: "0", count: 4 - digits.count) + digits
        return "\(agencyId)-\(two(yy))\(two(date.month))\(two(date.day))-\(padded)"
    }

    /// Whether `text` has the shape of a dossier code (used to reject junk before any lookup).
    public static func isWellFormed(_ text: String) -> Bool {
        guard text.count <= 60 else { return false }
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, !parts[0].isEmpty, parts[0].count <= 35,
            parts[0].allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == ".") }),
            parts[1].count == 6, parts[1].allSatisfy({ $0.isASCII && $0.isNumber }),
            parts[2].count >= 4, parts[2].count <= 9, parts[2].allSatisfy({ $0.isASCII && $0.isNumber })
        else { return false }
        return true
    }

    /// A code as a citizen types it (lower case, spaces around it) in the form the codes are made in:
    /// agency identifiers and codes are upper-case ASCII, so only ASCII letters are raised.
    public static func normalized(_ text: String) -> String {
        String(
            String.UnicodeScalarView(
                text.trimmingCharacters(in: .whitespaces).unicodeScalars.map {
                    $0.properties.isLowercase && $0.isASCII ? Unicode.Scalar(UInt8($0.value) - 32) : $0
                }))
    }

    private static func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
}
