import Domain
import Foundation

/// The leaders' dashboard of a unit (`operations-dashboard`): headline figures, the trend, the
/// late dossiers and procedures, the rankings (province), the field reports and the DTI targets.
struct OperationsDashboardPage: PageModel {
    static let template = "operations-dashboard"

    /// A pending dossier past its date.
    struct LateRow: Encodable, Sendable {
        let code: String
        let link: String
        let procedure: String
        let agency: String
        let state: String
        let due: String
        let daysLate: Int
        let apologized: Bool
    }

    /// A procedure with late resolutions.
    struct LateProcedureRow: Encodable, Sendable {
        let name: String
        let code: String
        let late: Int64
        let resolved: Int64
        let onTime: String
    }

    /// The field reports of a category.
    struct ReportRow: Encodable, Sendable {
        let name: String
        let received: Int64
        let answered: Int64
        let onTime: String
        let overdue: Int64
    }

    let filters: OperationsFilters
    let unitName: String
    let period: String
    let kpis: [OperationsKPI]
    let trendSvg: String
    let trendRows: [OperationsTrendRow]
    let late: [LateRow]
    let hasLate: Bool
    let lateProcedures: [LateProcedureRow]
    let hasLateProcedures: Bool
    let isProvince: Bool
    let agencySvg: String
    let agencyRows: [OperationsUnitRow]
    let communeSvg: String
    let communeRows: [OperationsUnitRow]
    let reports: [ReportRow]
    /// What the page says instead of an empty chart or table.
    let empty: Empty
    /// The official documents past their deadline per lead unit (shown when the documents module runs).
    var lateDocuments: [LateDocumentsRow] = []
    var showsLateDocuments = false
    var noLateDocuments = true
    /// The share of work dossiers handled fully online per agency, against the targets (shown when the module runs).
    var onlineWork: [OnlineWorkRow] = []
    var showsOnlineWork = false
    var noOnlineWork = true
    var onlineWorkSource = ""

    /// An agency's work dossiers closed this year and the share handled fully online.
    struct OnlineWorkRow: Encodable, Sendable {
        let unit: String
        let closed: Int
        let online: Int
        let share: String
        let target: String
        let met: Bool
    }

    /// A lead unit's official documents past their deadline.
    struct LateDocumentsRow: Encodable, Sendable {
        let unit: String
        let late: Int
        let oldest: String
    }

    /// Which parts have nothing to show.
    struct Empty: Encodable, Sendable {
        let reports: Bool
        let agencyChart: Bool
        let agencyRows: Bool
        let communeChart: Bool
        let communeRows: Bool
    }
    let bigScreen: Bool
    let bigScreenLink: String
    let apiLink: String
    let script: String
    let updatedAt: String
    let dtiTargets: OperationsDTITargets?
}

/// What the dashboard page is made of besides the figures: names, the filters, the DTI targets.
struct OperationsDashboardInputs: Sendable {
    let names: OperationsViews.Names
    let filters: OperationsFilters
    let categories: [String: String]
    let stateNames: [String: String]
    let dtiTargets: OperationsDTITargets?
    let now: Date
}

extension OperationsViews {
    /// The dashboard page of `d`.
    func dashboardPage(_ d: Dashboard, _ q: OperationsQuery, _ inputs: OperationsDashboardInputs, _ language: Language)
        -> OperationsDashboardPage
    {
        let names = inputs.names
        let trend = trend(d, language)
        // Commune agencies are compared in the commune ranking.
        let agencies = ranking(
            d.agencies.filter { names.provincialAgencies.contains($0.key) }, names: names.agencies,
            title: strings.text("ops_agencies_worst", language), language)
        let communes = ranking(d.communes, names: names.communes, title: strings.text("ops_communes_worst", language), language)
        var filters = inputs.filters
        filters.hasGrains = true
        filters.grains = TrendGrain.allCases.map {
            .init(value: $0.rawValue, name: strings.text("ops_grain_\($0.rawValue)", language), selected: $0 == d.trendGrain)
        }
        return OperationsDashboardPage(
            filters: filters, unitName: names.unit(q.scope, province: strings.text("ops_province", language)),
            period: periodName(q.period, language), kpis: kpis(d, language), trendSvg: trend.svg, trendRows: trend.rows,
            late: d.late.map { l in
                .init(
                    code: l.code, link: Routes.operationsDossier.link(l.code),
                    procedure: names.procedures[l.procedureCode] ?? l.procedureCode,
                    agency: names.agencies[l.handlingAgencyId] ?? l.handlingAgencyId, state: inputs.stateNames[l.state] ?? l.state,
                    due: Format.day(l.dueDate), daysLate: q.today.dayNumber - l.dueDate.dayNumber, apologized: l.apologized)
            },
            hasLate: !d.late.isEmpty,
            lateProcedures: d.lateProcedures.map { p in
                .init(
                    name: names.procedures[p.key] ?? p.key, code: p.key, late: p.flows[.resolvedLate], resolved: p.flows[.resolved],
                    onTime: percent(p.flows.onTime.percent, language))
            },
            hasLateProcedures: !d.lateProcedures.isEmpty, isProvince: q.scope.kind == .province,
            agencySvg: agencies.svg, agencyRows: agencies.rows, communeSvg: communes.svg, communeRows: communes.rows,
            reports: d.reportsByCategory.map { r in
                .init(
                    name: inputs.categories[r.key] ?? r.key, received: r.flows[.received], answered: r.flows[.answered],
                    onTime: percent(r.flows.answeredOnTime(overdueOpen: d.reportsOverdue[r.key] ?? 0).percent, language),
                    overdue: d.reportsOverdue[r.key] ?? 0)
            },
            empty: .init(
                reports: d.reportsByCategory.isEmpty, agencyChart: agencies.svg.isEmpty, agencyRows: agencies.rows.isEmpty,
                communeChart: communes.svg.isEmpty, communeRows: communes.rows.isEmpty),
            bigScreen: q.bigScreen, bigScreenLink: Routes.operations.link() + q.queryString(["screen": "big"]),
            apiLink: Routes.apiDashboard.link() + q.queryString(), script: StaticAsset.operationsScript.link(Routes.operationsScript),
            updatedAt: Format.instant(inputs.now), dtiTargets: inputs.dtiTargets)
    }
}
