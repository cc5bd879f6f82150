import Foundation

/// Folds Vietnamese text for search: NFC, marks stripped, lower-cased, đ to d, spaces collapsed.
/// "Đăng ký khai sinh" and "dang  ky KHAI sinh" fold to the same "dang ky khai sinh".
public enum VietnameseFolding {
    public static func fold(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        var lastWasSpace = true
        for scalar in text.decomposedStringWithCanonicalMapping.unicodeScalars {
            if scalar.properties.generalCategory == .nonspacingMark { continue }
            if scalar == "đ" || scalar == "Đ" {
                out.append("d")
                lastWasSpace = false
                continue
            }
            if scalar.properties.isWhitespace || scalar.properties.generalCategory == .dashPunctuation
                || scalar == "," || scalar == "." || scalar == ";" || scalar == ":" || scalar == "(" || scalar == ")"
            {
                if !lastWasSpace {
                    out.append(" ")
                    lastWasSpace = true
                }
                continue
            }
            for lower in scalar.properties.lowercaseMapping.unicodeScalars { out.append(lower) }
            lastWasSpace = false
        }
        var folded = String(out)
        if folded.hasSuffix(" ") { folded.removeLast() }
        return folded
    }
}
