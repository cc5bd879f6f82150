import Foundation

/// The public holidays the law fixes (Labour Code 2019, Art. 112(1), unamended in force on 2026-12-06) and the compensatory days
/// of Art. 111(3). The law fixes five Tết days and one day next to National Day without saying which: the Prime Minister decides
/// them each year, so they are entered by an administrator from the decision (`confirmedDays`) and never computed.
public enum StatutoryHolidays {
    /// A holiday whose date the law itself fixes, with the provision it comes from.
    public struct FixedHoliday: Sendable {
        public let name: String
        public let nameEn: String
        public let article: String
        /// The solar date of the holiday in a year.
        let date: @Sendable (Int) -> LocalDate?
    }

    /// The holidays with a date fixed by the Labour Code 2019, Art. 112(1).
    public static let fixed: [FixedHoliday] = [
        FixedHoliday(
            name: "Tết Dương lịch", nameEn: "New Year's Day", article: "Bộ luật Lao động 2019, Điều 112 khoản 1 điểm a",
            date: { LocalDate(year: $0, month: 1, day: 1) }),
        FixedHoliday(
            name: "Giỗ Tổ Hùng Vương", nameEn: "Hùng Kings' Commemoration Day",
            article: "Bộ luật Lao động 2019, Điều 112 khoản 1 điểm e (10/3 âm lịch)",
            date: { VietnameseLunarCalendar.solarDate(lunarYear: $0, month: 3, day: 10) }),
        FixedHoliday(
            name: "Ngày Chiến thắng", nameEn: "Reunification Day", article: "Bộ luật Lao động 2019, Điều 112 khoản 1 điểm c",
            date: { LocalDate(year: $0, month: 4, day: 30) }),
        FixedHoliday(
            name: "Ngày Quốc tế Lao động", nameEn: "International Labour Day", article: "Bộ luật Lao động 2019, Điều 112 khoản 1 điểm d",
            date: { LocalDate(year: $0, month: 5, day: 1) }),
        FixedHoliday(
            name: "Quốc khánh", nameEn: "National Day", article: "Bộ luật Lao động 2019, Điều 112 khoản 1 điểm đ (ngày 2/9)",
            date: { LocalDate(year: $0, month: 9, day: 2) }),
    ]

    /// Number of Tết days (Art. 112(1)(b)); which days is the Prime Minister's yearly decision.
    public static let tetDayCount = 5
    /// How far from lunar new year's day a decided Tết day may fall.
    public static let tetWindowDays = 10

    /// What is certain about `year` before the yearly decision: the fixed holidays and their compensatory days, sorted by date.
    /// Tết and the day next to National Day are absent.
    public static func certainDays(forYear year: Int) -> [CalendarDay] {
        withCompensatoryDays(fixed.compactMap { rule in rule.date(year).map { holiday($0, rule.name, rule.nameEn) } })
    }

    /// The holidays of a confirmed year: the certain days plus the decided Tết days and the decided day next to 2 September,
    /// with compensatory days (Art. 111(3)). Throws `calendar.badTetDays` or `calendar.badNationalDayAdjacent` when the decided
    /// days cannot be what the law describes.
    public static func confirmedDays(forYear year: Int, tet: [LocalDate], nationalDayAdjacent: LocalDate) throws -> [CalendarDay] {
        guard let newYear = VietnameseLunarCalendar.solarDate(lunarYear: year, month: 1, day: 1) else { throw DomainError.invalid("year") }
        let window = newYear.adding(days: -tetWindowDays)...newYear.adding(days: tetWindowDays)
        guard Set(tet).count == tetDayCount, tet.allSatisfy(window.contains) else {
            throw DomainError(
                .invalid, "calendar.badTetDays", ["count": String(tetDayCount), "from": window.lowerBound.iso, "to": window.upperBound.iso])
        }
        let adjacent = [LocalDate(year: year, month: 9, day: 1), LocalDate(year: year, month: 9, day: 3)]
        guard adjacent.contains(nationalDayAdjacent) else {
            throw DomainError.invalid("nationalDayAdjacent", "calendar.badNationalDayAdjacent")
        }
        let fixedDays = fixed.compactMap { rule in rule.date(year).map { holiday($0, rule.name, rule.nameEn) } }
        let decided =
            tet.sorted().map { holiday($0, "Tết Nguyên đán", "Lunar New Year") } + [
                holiday(nationalDayAdjacent, "Quốc khánh", "National Day")
            ]
        return withCompensatoryDays(fixedDays + decided)
    }

    private static func holiday(_ date: LocalDate, _ name: String, _ nameEn: String) -> CalendarDay {
        CalendarDay(date: date, kind: .holiday, name: name, nameEn: nameEn)
    }

    /// `holidays` and, for each that falls on a Saturday or Sunday, the next weekday not already off (Art. 111(3)), sorted by date.
    private static func withCompensatoryDays(_ holidays: [CalendarDay]) -> [CalendarDay] {
        var taken = Set(holidays.map(\.date))
        var compensatory: [CalendarDay] = []
        for holiday in holidays.sorted(by: { $0.date < $1.date }) where holiday.date.isoWeekday >= 6 {
            var date = holiday.date.adding(days: 1)
            while date.isoWeekday >= 6 || taken.contains(date) { date = date.adding(days: 1) }
            taken.insert(date)
            compensatory.append(
                CalendarDay(
                    date: date, kind: .compensatory,
                    name: "Nghỉ bù \(holiday.name)", nameEn: "Compensatory day off for \(holiday.nameEn)"))
        }
        return (holidays + compensatory).sorted { $0.date < $1.date }
    }
}
