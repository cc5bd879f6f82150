import Foundation
import Testing

@testable import Domain

private func day(_ iso: String) -> LocalDate {
    guard let date = LocalDate(iso: iso) else { fatalError("bad date literal \(iso)") }
    return date
}

private func instant(_ text: String) -> Date {
    guard let date = ISO8601DateFormatter().date(from: text) else { fatalError("bad instant literal \(text)") }
    return date
}

/// The seed file's shape, decoded the way Persistence is expected to read it.
private struct SeedCalendarFile: Decodable {
    let code: String
    let name: String
    let nameEn: String
    let weekendDays: Set<Int>
    let utcOffsetMinutes: Int
    let defaultCutoff: String
    let days: [CalendarDay]
    let confirmedYears: [CalendarYearConfirmation]

    static func load() throws -> SeedCalendarFile {
        let packageRoot = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let url = packageRoot.appendingPathComponent("Sources/Persistence/Seed/calendar-vn.json")
        return try JSONDecoder().decode(SeedCalendarFile.self, from: Data(contentsOf: url))
    }

    var calendar: WorkingCalendar {
        WorkingCalendar(
            code: code, name: name, weekendDays: weekendDays,
            utcOffsetSeconds: utcOffsetMinutes * 60, days: days, confirmedYears: confirmedYears)
    }

    var cutoffMinute: Int? {
        let parts = defaultCutoff.split(separator: ":").compactMap { Int($0) }
        return parts.count == 2 ? parts[0] * 60 + parts[1] : nil
    }
}

/// SplitMix64, so that the property checks see the same inputs on every run.
private struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

@Suite struct LocalDateTests {
    @Test(arguments: ["2026-02-17", "2000-02-29", "1970-01-01", "1969-12-31", "0001-01-01", "9999-12-31"])
    func isoRoundTrip(text: String) throws {
        let date = try #require(LocalDate(iso: text))
        #expect(date.iso == text)
        #expect(date.description == text)
        #expect(LocalDate(dayNumber: date.dayNumber) == date)
    }

    @Test(arguments: [
        "2026-02-30", "2025-02-29", "1900-02-29", "2026-04-31", "2026-13-01", "2026-00-10", "2026-01-00",
        "2026-2-17", "26-02-17", "2026/02/17", "2026-02-17T00:00", " 2026-02-17", "+026-02-17", "2026-02-1x", "",
    ])
    func invalidDatesAreRejected(text: String) {
        #expect(LocalDate(iso: text) == nil)
    }

    @Test func componentValidation() {
        #expect(LocalDate(year: 2026, month: 2, day: 30) == nil)
        #expect(LocalDate(year: 2026, month: 0, day: 1) == nil)
        #expect(LocalDate(year: 2024, month: 2, day: 29) != nil)
        #expect(LocalDate(year: 2000, month: 2, day: 29) != nil)
        #expect(LocalDate(year: 2100, month: 2, day: 29) == nil)
    }

    @Test func dayNumbers() {
        #expect(day("1970-01-01").dayNumber == 0)
        #expect(day("1969-12-31").dayNumber == -1)
        #expect(day("2000-03-01").dayNumber == 11_017)
        #expect(LocalDate(dayNumber: 20_501) == day("2026-02-17"))
        #expect(day("2026-02-28").adding(days: 1) == day("2026-03-01"))
        #expect(day("2024-02-28").adding(days: 1) == day("2024-02-29"))
        #expect(day("2026-01-01").adding(days: -1) == day("2025-12-31"))
    }

    @Test func agreesWithFoundationGregorianCalendar() {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        // Foundation switches to the Julian calendar before 1582, so compare from 1600 to 2400.
        for number in stride(from: -135_000, through: 157_000, by: 37) {
            let date = LocalDate(dayNumber: number)
            let parts = calendar.dateComponents(
                [.year, .month, .day, .weekday], from: Date(timeIntervalSince1970: Double(number) * 86_400))
            #expect([date.year, date.month, date.day] == [parts.year, parts.month, parts.day])
            #expect(date.isoWeekday == (parts.weekday! + 5) % 7 + 1)
            #expect(date.dayNumber == number)
        }
    }

