import Domain
import Foundation
import Hummingbird

/// The calendar API: due dates on the default calendar, and exception days that an
/// administrator edits (holidays, compensatory days, swaps).
struct CalendarAPIController: Sendable {
    struct DueDate: Encodable, Sendable {
        let from: String
        let workingDays: Int
        let cutoff: String
        let calendar: String
        let effectiveReceiptDay: LocalDate
        let dueDate: LocalDate
        /// True when a year between the receipt day and the due date is not yet confirmed: the date counts only the days the
        /// law fixes and may move when the year's Tết days are decided.
        let provisional: Bool
        let provisionalYears: [Int]
    }

    struct DayInput: Decodable {
        let kind: CalendarDayKind
        let name: String
        let nameEn: String
    }

    let calendars: any CalendarRepository
    let service: CalendarService

    func addRoutes(to groups: RouteGroups) {
        groups.open.on(Routes.apiDueDate, .get, dueDate)
        groups.open.on(Routes.apiStatutoryDays, .get, statutoryDays)
        groups.open.on(Routes.apiCalendarDays, .get, days)
        groups.administrators.on(Routes.apiCalendarDay, .put, putDay)
        groups.administrators.on(Routes.apiCalendarDay, .delete, deleteDay)
        groups.open.on(Routes.apiCalendarYears, .get, CalendarYearsAPI(calendars: calendars, service: service).years)
        groups.administrators.on(Routes.apiCalendarYear, .put, CalendarYearsAPI(calendars: calendars, service: service).confirm)
    }

    @Sendable func dueDate(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let q = request.uri.queryParameters
        guard let fromText = q.get("from") else { throw DomainError.invalid("from", "missingField") }
        guard let from = Self.parseInstant(fromText) else { throw DomainError.invalid("from", "calendar.badInstant") }
        guard let daysText = q.get("workingDays") else { throw DomainError.invalid("workingDays", "missingField") }
        guard let days = Int(daysText), (0...3650).contains(days) else { throw DomainError.invalid("workingDays") }
        let cutoffText = q.get("cutoff") ?? "15:00"
        guard let cutoff = Procedure.parseClock(cutoffText) else { throw DomainError.invalid("cutoff") }
        var code = q.get("calendar") ?? ""
        if code.isEmpty { code = try await calendars.defaultCalendarCode() }
        guard let calendar = try await calendars.calendar(code: code) else { throw DomainError.notFound("calendar.notFound") }
        let effective = calendar.effectiveReceiptDay(from, cutoffMinute: cutoff)
        let due = calendar.dueDate(receivedAt: from, workingDays: days, cutoffMinute: cutoff)
        let provisional = calendar.provisionalYears(from: effective, through: due)
        return try JSONCoding.response(
            DueDate(
                from: fromText, workingDays: days, cutoff: cutoffText, calendar: code,
                effectiveReceiptDay: effective, dueDate: due, provisional: !provisional.isEmpty, provisionalYears: provisional))
    }

    /// The holidays whose dates the law fixes for a year and their compensatory days, computed (lunar dates at UTC+7): what a
    /// provisional year holds. Tết and the day next to National Day are decided yearly and are not included.
    @Sendable func statutoryDays(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        guard let raw = request.uri.queryParameters.get("year"), let year = Int(raw), (1900...2199).contains(year) else {
            throw DomainError.invalid("year")
        }
        return try JSONCoding.response(ItemsView(items: StatutoryHolidays.certainDays(forYear: year)))
    }

    @Sendable func days(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        guard let calendar = try await calendars.calendar(code: try context.parameter("code")) else {
            throw DomainError.notFound("calendar.notFound")
        }
        var year: Int?
        if let raw = request.uri.queryParameters.get("year") {
            guard let y = Int(raw), (1900...2200).contains(y) else { throw DomainError.invalid("year") }
            year = y
        }
        let days = calendar.days.values.filter { year == nil || $0.date.year == year }.sorted { $0.date < $1.date }
        return try JSONCoding.response(ItemsView(items: days))
    }

    @Sendable func putDay(_ request: Request, _ context: AdminContext) async throws -> Response {
        let code = try context.parameter("code")
        guard let date = LocalDate(iso: try context.parameter("date")) else { throw DomainError.invalid("date") }
        let input = try await JSONCoding.decode(DayInput.self, from: request, limit: 16 << 10)
        let day = CalendarDay(date: date, kind: input.kind, name: input.name, nameEn: input.nameEn)
        try await service.setDay(day, calendar: code, by: AuditActor(context.officer, address: context.clientAddress))
        return try JSONCoding.response(day)
    }

    @Sendable func deleteDay(_ request: Request, _ context: AdminContext) async throws -> Response {
        let code = try context.parameter("code")
        guard let date = LocalDate(iso: try context.parameter("date")) else { throw DomainError.invalid("date") }
        try await service.removeDay(date, calendar: code, by: AuditActor(context.officer, address: context.clientAddress))
        return Response(status: .noContent)
    }

    /// An ISO 8601 date-time with an explicit offset (`Z` or `±HH:MM`), with or without fractions.
    static func parseInstant(_ text: String) -> Date? {
        guard text.count <= 40 else { return nil }
        let plain = ISO8601DateFormatter()
        plain.formatOptions = [.withInternetDateTime]
        if let d = plain.date(from: text) { return d }
        let fractional = ISO8601DateFormatter()
        fractional.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return fractional.date(from: text)
    }
}
