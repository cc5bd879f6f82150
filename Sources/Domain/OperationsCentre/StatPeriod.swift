import Foundation

/// A period of the operations centre: a month, a quarter, a year, or a span of months.
/// Written as `2026-11`, `2026-Q4`, `2026`, or `2026-01..2026-06`.
public struct StatPeriod: Sendable, Hashable, CustomStringConvertible {
    /// What the period is, which decides its label and its neighbours.
    public enum Kind: String, Sendable, Codable { case month, quarter, year, span }

    public let kind: Kind
    /// First and last month, as `YYYY-MM`.
    public let firstMonth: YearMonth
    public let lastMonth: YearMonth

    public init(kind: Kind, firstMonth: YearMonth, lastMonth: YearMonth) {
        self.kind = kind
        self.firstMonth = firstMonth
        self.lastMonth = lastMonth
    }

    public static func month(_ m: YearMonth) -> StatPeriod { StatPeriod(kind: .month, firstMonth: m, lastMonth: m) }
    public static func quarter(year: Int, _ q: Int) -> StatPeriod {
        StatPeriod(kind: .quarter, firstMonth: YearMonth(year: year, month: q * 3 - 2), lastMonth: YearMonth(year: year, month: q * 3))
    }
    public static func year(_ y: Int) -> StatPeriod {
        StatPeriod(kind: .year, firstMonth: YearMonth(year: y, month: 1), lastMonth: YearMonth(year: y, month: 12))
    }

    /// Parses the written forms; nil for anything else (or a span longer than ten years).
    public init?(_ text: String) {
        let t = text.trimmingCharacters(in: .whitespaces)
        if let range = t.range(of: "..") {
            guard let a = YearMonth(String(t[..<range.lowerBound])), let b = YearMonth(String(t[range.upperBound...])),
                a <= b, b.index - a.index < 120
            else { return nil }
            self.init(kind: .span, firstMonth: a, lastMonth: b)
        } else if let m = YearMonth(t) {
            self = .month(m)
        } else if t.count == 7, t.dropFirst(4).hasPrefix("-Q"), let y = Int(t.prefix(4)), let q = Int(t.suffix(1)), (1...4).contains(q),
            (2000...2100).contains(y)
        {
            self = .quarter(year: y, q)
        } else if t.count == 4, let y = Int(t), (2000...2100).contains(y) {
            self = .year(y)
        } else {
            return nil
        }
    }

    public var description: String {
        switch kind {
        case .month: firstMonth.description
        case .quarter: "\(firstMonth.year)-Q\((firstMonth.month + 2) / 3)"
        case .year: "\(firstMonth.year)"
        case .span: "\(firstMonth)..\(lastMonth)"
        }
    }

    public var firstDay: LocalDate { firstMonth.firstDay }
    public var lastDay: LocalDate { lastMonth.lastDay }
    public var monthCount: Int { lastMonth.index - firstMonth.index + 1 }

    /// The period of the same kind just before this one (a span moves by its length).
    public var previous: StatPeriod {
        StatPeriod(kind: kind, firstMonth: firstMonth.adding(-monthCount), lastMonth: lastMonth.adding(-monthCount))
    }

    /// The period of the same kind containing `day`.
    public static func containing(_ day: LocalDate, kind: Kind) -> StatPeriod {
        let m = YearMonth(year: day.year, month: day.month)
        switch kind {
        case .month, .span: return .month(m)
        case .quarter: return .quarter(year: day.year, (day.month + 2) / 3)
        case .year: return .year(day.year)
        }
    }
}

/// A calendar month.
public struct YearMonth: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    public let year: Int
    public let month: Int

    public init(year: Int, month: Int) {
        self.year = year
        self.month = month
    }

    /// Parses `YYYY-MM`.
    public init?(_ text: String) {
        let parts = text.split(separator: "-")
        guard text.count == 7, parts.count == 2, let y = Int(parts[0]), let m = Int(parts[1]), (2000...2100).contains(y),
            (1...12).contains(m)
        else { return nil }
        self.init(year: y, month: m)
    }

    public var index: Int { year * 12 + month - 1 }
    public func adding(_ months: Int) -> YearMonth {
        let i = index + months
        return YearMonth(year: i / 12, month: i % 12 + 1)
    }
    public var firstDay: LocalDate { LocalDate(year: year, month: month, day: 1)! }
    public var lastDay: LocalDate { adding(1).firstDay.adding(days: -1) }
    public var description: String { "\(year)-" + (month < 10 ? "0\(month)" : "\(month)") }
    public static func < (a: YearMonth, b: YearMonth) -> Bool { a.index < b.index }
}

extension StatPeriod: Codable {
    /// Written as text (`2026-11`, `2026-Q4`...), as in URLs.
    public init(from decoder: any Decoder) throws {
        let text = try String(from: decoder)
        guard let period = StatPeriod(text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "bad period \(text)"))
        }
        self = period
    }
    public func encode(to encoder: any Encoder) throws { try description.encode(to: encoder) }
}