    @Test(arguments: [
        ("1970-01-01", 4), ("2000-01-01", 6), ("1900-01-01", 1), ("2026-02-16", 1),
        ("2026-02-17", 2), ("2026-04-26", 7), ("2026-04-30", 4), ("2026-05-01", 5), ("2027-04-16", 5),
    ])
    func weekdays(text: String, weekday: Int) {
        #expect(day(text).isoWeekday == weekday)
    }

    @Test func localTimeNearMidnightInVietnam() {
        let beforeMidnight = LocalDate.local(instant("2026-02-16T16:59:59Z"), utcOffsetSeconds: 25_200)
        #expect(beforeMidnight.date == day("2026-02-16"))
        #expect(beforeMidnight.minuteOfDay == 1439)
        let atMidnight = LocalDate.local(instant("2026-02-16T17:00:00Z"), utcOffsetSeconds: 25_200)
        #expect(atMidnight.date == day("2026-02-17"))
        #expect(atMidnight.minuteOfDay == 0)
        let afternoon = LocalDate.local(instant("2026-02-17T07:59:30Z"), utcOffsetSeconds: 25_200)
        #expect(afternoon.date == day("2026-02-17"))
        #expect(afternoon.minuteOfDay == 14 * 60 + 59)
        let before1970 = LocalDate.local(instant("1969-12-31T16:30:00Z"), utcOffsetSeconds: 25_200)
        #expect(before1970.date == day("1969-12-31"))
        #expect(before1970.minuteOfDay == 23 * 60 + 30)
    }

    @Test func codableAsIsoString() throws {
        let data = try JSONEncoder().encode([day("2026-02-17")])
        #expect(String(decoding: data, as: UTF8.self) == #"["2026-02-17"]"#)
        #expect(try JSONDecoder().decode([LocalDate].self, from: data) == [day("2026-02-17")])
        do {
            _ = try JSONDecoder().decode([LocalDate].self, from: Data(#"["2026-02-30"]"#.utf8))
            Issue.record("decoding an invalid date should throw")
        } catch DecodingError.dataCorrupted {
            // expected
        }
    }
}

@Suite struct VietnameseLunarCalendarTests {
    @Test(arguments: [(2025, "2025-01-29"), (2026, "2026-02-17"), (2027, "2027-02-06")])
    func tet(year: Int, expected: String) {
        #expect(VietnameseLunarCalendar.solarDate(lunarYear: year, month: 1, day: 1) == day(expected))
        #expect(
            VietnameseLunarCalendar.lunarDate(of: day(expected))
                == .init(year: year, month: 1, day: 1, isLeapMonth: false))
    }

    @Test(arguments: [(2025, "2025-04-07"), (2026, "2026-04-26"), (2027, "2027-04-16")])
    func hungKingsDay(year: Int, expected: String) {
        #expect(VietnameseLunarCalendar.solarDate(lunarYear: year, month: 3, day: 10) == day(expected))
    }

    @Test func lastDaysOfTheOldYear() {
        #expect(
            VietnameseLunarCalendar.lunarDate(of: day("2026-02-14"))
                == .init(year: 2025, month: 12, day: 27, isLeapMonth: false))
        #expect(
            VietnameseLunarCalendar.lunarDate(of: day("2026-02-16"))
                == .init(year: 2025, month: 12, day: 29, isLeapMonth: false))
        #expect(VietnameseLunarCalendar.solarDate(lunarYear: 2025, month: 12, day: 30) == nil)
    }

    @Test func leapMonthOf2025() {
        #expect(
            VietnameseLunarCalendar.lunarDate(of: day("2025-07-25"))
                == .init(year: 2025, month: 6, day: 1, isLeapMonth: true))
        #expect(
            VietnameseLunarCalendar.solarDate(lunarYear: 2025, month: 6, day: 1, isLeapMonth: true)
                == day("2025-07-25"))
        #expect(VietnameseLunarCalendar.solarDate(lunarYear: 2026, month: 6, day: 1, isLeapMonth: true) == nil)
        #expect(VietnameseLunarCalendar.solarDate(lunarYear: 2026, month: 13, day: 1) == nil)
        #expect(VietnameseLunarCalendar.solarDate(lunarYear: 2026, month: 1, day: 0) == nil)
    }

    @Test func everyDayOf2025To2027RoundTrips() throws {
        var date = day("2025-01-01")
        var previous = VietnameseLunarCalendar.lunarDate(of: date.adding(days: -1))
        while date <= day("2027-12-31") {
            let lunar = VietnameseLunarCalendar.lunarDate(of: date)
            let back = VietnameseLunarCalendar.solarDate(
                lunarYear: lunar.year, month: lunar.month, day: lunar.day, isLeapMonth: lunar.isLeapMonth)
            #expect(back == date, "\(date) -> \(lunar)")
            if lunar.day == 1 {
                #expect((29...30).contains(previous.day), "month before \(date) has \(previous.day) days")
            } else {
                #expect(lunar.day == previous.day + 1 && lunar.month == previous.month && lunar.year == previous.year)
            }
            previous = lunar
            date = date.adding(days: 1)
        }
    }

    /// 1985 is a year in which the Vietnamese (UTC+7) and Chinese (UTC+8) new years differ by a month.
    @Test func vietnameseAndChineseNewYearDifferIn1985() {
        #expect(VietnameseLunarCalendar.solarDate(lunarYear: 1985, month: 1, day: 1) == day("1985-01-21"))
        #expect(
            VietnameseLunarCalendar.solarDate(lunarYear: 1985, month: 1, day: 1, isLeapMonth: false, zoneHours: 8)
                == day("1985-02-20"))
        #expect(
            VietnameseLunarCalendar.lunarDate(of: day("1985-02-20"))
                == .init(year: 1985, month: 2, day: 1, isLeapMonth: false))
        #expect(
            VietnameseLunarCalendar.lunarDate(of: day("1985-02-20"), zoneHours: 8)
                == .init(year: 1985, month: 1, day: 1, isLeapMonth: false))
    }

    /// In 2007 the new moon fell just before midnight in Hanoi and just after it in Beijing.
    @Test func vietnameseAndChineseNewYearDifferIn2007() {
        #expect(VietnameseLunarCalendar.solarDate(lunarYear: 2007, month: 1, day: 1) == day("2007-02-17"))
        #expect(
            VietnameseLunarCalendar.solarDate(lunarYear: 2007, month: 1, day: 1, isLeapMonth: false, zoneHours: 8)
                == day("2007-02-18"))
    }
}

