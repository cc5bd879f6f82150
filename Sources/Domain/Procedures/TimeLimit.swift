import Foundation

/// How a time limit is counted (the unit the procedure's law uses).
public enum TimeLimitUnit: String, Codable, Sendable, CaseIterable {
    /// Working days of the procedure's calendar (most procedures).
    case workingDays
    /// Calendar days; a limit ending on a day off ends on the next working day (Civil Code 2015, art. 148 (2)).
    case calendarDays
    /// Hours from the receipt, round the clock.
    case hours
    /// "Trong ngày": the result is returned on the day the dossier counts from.
    case sameDay
}

/// A time limit as the law writes it: a value and its unit ("05 ngày làm việc", "30 ngày", "24 giờ", "trong ngày").
public struct TimeLimit: Codable, Sendable, Hashable {
    public var value: Int
    public var unit: TimeLimitUnit

    public init(value: Int, unit: TimeLimitUnit) {
        self.value = unit == .sameDay ? 0 : value
        self.unit = unit
    }

    public static func workingDays(_ n: Int) -> TimeLimit { TimeLimit(value: n, unit: .workingDays) }
    public static func calendarDays(_ n: Int) -> TimeLimit { TimeLimit(value: n, unit: .calendarDays) }
    public static func hours(_ n: Int) -> TimeLimit { TimeLimit(value: n, unit: .hours) }
    public static let sameDay = TimeLimit(value: 0, unit: .sameDay)

    /// A limit stored before units existed: a number of working days, where 0 meant the same day.
    public static func legacy(days: Int) -> TimeLimit { days == 0 ? .sameDay : .workingDays(days) }

    /// Whether the value suits the unit: a day count of 1 to 365, an hour count of 1 to 720.
    public var isValid: Bool {
        switch unit {
        case .sameDay: value == 0
        case .workingDays, .calendarDays: (1...365).contains(value)
        case .hours: (1...720).contains(value)
        }
    }

    /// The limit as people read it: "Trong ngày", "5 ngày làm việc", "30 ngày", "4 giờ" (or in English).
    public func label(english: Bool) -> String {
        switch unit {
        case .sameDay: english ? "Same day" : "Trong ngày"
        case .workingDays: english ? "\(value) working day\(value == 1 ? "" : "s")" : "\(value) ngày làm việc"
        case .calendarDays: english ? "\(value) day\(value == 1 ? "" : "s")" : "\(value) ngày"
        case .hours: english ? "\(value) hour\(value == 1 ? "" : "s")" : "\(value) giờ"
        }
    }

    /// The catalogue CSV's cell: "sameDay" or "<value> <unit>" ("5 workingDays", "24 hours").
    public var cell: String { unit == .sameDay ? unit.rawValue : "\(value) \(unit.rawValue)" }

    /// Reads `cell`; nil when malformed.
    public init?(cell: String) {
        let parts = cell.trimmingCharacters(in: .whitespaces).split(separator: " ")
        if parts.count == 1, parts[0] == TimeLimitUnit.sameDay.rawValue {
            self = .sameDay
        } else if parts.count == 2, let value = Int(parts[0]), let unit = TimeLimitUnit(rawValue: String(parts[1])), unit != .sameDay {
            self.init(value: value, unit: unit)
        } else {
            return nil
        }
    }
}

extension WorkingCalendar {
    /// The due date of a dossier received at `receivedAt` under `limit`. The day the count starts from is
    /// the receipt's day when it is a working day and the receipt comes before `cutoffMinute` (nil: no
    /// cut-off), otherwise the next working day. Working days are added to it; calendar days are added to
    /// it too, a date falling on a day off moving to the next working day (Civil Code 2015, art. 147-148);
    /// a same-day limit ends on it; hours run from the receipt round the clock, the due date being the day
    /// the last hour falls on.
    public func dueDate(receivedAt: Date, limit: TimeLimit, cutoffMinute: Int?) -> LocalDate {
        let start = effectiveReceiptDay(receivedAt, cutoffMinute: cutoffMinute ?? 24 * 60)
        switch limit.unit {
        case .sameDay: return start
        case .workingDays: return addingWorkingDays(limit.value, after: start)
        case .calendarDays: return workingDayOnOrAfter(start.adding(days: limit.value))
        case .hours:
            let end = receivedAt.addingTimeInterval(TimeInterval(limit.value * 3600))
            return LocalDate.local(end, utcOffsetSeconds: utcOffsetSeconds).date
        }
    }
}
