import Domain

/// The periods of the filter bar's picker, grouped by kind, in words.
struct OperationsPeriodGroup: Encodable, Sendable {
    let label: String
    let choices: [OperationsFilters.Choice]
}

extension OperationsViews {
    /// A period in words: "Tháng 11/2026", "Quý IV/2026", "Năm 2026" ("11/2026", "Q4 2026", "2026").
    func periodName(_ p: StatPeriod, _ language: Language) -> String {
        func month(_ m: YearMonth) -> String { (m.month < 10 ? "0" : "") + "\(m.month)/\(m.year)" }
        let year = String(p.firstMonth.year)
        switch p.kind {
        case .month: return strings.text("ops_period_month", language, ["month": month(p.firstMonth)])
        case .quarter:
            let q = (p.firstMonth.month + 2) / 3
            return strings.text(
                "ops_period_quarter", language, ["roman": ["I", "II", "III", "IV"][q - 1], "number": "\(q)", "year": year])
        case .year: return strings.text("ops_period_year", language, ["year": year])
        case .span: return strings.text("ops_period_span", language, ["from": month(p.firstMonth), "to": month(p.lastMonth)])
        }
    }

    /// The picker's periods up to today's (never a later one): the last twelve months, the last
    /// eight quarters, the last three years, and the period shown when it is none of those.
    func periodGroups(_ q: OperationsQuery, _ language: Language) -> [OperationsPeriodGroup] {
        let today = q.today
        let thisMonth = YearMonth(year: today.year, month: today.month)
        let months = (0..<12).map { StatPeriod.month(thisMonth.adding(-$0)) }
        let quarter = StatPeriod.containing(today, kind: .quarter)
        let quarters = (0..<8).map {
            StatPeriod(kind: .quarter, firstMonth: quarter.firstMonth.adding(-3 * $0), lastMonth: quarter.lastMonth.adding(-3 * $0))
        }
        let years = (0..<3).map { StatPeriod.year(today.year - $0) }
        func group(_ key: String, _ periods: [StatPeriod]) -> OperationsPeriodGroup {
            OperationsPeriodGroup(
                label: strings.text(key, language),
                choices: periods.map { .init(value: $0.description, name: periodName($0, language), selected: $0 == q.period) })
        }
        var groups = [group("ops_period_months", months), group("ops_period_quarters", quarters), group("ops_period_years", years)]
        if !(months + quarters + years).contains(q.period) { groups.insert(group("ops_period_shown", [q.period]), at: 0) }
        return groups
    }

    /// Whether `p` starts after the month of `today` (no figures yet: the pages do not link to it).
    static func isFuture(_ p: StatPeriod, today: LocalDate) -> Bool {
        p.firstMonth > YearMonth(year: today.year, month: today.month)
    }
}
