/// An administrator's edit of one exception day from the administrators' pages: the day, and the
/// text (decision, article) it comes from, which the audit line keeps.
public struct CalendarDayEdit: Sendable, Hashable {
    public var day: CalendarDay
    public var citation: String

    public init(day: CalendarDay, citation: String) {
        self.day = day
        self.citation = citation
    }
}

extension CalendarService {
    /// Adds or replaces an exception day of `calendar` citing the text it comes from: a make-up working day (`swapWorkingDay`)
    /// must fall on the calendar's weekend, a swapped day off (`swapDayOff`) on a weekday. Due dates use it at once.
    public func setDay(_ edit: CalendarDayEdit, calendar code: String, by actor: AuditActor) async throws {
        let day = edit.day
        guard (1900...2199).contains(day.date.year) else { throw DomainError.invalid("date") }
        let citation = edit.citation.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !citation.isEmpty, citation.count <= 500 else { throw DomainError.invalid("citation", "calendar.dayCitationRequired") }
        let name = day.name.trimmingCharacters(in: .whitespacesAndNewlines)
        let nameEn = day.nameEn.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !name.isEmpty, name.count <= 200, nameEn.count <= 200 else { throw DomainError.invalid("name", "calendar.dayNameRequired") }
        guard let calendar = try await calendars.calendar(code: code) else { throw DomainError.notFound("calendar.notFound") }
        let weekend = calendar.weekendDays.contains(day.date.isoWeekday)
        if day.kind == .swapWorkingDay && !weekend { throw DomainError.invalid("kind", "calendar.makeUpNotWeekend") }
        if day.kind == .swapDayOff && weekend { throw DomainError.invalid("kind", "calendar.dayOffOnWeekend") }
        let stored = CalendarDay(date: day.date, kind: day.kind, name: name, nameEn: nameEn.isEmpty ? name : nameEn)
        let line = actor.entry(
            "calendar.setDay", target: "\(code)/\(day.date.iso)", detail: "\(day.kind.rawValue): \(citation)", at: clock.now())
        try await calendars.setDay(calendar: code, day: stored, audit: line)
    }
}
