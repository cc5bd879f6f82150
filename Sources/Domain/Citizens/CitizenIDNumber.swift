/// The 12-digit personal identification number (Decree 137/2015, Circular 07/2016/TT-BCA):
/// 3 digits of the province of birth registration, 1 digit of century and sex, 2 digits of the
/// year of birth, 6 random digits.
public enum CitizenIDNumber {
    /// Province codes of the 63 provinces of 2015 (the numbers the scheme assigned, with gaps).
    static let provinceCodes: Set<Int> = [
        1, 2, 4, 6, 8, 10, 11, 12, 14, 15, 17, 19, 20, 22, 24, 25, 26, 27, 30, 31, 33, 34, 35, 36, 37, 38, 40, 42,
        44, 45, 46, 48, 49, 51, 52, 54, 56, 58, 60, 62, 64, 66, 67, 68, 70, 72, 74, 75, 77, 79, 80, 82, 83, 84,
        86, 87, 89, 91, 92, 93, 94, 95, 96,
    ]

    /// Whether `number` has the structure of a personal identification number, and agrees with
    /// `birthDate` (century and year) when one is known.
    public static func isValid(_ number: String, birthDate: LocalDate? = nil) -> Bool {
        let digits = number.compactMap { $0.isASCII ? $0.wholeNumberValue : nil }
        guard number.count == 12, digits.count == 12 else { return false }
        let province = digits[0] * 100 + digits[1] * 10 + digits[2]
        guard provinceCodes.contains(province) else { return false }
        guard let birthDate else { return true }
        // 0/1: 20th century (male/female), 2/3: 21st, 4/5: 22nd, 6/7: 23rd, 8/9: 24th.
        let century = 1900 + (digits[3] / 2) * 100
        let year = century + digits[4] * 10 + digits[5]
        return year == birthDate.year
    }
}