@Suite struct StatutoryHolidaysTests {
    /// 2026 as decided (Tết 16–20 February, 1 September next to National Day): the Labour Code's eleven days and the
    /// compensatory day for Hùng Kings' day, a Sunday (Art. 111(3)).
    @Test func year2026AsDecided() throws {
        let tet = ["2026-02-16", "2026-02-17", "2026-02-18", "2026-02-19", "2026-02-20"].map(day)
        let days = try StatutoryHolidays.confirmedDays(forYear: 2026, tet: tet, nationalDayAdjacent: day("2026-09-01"))
        #expect(
            days.filter { $0.kind == .holiday }.map(\.date.iso) == [
                "2026-01-01", "2026-02-16", "2026-02-17", "2026-02-18", "2026-02-19", "2026-02-20",
                "2026-04-26", "2026-04-30", "2026-05-01", "2026-09-01", "2026-09-02",
            ])
        #expect(days.filter { $0.kind == .compensatory }.map(\.date) == [day("2026-04-27")])
        #expect(
            days.contains(
                CalendarDay(
                    date: day("2026-04-27"), kind: .compensatory, name: "Nghỉ bù Giỗ Tổ Hùng Vương",
                    nameEn: "Compensatory day off for Hùng Kings' Commemoration Day")))
    }

    /// 2027 before its decision: 1/1 (Fri), 10/3 lunar = 16/4 (Fri), 30/4 (Fri), 1/5 (Sat, so Monday 3/5 off) and 2/9 (Thu).
    /// No Tết day and no day next to National Day is invented.
    @Test func provisional2027HoldsOnlyCertainDays() {
        let days = StatutoryHolidays.certainDays(forYear: 2027)
        #expect(days.map(\.date.iso) == ["2027-01-01", "2027-04-16", "2027-04-30", "2027-05-01", "2027-05-03", "2027-09-02"])
        #expect(days.filter { $0.kind == .compensatory }.map(\.date.iso) == ["2027-05-03"])
        #expect(!days.contains { $0.name == "Tết Nguyên đán" })
    }

    @Test func weekendTetDaysGetDistinctWeekdaysOff() throws {
        // Were the decision to give 5–9 February 2027 (mùng 1 is Saturday 6 February): two weekend days, two weekdays off.
        let tet = ["2027-02-05", "2027-02-06", "2027-02-07", "2027-02-08", "2027-02-09"].map(day)
        let days = try StatutoryHolidays.confirmedDays(forYear: 2027, tet: tet, nationalDayAdjacent: day("2027-09-03"))
        #expect(days.filter { $0.kind == .compensatory }.map(\.date.iso) == ["2027-02-10", "2027-02-11", "2027-05-03"])
    }

    @Test func decisionsTheLawDoesNotAllowAreRefused() {
        let tet = ["2027-02-04", "2027-02-05", "2027-02-08", "2027-02-09", "2027-02-10"].map(day)
        #expect(throws: DomainError.self) {
            try StatutoryHolidays.confirmedDays(forYear: 2027, tet: Array(tet.prefix(4)), nationalDayAdjacent: day("2027-09-03"))
        }
        #expect(throws: DomainError.self) {
            try StatutoryHolidays.confirmedDays(
                forYear: 2027, tet: tet.dropLast() + [day("2027-03-01")], nationalDayAdjacent: day("2027-09-03"))
        }
        #expect(throws: DomainError.self) {
            try StatutoryHolidays.confirmedDays(forYear: 2027, tet: tet, nationalDayAdjacent: day("2027-08-31"))
        }
    }

    @Test(arguments: 2020...2035)
    func certainDaysAndOneWeekdayOffPerWeekendHoliday(year: Int) {
        let days = StatutoryHolidays.certainDays(forYear: year)
        let holidays = days.filter { $0.kind == .holiday }
        let compensatory = days.filter { $0.kind == .compensatory }
        #expect(holidays.count == 5)
        #expect(compensatory.count == holidays.filter { $0.date.isoWeekday >= 6 }.count)
        #expect(Set(days.map(\.date)).count == days.count)
        #expect(compensatory.allSatisfy { $0.date.isoWeekday <= 5 })
        #expect(days.map(\.date) == days.map(\.date).sorted())
        #expect(days.allSatisfy { !$0.name.isEmpty && !$0.nameEn.isEmpty })
        #expect(StatutoryHolidays.fixed.allSatisfy { $0.article.hasPrefix("Bộ luật Lao động 2019, Điều 112 khoản 1") })
    }
}

