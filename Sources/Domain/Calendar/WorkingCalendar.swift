import Foundation

/// What makes a day an exception to the weekly pattern.
public enum CalendarDayKind: String, Codable, Sendable, CaseIterable {
    /// Statutory public holiday (ngày lễ, Tết).
    case holiday
    /// Nghỉ bù: a day off because a holiday fell on a weekend.
    case compensatory
    /// A weekday off by the yearly swap (hoán đổi).
    case swapDayOff
    /// A weekend day worked to pay back a swap (làm bù).
    case swapWorkingDay

    public var isWorking: Bool { self == .swapWorkingDay }
}

/// One exception day in a working calendar.
public struct CalendarDay: Codable, Sendable, Hashable {
    public var date: LocalDate
    public var kind: CalendarDayKind
    public var name: String
    public var nameEn: String

    public init(date: LocalDate, kind: CalendarDayKind, name: String, nameEn: String) {
        self.date = date
        self.kind = kind
        self.name = name
        self.nameEn = nameEn
    }
}

/// A working-day calendar: a weekly pattern plus exception days, all data.
public struct WorkingCalendar: Sendable {
    public let code: String
    public let name: String
    /// ISO weekdays that are not worked (Saturday and Sunday in Vietnam).
    public let weekendDays: Set<Int>
    /// +25200 for Vietnam.
    public let utcOffsetSeconds: Int
    public let days: [LocalDate: CalendarDay]
    /// Years whose Tết days and day next to National Day were decided and entered, by year. Any other year is provisional: it
    /// holds only what the law fixes, and due dates in it may move when it is confirmed.
    public let confirmedYears: [Int: CalendarYearConfirmation]

    /// `weekendDays` must be ISO weekdays and leave at least one working weekday; a later entry for the same date wins.
    public init(
        code: String, name: String, weekendDays: Set<Int>, utcOffsetSeconds: Int, days: [CalendarDay],
        confirmedYears: [CalendarYearConfirmation] = []
    ) {
        precondition(weekendDays.isSubset(of: 1...7) && weekendDays.count < 7, "a week needs a working day")
        self.code = code
        self.name = name
        self.weekendDays = weekendDays
        self.utcOffsetSeconds = utcOffsetSeconds
        self.days = Dictionary(days.map { ($0.date, $0) }, uniquingKeysWith: { _, later in later })
        self.confirmedYears = Dictionary(confirmedYears.map { ($0.year, $0) }, uniquingKeysWith: { _, later in later })
    }

    /// Whether `year` still waits for the decision on its Tết days and the day next to National Day.
    public func isProvisional(_ year: Int) -> Bool { confirmedYears[year] == nil }

    /// The provisional years among those of `from` through `through`, in order.
    public func provisionalYears(from: LocalDate, through: LocalDate) -> [Int] {
        guard from <= through else { return [] }
        return (from.year...through.year).filter(isProvisional)
    }

    public func isWorkingDay(_ date: LocalDate) -> Bool {
        days[date]?.kind.isWorking ?? !weekendDays.contains(date.isoWeekday)
    }

    /// The day a receipt counts from: the receipt's local day if it is a working day and the time is before the cut-off; otherwise the next
    /// working day.
    public func effectiveReceiptDay(_ instant: Date, cutoffMinute: Int) -> LocalDate {
        let (date, minute) = LocalDate.local(instant, utcOffsetSeconds: utcOffsetSeconds)
        return isWorkingDay(date) && minute < cutoffMinute ? date : workingDayOnOrAfter(date.adding(days: 1))
    }

    /// The n-th working day strictly after `day` (n == 0 returns `day`). n >= 0.
    public func addingWorkingDays(_ n: Int, after day: LocalDate) -> LocalDate {
        precondition(n >= 0, "cannot add a negative number of working days")
        var date = day
        for _ in 0..<n {
            date = workingDayOnOrAfter(date.adding(days: 1))
        }
        return date
    }

    /// The due date: the n-th working day after the effective receipt day.
    public func dueDate(receivedAt: Date, workingDays: Int, cutoffMinute: Int) -> LocalDate {
        addingWorkingDays(workingDays, after: effectiveReceiptDay(receivedAt, cutoffMinute: cutoffMinute))
    }

    /// Working days d with start < d <= end (0 when end <= start).
    public func workingDays(after start: LocalDate, through end: LocalDate) -> Int {
        guard end > start else { return 0 }
        let span = end.dayNumber - start.dayNumber
        let fullWeeks = span / 7
        var count = fullWeeks * (7 - weekendDays.count)
        var date = start.adding(days: fullWeeks * 7)
        while date < end {
            date = date.adding(days: 1)
            if !weekendDays.contains(date.isoWeekday) { count += 1 }
        }
        for exception in days.values where exception.date > start && exception.date <= end {
            let worksByPattern = !weekendDays.contains(exception.date.isoWeekday)
            if exception.kind.isWorking != worksByPattern { count += exception.kind.isWorking ? 1 : -1 }
        }
        return count
    }

    /// The next working day on or after `day`.
    public func workingDayOnOrAfter(_ day: LocalDate) -> LocalDate {
        var date = day
        while !isWorkingDay(date) { date = date.adding(days: 1) }
        return date
    }
}
