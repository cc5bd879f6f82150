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
}
