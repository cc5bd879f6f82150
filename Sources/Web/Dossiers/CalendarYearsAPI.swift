import Domain
import Foundation
import Hummingbird

/// The years of a working calendar, confirmed or provisional, and their confirmation by an administrator from the yearly
/// decision on Tết and the day next to National Day.
struct CalendarYearsAPI: Sendable {
    /// A year of a calendar and whether it is settled.
    struct YearView: Encodable, Sendable {
        let year: Int
        /// "confirmed" or "provisional".
        let status: String
        let citation: String?
        let confirmedAt: Date?
    }

    /// The confirmation entered by an administrator.
    struct DecisionInput: Decodable {
        let citation: String
        let tet: [LocalDate]
        let nationalDayAdjacent: LocalDate
        let otherDays: [CalendarDay]?
    }

    /// The answer to a confirmation: the year and its exception days as stored.
    struct ConfirmedView: Encodable, Sendable {
        let year: YearView
        let days: [CalendarDay]
    }

    let calendars: any CalendarRepository
    let service: CalendarService

    /// Every year that has exception days or a confirmation, in order.
    @Sendable func years(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let calendar = try await load(try context.parameter("code"))
        let years = Set(calendar.days.keys.map(\.year)).union(calendar.confirmedYears.keys).sorted()
        return try JSONCoding.response(ItemsView(items: years.map { Self.view($0, calendar) }))
    }

    @Sendable func confirm(_ request: Request, _ context: AdminContext) async throws -> Response {
        let code = try context.parameter("code")
        guard let year = Int(try context.parameter("year")), (1900...2199).contains(year) else { throw DomainError.invalid("year") }
        let input = try await JSONCoding.decode(DecisionInput.self, from: request, limit: 32 << 10)
        let decision = CalendarYearDecision(
            citation: input.citation, tet: input.tet, nationalDayAdjacent: input.nationalDayAdjacent, otherDays: input.otherDays ?? [])
        try await service.confirmYear(
            year, decision: decision, calendar: code, by: AuditActor(context.officer, address: context.clientAddress))
        let calendar = try await load(code)
        let days = calendar.days.values.filter { $0.date.year == year }.sorted { $0.date < $1.date }
        return try JSONCoding.response(ConfirmedView(year: Self.view(year, calendar), days: days))
    }

    private func load(_ code: String) async throws -> WorkingCalendar {
        guard let calendar = try await calendars.calendar(code: code) else { throw DomainError.notFound("calendar.notFound") }
        return calendar
    }

    static func view(_ year: Int, _ calendar: WorkingCalendar) -> YearView {
        let confirmation = calendar.confirmedYears[year]
        return YearView(
            year: year, status: confirmation == nil ? "provisional" : "confirmed", citation: confirmation?.citation,
            confirmedAt: confirmation?.confirmedAt)
    }
}
