import Domain
import Hummingbird

/// The administrators' page of one calendar year at a glance, where exception days (holidays, swapped days off, make-up
/// working days) are added, citing their text, and removed; due dates use the change at once.
struct CalendarGlancePages: Sendable {
    let calendars: any CalendarRepository
    let service: CalendarService
    let pages: PageRenderer
    let strings: Strings
    let settings: WebSettings

    /// The flash messages of the changes that redirect back to the page.
    static let doneMessages: Set<String> = ["added", "removed"]

    func addRoutes(to groups: RouteGroups) {
        groups.administrators.on(Routes.calendarYearGlance, .get) { request, context in
            var page = try await page(try year(context), context, form: [:])
            page.done = request.uri.queryParameters.get("done").flatMap {
                Self.doneMessages.contains($0) ? strings.text("calendar_glance_done_\($0)", context.language) : nil
            }
            return try pages.render(page, context: context)
        }
        groups.administrators.on(Routes.calendarYearDays, .post, add)
        groups.administrators.on(Routes.calendarYearDayRemove, .post, remove)
    }

    @Sendable func add(_ request: Request, _ context: AdminContext) async throws -> Response {
        let form = try await FormData.read(request, limit: settings.maxBodyBytes)
        let year = try year(context)
        do {
            guard let date = LocalDate(iso: form["date"] ?? ""), date.year == year else {
                throw DomainError.invalid("date", "calendar.dayNotInYear")
            }
            guard let kind = form["kind"].flatMap(CalendarDayKind.init(rawValue:)) else { throw DomainError.invalid("kind") }
            let day = CalendarDay(date: date, kind: kind, name: form["name"] ?? "", nameEn: form["nameEn"] ?? "")
            try await service.setDay(
                CalendarDayEdit(day: day, citation: form["citation"] ?? ""), calendar: try await calendars.defaultCalendarCode(),
                by: AuditActor(context.officer, address: context.clientAddress))
            return .redirect(to: Routes.calendarYearGlance.link(String(year)) + "?done=added", type: .normal)
        } catch let error as DomainError where error.kind == .invalid {
            var page = try await page(year, context, form: form.fields.filter { $0.key != "_csrf" })
            page.error = pages.message(error, context)
            return try pages.render(page, context: context, status: .badRequest)
        }
    }

    @Sendable func remove(_ request: Request, _ context: AdminContext) async throws -> Response {
        _ = try await FormData.read(request, limit: settings.maxBodyBytes)
        let year = try year(context)
        guard let date = LocalDate(iso: try context.parameter("date")), date.year == year else {
            throw DomainError.invalid("date", "calendar.dayNotInYear")
        }
        try await service.removeDay(
            date, calendar: try await calendars.defaultCalendarCode(), by: AuditActor(context.officer, address: context.clientAddress))
        return .redirect(to: Routes.calendarYearGlance.link(String(year)) + "?done=removed", type: .normal)
    }

    private func year(_ context: AdminContext) throws -> Int {
        guard let year = Int(try context.parameter("year")), (1900...2199).contains(year) else {
            throw DomainError.notFound("calendar.notFound")
        }
        return year
    }

    private func page(_ year: Int, _ context: AdminContext, form: [String: String]) async throws -> CalendarGlancePage {
        let code = try await calendars.defaultCalendarCode()
        guard let calendar = try await calendars.calendar(code: code) else { throw DomainError.notFound("calendar.notFound") }
        let language = context.language
        let kindName = { (kind: CalendarDayKind) in strings.text("calendar_kind_\(kind.rawValue)", language) }
        let link = String(year)
        return CalendarGlancePage(
            year: year, previous: Routes.calendarYearGlance.link(String(year - 1)), next: Routes.calendarYearGlance.link(String(year + 1)),
            back: Routes.calendarYears.link(),
            weekdays: strings.text("calendar_weekdays", language).split(separator: " ").map(String.init),
            months: CalendarGlancePage.months(
                year, calendar, monthName: { strings.text("calendar_month_\($0)", language) }, kindName: kindName),
            days: calendar.days.values.filter { $0.date.year == year }.sorted { $0.date < $1.date }.map {
                .init(
                    date: $0.date.iso, kind: kindName($0.kind), name: language == .en ? $0.nameEn : $0.name,
                    remove: Routes.calendarYearDayRemove.link(link, $0.date.iso))
            },
            addAction: Routes.calendarYearDays.link(link),
            kinds: CalendarDayKind.allCases.map { .init(value: $0.rawValue, label: kindName($0), selected: $0.rawValue == form["kind"]) },
            formDate: form["date"] ?? "", formName: form["name"] ?? "", formNameEn: form["nameEn"] ?? "",
            formCitation: form["citation"] ?? "")
    }
}
