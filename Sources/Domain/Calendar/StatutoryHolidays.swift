import Foundation

/// Statutory public holidays of the Labour Code 2019 art. 112 for a year, with compensatory days; the yearly swaps are not statutory and
/// are entered as data.
public enum StatutoryHolidays {
    /// The 11 holidays of `year` (Tết as the last day of the old lunar year plus days 1–4 of the new one,
    /// 1 September as the day next to National Day) and a compensatory day for each that falls on a
    /// Saturday or Sunday, sorted by date.
    public static func days(forYear year: Int) -> [CalendarDay] {
        let holidays = statutoryHolidays(forYear: year)
        var taken = Set(holidays.map(\.date))
        var compensatory: [CalendarDay] = []
        for holiday in holidays where holiday.date.isoWeekday >= 6 {
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

    /// The holidays themselves, in date order.
    private static func statutoryHolidays(forYear year: Int) -> [CalendarDay] {
        func holiday(_ date: LocalDate, _ name: String, _ nameEn: String) -> CalendarDay {
            CalendarDay(date: date, kind: .holiday, name: name, nameEn: nameEn)
        }
        func solar(_ month: Int, _ day: Int) -> LocalDate { LocalDate(year: year, month: month, day: day)! }
        // The first month and its 10th day exist in every lunar year.
        let tet = VietnameseLunarCalendar.solarDate(lunarYear: year, month: 1, day: 1)!
        let hungKings = VietnameseLunarCalendar.solarDate(lunarYear: year, month: 3, day: 10)!
        return [holiday(solar(1, 1), "Tết Dương lịch", "New Year's Day")]
            + (-1...3).map { holiday(tet.adding(days: $0), "Tết Nguyên đán", "Lunar New Year") }
            + [
                holiday(hungKings, "Giỗ Tổ Hùng Vương", "Hùng Kings' Commemoration Day"),
                holiday(solar(4, 30), "Ngày Chiến thắng", "Reunification Day"),
                holiday(solar(5, 1), "Ngày Quốc tế Lao động", "International Labour Day"),
                holiday(solar(9, 1), "Quốc khánh", "National Day"),
                holiday(solar(9, 2), "Quốc khánh", "National Day"),
            ]
    }
}
