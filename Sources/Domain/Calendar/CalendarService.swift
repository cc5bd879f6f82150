import Foundation

/// Administrators' edits of the working calendars: each edit and its audit line in one transaction.
public struct CalendarService: Sendable {
    let calendars: any CalendarRepository
    let clock: Clock

    public init(calendars: any CalendarRepository, clock: Clock) {
        self.calendars = calendars
        self.clock = clock
    }

    /// Adds or replaces an exception day (holiday, compensatory day, swap) of `calendar`.
    public func setDay(_ day: CalendarDay, calendar: String, by actor: AuditActor) async throws {
        guard !day.name.isEmpty, day.name.count <= 200, day.nameEn.count <= 200 else { throw DomainError.invalid("name") }
        let line = actor.entry("calendar.setDay", target: "\(calendar)/\(day.date.iso)", detail: day.kind.rawValue, at: clock.now())
        try await calendars.setDay(calendar: calendar, day: day, audit: line)
    }

    /// Removes the exception day of `calendar` on `date`.
    public func removeDay(_ date: LocalDate, calendar: String, by actor: AuditActor) async throws {
        let line = actor.entry("calendar.removeDay", target: "\(calendar)/\(date.iso)", at: clock.now())
        try await calendars.removeDay(calendar: calendar, date: date, audit: line)
    }

    /// Confirms `year` of `calendar` from the decision: its exception days become the statutory ones plus the decided Tết days,
    /// the decided day next to National Day and the decision's other days (swaps), and the year stops being provisional.
    public func confirmYear(_ year: Int, decision: CalendarYearDecision, calendar: String, by actor: AuditActor) async throws {
        guard (1900...2199).contains(year) else { throw DomainError.invalid("year") }
        let citation = decision.citation.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !citation.isEmpty, citation.count <= 500 else { throw DomainError.invalid("citation", "calendar.citationRequired") }
        let statutory = try StatutoryHolidays.confirmedDays(
            forYear: year, tet: decision.tet, nationalDayAdjacent: decision.nationalDayAdjacent)
        let taken = Set(statutory.map(\.date))
        for day in decision.otherDays {
            guard day.date.year == year, day.kind != .holiday, !taken.contains(day.date) else {
                throw DomainError(.invalid, "calendar.badOtherDay", ["date": day.date.iso])
            }
            guard !day.name.isEmpty, day.name.count <= 200, !day.nameEn.isEmpty, day.nameEn.count <= 200 else {
                throw DomainError.invalid("name")
            }
        }
        guard Set(decision.otherDays.map(\.date)).count == decision.otherDays.count else {
            throw DomainError.invalid("otherDays", "calendar.badOtherDay")
        }
        let now = clock.now()
        let line = actor.entry("calendar.confirmYear", target: "\(calendar)/\(year)", detail: citation, at: now)
        try await calendars.confirmYear(
            calendar: calendar, confirmation: CalendarYearConfirmation(year: year, citation: citation, confirmedAt: now),
            days: (statutory + decision.otherDays).sorted { $0.date < $1.date }, audit: line)
    }
}