@Suite struct WorkingCalendarTests {
    let calendar: WorkingCalendar
    let cutoff: Int

    init() throws {
        let seed = try SeedCalendarFile.load()
        calendar = seed.calendar
        cutoff = try #require(seed.cutoffMinute)
    }

    private func due(_ received: String, _ workingDays: Int) -> LocalDate {
        calendar.dueDate(receivedAt: instant(received), workingDays: workingDays, cutoffMinute: cutoff)
    }

    @Test func acrossTet2026() {
        // Fri 13 is day 1; Sat 14 to Sun 22 are off; Mon 23 ... Thu 26 are days 2 to 5.
        #expect(due("2026-02-12T10:00:00+07:00", 5) == day("2026-02-26"))
        #expect(due("2026-02-12T10:00:00+07:00", 1) == day("2026-02-13"))
    }

    @Test func acrossTheReunificationDaySwapOf2025() {
        // Sat 26 Apr 2025 was worked in exchange for Fri 2 May.
        #expect(due("2025-04-25T09:00:00+07:00", 1) == day("2025-04-26"))
        // Sat 26, Mon 28, Tue 29, then 30 Apr to 4 May off, Mon 5 May.
        #expect(due("2025-04-25T09:00:00+07:00", 4) == day("2025-05-05"))
    }

