import Domain
import Foundation
import Hummingbird

/// The page where administrators see which years of the working calendar are confirmed or provisional and confirm a year
/// from the decision on its Tết days and the day next to National Day.
struct CalendarYearsPage: PageModel {
    static let template = "calendar-years"

    /// A year, its exception days and, while provisional, the form that confirms it.
    struct Year: Encodable, Sendable {
        let year: Int
        let provisional: Bool
        let citation: String?
        let days: [Day]
        let action: String
        /// The year at a glance, where its exception days are edited.
        let glance: String
        let tetFields = ["tet1", "tet2", "tet3", "tet4", "tet5"]
        let adjacentChoices: [String]
    }

    /// An exception day as listed.
    struct Day: Encodable, Sendable {
        let date: String
        let name: String
    }

    let years: [Year]
    var confirmed: Int?
    var error: String?
}

/// Serves the calendar years page (administrators only).
struct CalendarPagesController: Sendable {
    let calendars: any CalendarRepository
    let service: CalendarService
    let pages: PageRenderer
    let settings: WebSettings

    func addRoutes(to groups: RouteGroups) {
        groups.administrators.on(Routes.calendarYears, .get) { request, context in
            let confirmed = request.uri.queryParameters.get("confirmed").flatMap { Int($0) }
            return try pages.render(try await page(context, confirmed: confirmed, error: nil), context: context)
        }
        groups.administrators.on(Routes.calendarYearConfirm, .post, confirm)
    }

    @Sendable func confirm(_ request: Request, _ context: AdminContext) async throws -> Response {
        let form = try await FormData.read(request, limit: settings.maxBodyBytes)
        do {
            guard let year = Int(try context.parameter("year")) else { throw DomainError.invalid("year") }
            let tet = try (1...5).map { index -> LocalDate in
                guard let date = LocalDate(iso: form.fields["tet\(index)"] ?? "") else { throw DomainError.invalid("tet") }
                return date
            }
            guard let adjacent = LocalDate(iso: form.fields["nationalDayAdjacent"] ?? "") else {
                throw DomainError.invalid("nationalDayAdjacent", "calendar.badNationalDayAdjacent")
            }
            let decision = CalendarYearDecision(citation: form.fields["citation"] ?? "", tet: tet, nationalDayAdjacent: adjacent)
            try await service.confirmYear(
                year, decision: decision, calendar: try await calendars.defaultCalendarCode(),
                by: AuditActor(context.officer, address: context.clientAddress))
            return .redirect(to: Routes.calendarYears.link() + "?confirmed=\(year)", type: .normal)
        } catch let error as DomainError {
            let page = try await page(context, confirmed: nil, error: pages.message(error, context))
            return try pages.render(page, context: context, status: error.kind.status)
        }
    }

    private func page(_ context: AdminContext, confirmed: Int?, error: String?) async throws -> CalendarYearsPage {
        let code = try await calendars.defaultCalendarCode()
        guard let calendar = try await calendars.calendar(code: code) else { throw DomainError.notFound("calendar.notFound") }
        let english = context.language == .en
        let years = Set(calendar.days.keys.map(\.year)).union(calendar.confirmedYears.keys).sorted(by: >)
        return CalendarYearsPage(
            years: years.map { year in
                CalendarYearsPage.Year(
                    year: year, provisional: calendar.isProvisional(year), citation: calendar.confirmedYears[year]?.citation,
                    days: calendar.days.values.filter { $0.date.year == year }.sorted { $0.date < $1.date }.map {
                        CalendarYearsPage.Day(date: $0.date.iso, name: english ? $0.nameEn : $0.name)
                    },
                    action: Routes.calendarYearConfirm.link(String(year)), glance: Routes.calendarYearGlance.link(String(year)),
                    adjacentChoices: [1, 3].compactMap { LocalDate(year: year, month: 9, day: $0)?.iso })
            }, confirmed: confirmed, error: error)
    }
}
