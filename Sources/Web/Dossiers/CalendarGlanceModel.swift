import Domain

/// A year of the working calendar at a glance: twelve month grids with the exception days marked,
/// the list of those days (each removable) and the form adding one with the text it comes from.
struct CalendarGlancePage: PageModel {
    static let template = "calendar-year"

    /// One day of a month grid (an empty cell before the 1st and after the last day).
    struct Cell: Encodable, Sendable {
        let label: String
        /// `weekend`, or the kind of the exception day, as a CSS class.
        let mark: String
        let title: String
    }

    /// A month: its name and its weeks, Monday first.
    struct Month: Encodable, Sendable {
        let name: String
        let weeks: [[Cell]]
    }

    /// An exception day as listed, with the form removing it.
    struct Day: Encodable, Sendable {
        let date: String
        let kind: String
        let name: String
        let remove: String
    }

    let year: Int
    let previous: String
    let next: String
    let back: String
    let weekdays: [String]
    let months: [Month]
    let days: [Day]
    let addAction: String
    let kinds: [OfficerAdminListPage.Choice]
    /// The values of a refused attempt, kept in the form.
    let formDate: String
    let formName: String
    let formNameEn: String
    let formCitation: String
    var done: String?
    var error: String?

    /// The twelve month grids of `year` in `calendar`, named by `monthName`, with `kindName` as the title of exception days.
    static func months(
        _ year: Int, _ calendar: WorkingCalendar, monthName: (Int) -> String, kindName: (CalendarDayKind) -> String
    ) -> [Month] {
        (1...12).map { month in
            let first = LocalDate(year: year, month: month, day: 1)!
            let length =
                (LocalDate(year: month == 12 ? year + 1 : year, month: month == 12 ? 1 : month + 1, day: 1)!).dayNumber
                - first.dayNumber
            var cells = Array(repeating: Cell(label: "", mark: "", title: ""), count: first.isoWeekday - 1)
            for offset in 0..<length {
                let date = first.adding(days: offset)
                if let day = calendar.days[date] {
                    cells.append(Cell(label: String(date.day), mark: day.kind.rawValue, title: "\(kindName(day.kind)): \(day.name)"))
                } else {
                    let weekend = calendar.weekendDays.contains(date.isoWeekday)
                    cells.append(Cell(label: String(date.day), mark: weekend ? "weekend" : "", title: ""))
                }
            }
            cells += Array(repeating: Cell(label: "", mark: "", title: ""), count: (7 - cells.count % 7) % 7)
            return Month(name: monthName(month), weeks: stride(from: 0, to: cells.count, by: 7).map { Array(cells[$0..<$0 + 7]) })
        }
    }
}