    @Test func acrossHungKingsCompensatoryDay2026() {
        // Sun 26 holiday, Mon 27 compensatory: Tue 28, Wed 29, then 30 Apr to 3 May off, Mon 4 May.
        #expect(due("2026-04-24T08:00:00+07:00", 1) == day("2026-04-28"))
        #expect(due("2026-04-24T08:00:00+07:00", 3) == day("2026-05-04"))
    }

    @Test func cutoffAtThreePm() {
        #expect(cutoff == 15 * 60)
        #expect(
            calendar.effectiveReceiptDay(instant("2026-03-10T14:59:59+07:00"), cutoffMinute: cutoff)
                == day("2026-03-10"))
        #expect(
            calendar.effectiveReceiptDay(instant("2026-03-10T15:00:00+07:00"), cutoffMinute: cutoff)
                == day("2026-03-11"))
        #expect(due("2026-03-10T14:59:00+07:00", 1) == day("2026-03-11"))
        #expect(due("2026-03-10T15:00:00+07:00", 1) == day("2026-03-12"))
        #expect(due("2026-03-13T15:30:00+07:00", 1) == day("2026-03-17"))
    }

    @Test func onlineSubmissionOnSunday() {
        #expect(
            calendar.effectiveReceiptDay(instant("2026-03-08T21:00:00+07:00"), cutoffMinute: cutoff)
                == day("2026-03-09"))
        #expect(due("2026-03-08T21:00:00+07:00", 2) == day("2026-03-11"))
        // Saturday 18:30 UTC is already Sunday 01:30 in Vietnam.
        #expect(due("2026-03-07T18:30:00Z", 0) == day("2026-03-09"))
    }

    @Test func zeroWorkingDays() {
        #expect(due("2026-02-12T10:00:00+07:00", 0) == day("2026-02-12"))
        #expect(due("2026-02-14T09:00:00+07:00", 0) == day("2026-02-23"))
        #expect(calendar.addingWorkingDays(0, after: day("2026-02-15")) == day("2026-02-15"))
    }

    @Test func newYearSwap2026() {
        #expect(due("2026-01-01T09:00:00+07:00", 0) == day("2026-01-05"))
        #expect(calendar.isWorkingDay(day("2026-01-10")))
        #expect(due("2026-01-10T09:00:00+07:00", 1) == day("2026-01-12"))
        #expect(calendar.workingDays(after: day("2026-01-04"), through: day("2026-01-11")) == 6)
    }

    @Test func statutoryOnlyCalendarHasHungKingsCompensatoryDay() {
        let statutory = WorkingCalendar(
            code: "STATUTORY", name: "Statutory", weekendDays: [6, 7], utcOffsetSeconds: 25_200,
            days: StatutoryHolidays.certainDays(forYear: 2026))
        #expect(!statutory.isWorkingDay(day("2026-04-27")))
        #expect(statutory.workingDayOnOrAfter(day("2026-04-25")) == day("2026-04-28"))
        #expect(statutory.isWorkingDay(day("2026-01-02")))
    }

    @Test func workingDayCountAgreesWithAddingWorkingDays() {
        var random = SeededGenerator(state: 20_260_217)
        let origin = day("2024-11-01")
        for _ in 0..<400 {
            let start = origin.adding(days: Int.random(in: 0..<1250, using: &random))
            let n = Int.random(in: 0...45, using: &random)
            let end = calendar.addingWorkingDays(n, after: start)
            #expect(calendar.workingDays(after: start, through: end) == n)
            #expect(n == 0 || calendar.isWorkingDay(end))

            let other = start.adding(days: Int.random(in: -15...120, using: &random))
            let count = calendar.workingDays(after: start, through: other)
            var naive = 0
            var date = start.adding(days: 1)
            while date <= other {
                if calendar.isWorkingDay(date) { naive += 1 }
                date = date.adding(days: 1)
            }
            #expect(count == naive, "\(start) -> \(other)")
            if other > start {
                #expect(calendar.addingWorkingDays(count, after: start) <= other)
                #expect(calendar.addingWorkingDays(count + 1, after: start) > other)
            }
        }
    }
}

