import Foundation

/// A calendar date without time zone (proleptic Gregorian).
public struct LocalDate: Hashable, Comparable, Codable, Sendable, CustomStringConvertible {
    public let year: Int
    public let month: Int
    public let day: Int

    /// Nil when the date does not exist (e.g. 2026-02-30).
    public init?(year: Int, month: Int, day: Int) {
        guard (1...12).contains(month), day >= 1, day <= Self.daysInMonth(year: year, month: month) else {
            return nil
        }
        self.year = year
        self.month = month
        self.day = day
    }

    /// Parses exactly "YYYY-MM-DD"; nil for any other text or a date that does not exist.
    public init?(iso: String) {
        let bytes = Array(iso.utf8)
        guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-") else { return nil }
        func number(_ range: Range<Int>) -> Int? {
            var value = 0
            for byte in bytes[range] {
                guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) else { return nil }
                value = value * 10 + Int(byte - UInt8(ascii: "0"))
            }
            return value
        }
        guard let year = number(0..<4), let month = number(5..<7), let day = number(8..<10) else { return nil }
        self.init(year: year, month: month, day: day)
    }

    /// The date `dayNumber` days after 1970-01-01.
    public init(dayNumber: Int) {
        let marchDays = dayNumber + Self.marchEpochOffset
        // Years counted from 1 March put the leap day last; the estimate is off by at most one year.
        var marchYear = Self.floorDiv(marchDays * 400, 146_097)
        while Self.marchYearStart(marchYear + 1) <= marchDays { marchYear += 1 }
        while Self.marchYearStart(marchYear) > marchDays { marchYear -= 1 }
        let dayOfYear = marchDays - Self.marchYearStart(marchYear)
        let monthIndex = (5 * dayOfYear + 2) / 153  // 0 = March ... 11 = February
        day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        month = (monthIndex + 2) % 12 + 1
        year = monthIndex >= 10 ? marchYear + 1 : marchYear
    }

    /// Days since 1970-01-01 (negative before).
    public var dayNumber: Int {
        let marchYear = month <= 2 ? year - 1 : year
        let monthIndex = (month + 9) % 12
        return Self.marchYearStart(marchYear) + (153 * monthIndex + 2) / 5 + day - 1 - Self.marchEpochOffset
    }

    /// "YYYY-MM-DD"; years outside 0...9999 are written with more digits or a sign and do not parse back.
    public var iso: String {
        if (0...9999).contains(year) {
            // The common case without intermediate strings (dates are written in every answer).
            return String(unsafeUninitializedCapacity: 10) { buffer in
                Self.writeDigits(year, 4, into: buffer, at: 0)
                buffer[4] = UInt8(ascii: "-")
                Self.writeDigits(month, 2, into: buffer, at: 5)
                buffer[7] = UInt8(ascii: "-")
                Self.writeDigits(day, 2, into: buffer, at: 8)
                return 10
            }
        }
        func padded(_ value: Int, _ width: Int) -> String {
            let digits = String(value)
            return String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        let yearText = year < 0 ? "-" + padded(-year, 4) : padded(year, 4)
        return "\(yearText)-\(padded(month, 2))-\(padded(day, 2))"
    }

    public var description: String { iso }

    /// Writes `value` as `width` zero-padded decimal digits (value must fit).
    public static func writeDigits(_ value: Int, _ width: Int, into buffer: UnsafeMutableBufferPointer<UInt8>, at offset: Int) {
        var rest = value
        for i in stride(from: offset + width - 1, through: offset, by: -1) {
            buffer[i] = UInt8(ascii: "0") + UInt8(rest % 10)
            rest /= 10
        }
    }

    /// 1 = Monday ... 7 = Sunday.
    public var isoWeekday: Int { Self.floorMod(dayNumber + 3, 7) + 1 }  // 1970-01-01 was a Thursday

    public func adding(days: Int) -> LocalDate { LocalDate(dayNumber: dayNumber + days) }

    /// The instant this day starts at, in a zone `utcOffsetSeconds` east of UTC.
    public func startInstant(utcOffsetSeconds: Int) -> Date {
        Date(timeIntervalSince1970: Double(dayNumber * 86_400 - utcOffsetSeconds))
    }

    /// The local date and minutes after local midnight of an instant at a fixed UTC offset.
    public static func local(_ instant: Date, utcOffsetSeconds: Int) -> (date: LocalDate, minuteOfDay: Int) {
        let seconds = Int(instant.timeIntervalSince1970.rounded(.down)) + utcOffsetSeconds
        return (LocalDate(dayNumber: floorDiv(seconds, 86_400)), floorMod(seconds, 86_400) / 60)
    }

    public static func < (lhs: LocalDate, rhs: LocalDate) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let date = LocalDate(iso: text) else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "Expected a date as YYYY-MM-DD, found \"\(text)\"")
        }
        self = date
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(iso)
    }

    // MARK: - Arithmetic

    /// Days from 0000-03-01 to 1970-01-01.
    private static let marchEpochOffset = 719_468

    /// Days from 0000-03-01 to 1 March of `marchYear`.
    private static func marchYearStart(_ marchYear: Int) -> Int {
        365 * marchYear + floorDiv(marchYear, 4) - floorDiv(marchYear, 100) + floorDiv(marchYear, 400)
    }

    private static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 2:
            let isLeap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
            return isLeap ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    private static func floorDiv(_ a: Int, _ b: Int) -> Int {
        let quotient = a / b
        return (a % b != 0 && (a < 0) != (b < 0)) ? quotient - 1 : quotient
    }

    private static func floorMod(_ a: Int, _ b: Int) -> Int { a - floorDiv(a, b) * b }
}
