import Domain

/// The filter bar shared by the operations pages (the `operations-filters` partial): the tabs,
/// the units the officer may pick, the period, the procedure fields and the trend's steps.
struct OperationsFilters: Encodable, Sendable {
    /// An option of a picker.
    struct Choice: Encodable, Sendable {
        let value: String
        let name: String
        let selected: Bool
    }

    /// A procedure field of the field picker.
    struct Field: Encodable, Sendable {
        let code: String
        let name: String
        let selected: Bool
    }

    let units: [Choice]
    let periods: [OperationsPeriodGroup]
    let fields: [Field]
    let dashboardLink: String
    let indexLink: String
    let reportLink: String
    let previousLink: String
    /// Nil when the next period has not begun.
    let nextLink: String?
    /// The trend's steps, on the dashboard only.
    var hasGrains = false
    var grains: [Choice] = []
}

extension OperationsViews {
    /// The filter values: scopes and units the officer may pick.
    func filters(_ q: OperationsQuery, names: Names, access: OperationsAccess, language: Language) -> OperationsFilters {
        var units: [OperationsFilters.Choice] = []
        if access.everything {
            units.append(.init(value: "province|", name: strings.text("ops_province", language), selected: q.scope.kind == .province))
            // Commune agencies are reached through their commune; the picker lists the province's.
            for (id, name) in names.agencies.filter({ names.provincialAgencies.contains($0.key) }).sorted(by: { $0.value < $1.value }) {
                units.append(.init(value: "agency|\(id)", name: name, selected: q.scope == StatScope(kind: .agency, key: id)))
            }
            for (code, name) in names.communes.sorted(by: { $0.value < $1.value }) {
                units.append(.init(value: "commune|\(code)", name: name, selected: q.scope == StatScope(kind: .commune, key: code)))
            }
        } else if let agency = access.agency {
            units.append(
                .init(value: "agency|\(agency.id)", name: names.agencies[agency.id] ?? agency.id, selected: q.scope.kind == .agency))
            if let commune = agency.unitCode {
                units.append(
                    .init(value: "commune|\(commune)", name: names.communes[commune] ?? commune, selected: q.scope.kind == .commune))
            }
        }
        let next = StatPeriod(
            kind: q.period.kind, firstMonth: q.period.firstMonth.adding(q.period.monthCount),
            lastMonth: q.period.lastMonth.adding(q.period.monthCount))
        return OperationsFilters(
            units: units, periods: periodGroups(q, language),
            fields: names.fields.map { .init(code: $0.code, name: $0.name, selected: $0.code == q.field) },
            dashboardLink: Routes.operations.link() + q.queryString(),
            indexLink: Routes.operationsIndex.link() + q.queryString(),
            reportLink: Routes.operationsReport.link() + q.queryString(),
            previousLink: q.queryString(["period": q.period.previous.description]),
            nextLink: Self.isFuture(next, today: q.today) ? nil : q.queryString(["period": next.description]))
    }
}
