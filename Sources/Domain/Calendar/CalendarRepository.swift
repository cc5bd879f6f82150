import Foundation

/// Working calendars, editable by an administrator.
public protocol CalendarRepository: Sendable {
    func calendar(code: String) async throws -> WorkingCalendar?
    func defaultCalendarCode() async throws -> String
    /// Adds or replaces an exception day, with its audit line, in one transaction.
    func setDay(calendar: String, day: CalendarDay, audit: AuditEntry) async throws
    /// Removes an exception day, with its audit line, in one transaction.
    func removeDay(calendar: String, date: LocalDate, audit: AuditEntry) async throws
    /// Replaces every exception day of `confirmation.year` with `days` and records the confirmation, with its audit line, in one
    /// transaction.
    func confirmYear(calendar: String, confirmation: CalendarYearConfirmation, days: [CalendarDay], audit: AuditEntry) async throws
}