@Suite struct CalendarSeedTests {
    @Test func decodesIntoAWorkingCalendar() throws {
        let seed = try SeedCalendarFile.load()
        let calendar = seed.calendar
        #expect(calendar.code == "VN-CQNN")
        #expect(calendar.weekendDays == [6, 7])
        #expect(calendar.utcOffsetSeconds == 25_200)
        #expect(calendar.days.count == seed.days.count)
        #expect(seed.days.allSatisfy { !$0.name.isEmpty && !$0.nameEn.isEmpty })
        #expect(seed.days.map(\.date) == seed.days.map(\.date).sorted())
    }

    @Test(arguments: 2025...2026)
    func everyLunarTetDayIsOff(year: Int) throws {
        let calendar = try SeedCalendarFile.load().calendar
        let tet = try #require(VietnameseLunarCalendar.solarDate(lunarYear: year, month: 1, day: 1))
        for offset in -1...3 {
            #expect(!calendar.isWorkingDay(tet.adding(days: offset)), "\(tet.adding(days: offset))")
        }
        let hungKings = try #require(VietnameseLunarCalendar.solarDate(lunarYear: year, month: 3, day: 10))
        #expect(!calendar.isWorkingDay(hungKings))
    }

    @Test func knownBreaks() throws {
        let calendar = try SeedCalendarFile.load().calendar
        func offDays(_ from: String, _ through: String) -> Bool {
            var date = day(from)
            while date <= day(through) {
                if calendar.isWorkingDay(date) { return false }
                date = date.adding(days: 1)
            }
            return calendar.isWorkingDay(day(from).adding(days: -1)) && calendar.isWorkingDay(date)
        }
        #expect(offDays("2025-01-25", "2025-02-02"))
        #expect(offDays("2025-04-30", "2025-05-04"))
        #expect(offDays("2025-08-30", "2025-09-02"))
        #expect(offDays("2026-01-01", "2026-01-04"))
        #expect(offDays("2026-02-14", "2026-02-22"))
        #expect(offDays("2026-04-25", "2026-04-27"))
        #expect(offDays("2026-04-30", "2026-05-03"))
        #expect(offDays("2026-08-29", "2026-09-02"))
        // 2027 is provisional: its Tết is not in the seed until the decision is entered.
        #expect(calendar.isWorkingDay(day("2027-02-08")))
    }

    @Test func swapsAreBalancedAndOnTheRightWeekdays() throws {
        let days = try SeedCalendarFile.load().days
        for year in 2025...2027 {
            let ofYear = days.filter { $0.date.year == year }
            #expect(ofYear.filter { $0.kind == .swapDayOff }.count == ofYear.filter { $0.kind == .swapWorkingDay }.count)
        }
        #expect(days.filter { $0.kind == .swapWorkingDay }.allSatisfy { $0.date.isoWeekday >= 6 })
        #expect(days.filter { [.swapDayOff, .compensatory].contains($0.kind) }.allSatisfy { $0.date.isoWeekday <= 5 })
    }

    @Test(arguments: [2026, 2027])
    func containsTheCertainDaysOfEveryYear(year: Int) throws {
        let calendar = try SeedCalendarFile.load().calendar
        for statutory in StatutoryHolidays.certainDays(forYear: year) {
            #expect(calendar.days[statutory.date]?.kind == statutory.kind, "\(statutory.date)")
        }
    }

    /// The seed confirms the years whose decision is published and cites it; 2027's is not (searched on 2026-12-06).
    @Test func confirmedYearsCiteTheirDecision() throws {
        let seed = try SeedCalendarFile.load()
        #expect(seed.confirmedYears.map(\.year) == [2025, 2026])
        #expect(seed.confirmedYears.allSatisfy { $0.citation.contains("VPCP-KGVX") })
        #expect(seed.calendar.isProvisional(2027) && !seed.calendar.isProvisional(2026))
        #expect(seed.days.filter { $0.date.year == 2027 }.map(\.date) == StatutoryHolidays.certainDays(forYear: 2027).map(\.date))
    }
}
