import Foundation
import Testing

@testable import Domain

/// Worked examples of issue 18, item 8: a year without its decision counts only what the Labour Code fixes, says so, and
/// confirming it adds the decided days.
@Suite struct ProvisionalCalendarTests {
    private func day(_ iso: String) -> LocalDate { LocalDate(iso: iso)! }

    private func calendar(_ days: [CalendarDay], confirmed: [CalendarYearConfirmation] = []) -> WorkingCalendar {
        WorkingCalendar(code: "T", name: "T", weekendDays: [6, 7], utcOffsetSeconds: 25_200, days: days, confirmedYears: confirmed)
    }

    /// Received Thursday 4 February 2027 at 09:00 (UTC+7), 3 working days, cut-off 15:00.
    @Test func dueDateAcrossProvisionalTetIsFlaggedAndMovesWhenConfirmed() throws {
        let received = try #require(ISO8601DateFormatter().date(from: "2027-02-04T02:00:00Z"))
        let provisional = calendar(StatutoryHolidays.certainDays(forYear: 2027))
        let early = provisional.dueDate(receivedAt: received, workingDays: 3, cutoffMinute: 900)
        // Friday 5, Monday 8, Tuesday 9: no Tết day is assumed.
        #expect(early == day("2027-02-09"))
        #expect(provisional.isProvisional(2027))
        #expect(provisional.provisionalYears(from: day("2027-02-04"), through: early) == [2027])

        let tet = ["2027-02-04", "2027-02-05", "2027-02-08", "2027-02-09", "2027-02-10"].map(day)
        let decided = try StatutoryHolidays.confirmedDays(forYear: 2027, tet: tet, nationalDayAdjacent: day("2027-09-03"))
        #expect(Set(decided.map(\.date)).isSuperset(of: StatutoryHolidays.certainDays(forYear: 2027).map(\.date)))
        #expect(decided.filter { $0.kind == .holiday }.count == 11)
        let confirmed = calendar(decided, confirmed: [CalendarYearConfirmation(year: 2027, citation: "Quyết định thử nghiệm")])
        // Counted from Thursday 11 February, the first working day after Tết: Friday 12, Monday 15, Tuesday 16.
        let late = confirmed.dueDate(receivedAt: received, workingDays: 3, cutoffMinute: 900)
        #expect(late == day("2027-02-16"))
        #expect(confirmed.provisionalYears(from: day("2027-02-11"), through: late).isEmpty)
        #expect(!confirmed.isWorkingDay(day("2027-09-03")))
    }

    @Test func spansReportEveryProvisionalYearInOrder() {
        let cal = calendar([], confirmed: [CalendarYearConfirmation(year: 2026, citation: "x")])
        #expect(cal.provisionalYears(from: day("2026-12-28"), through: day("2028-01-05")) == [2027, 2028])
        #expect(cal.provisionalYears(from: day("2026-01-05"), through: day("2026-12-31")).isEmpty)
        #expect(cal.provisionalYears(from: day("2027-01-05"), through: day("2026-12-31")).isEmpty)
    }
}
