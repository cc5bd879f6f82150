import Domain
import Foundation
import Persistence

/// Turns the operations centre's figures into page values: names for codes, percents written
/// the Vietnamese way, charts as SVG.
struct OperationsViews: Sendable {
    let catalogue: any CatalogueRepository
    let agencies: any AgencyRepository
    let strings: Strings
    let fieldReports: FieldReportService?

    func reportCategories(_ language: Language) async throws -> [String: String] {
        guard let fieldReports else { return [:] }
        return Dictionary(
            try await fieldReports.categories().map { ($0.code, language == .en ? $0.nameEn : $0.name) }, uniquingKeysWith: { a, _ in a })
    }

    /// Display names of agencies, communes, procedures, fields and report categories.
    struct Names {
        var agencies: [String: String] = [:]
        /// Agencies above the communes (departments, the service centre...), for pickers and rankings.
        var provincialAgencies: Set<String> = []
        var communes: [String: String] = [:]
        var procedures: [String: String] = [:]
        var fields: [(code: String, name: String)] = []

        func unit(_ scope: StatScope, province: String) -> String {
            switch scope.kind {
            case .province: province
            case .agency: agencies[scope.key] ?? scope.key
            case .commune: communes[scope.key] ?? scope.key
            }
        }
    }

    func names(_ language: Language) async throws -> Names {
        let english = language == .en
        var names = Names()
        let communeKinds: Set<AgencyKind> = [.communeCommittee, .communeOneStop, .communePolice]
        for agency in try await agencies.agencies(kind: nil) {
            names.agencies[agency.id] = english ? agency.nameEn : agency.name
            if !communeKinds.contains(agency.kind) { names.provincialAgencies.insert(agency.id) }
        }
        for unit in try await agencies.units(tree: "2025", parentCode: Seeder.provinceCode) { names.communes[unit.code] = unit.name }
        for p in try await catalogue.allProcedures() { names.procedures[p.code] = english ? p.nameEn : p.name }
        names.fields = try await catalogue.fields().map { ($0.code, english ? $0.nameEn : $0.name) }
        return names
    }

    /// "87,5 %" in Vietnamese, "87.5%" in English, "—" without data.
    func percent(_ value: Double?, _ language: Language) -> String {
        guard let value else { return "—" }
        let text = String(format: "%.1f", value)
        return language == .en ? text + "%" : text.replacingOccurrences(of: ".", with: ",") + " %"
    }

    func number(_ value: Double?, _ language: Language) -> String {
        guard let value else { return "—" }
        let text = String(format: "%.1f", value)
        return language == .en ? text : text.replacingOccurrences(of: ".", with: ",")
    }

    func points(_ value: Double?, _ language: Language) -> String {
        guard let value else { return "—" }
        let text = ScoreRule.number(value)
        return language == .en ? text : text.replacingOccurrences(of: ".", with: ",")
    }

    /// The headline figures, each with the key the page's script refreshes it by.
    func kpis(_ d: Dashboard, _ language: Language) -> [[String: Any]] {
        let f = d.flows
        let r = d.reportTotals
        let overdueReports = d.reportsOverdue.values.reduce(0, +)
        let items: [(String, String, Bool)] = [
            ("received", "\(f[.received])", false),
            ("pending", "\(d.pending.total)", false),
            ("pendingLate", "\(d.pending.pastDeadline)", d.pending.pastDeadline > 0),
            ("resolved", "\(f[.resolved])", false),
            ("returned", "\(f[.returned])", false),
            ("onTime", percent(f.onTime.percent, language), (f.onTime.percent ?? 100) < 90),
            ("online", percent(f.online.percent, language), false),
            ("onlinePayment", percent(f.onlinePayment.percent, language), false),
            ("averageDays", number(f.averageProcessingDays, language), false),
            ("satisfaction", percent(f.satisfaction.percent, language), false),
            ("reportsReceived", "\(r[.received])", false),
            ("reportsAnswered", "\(r[.answered])", false),
            ("reportsOverdue", "\(overdueReports)", overdueReports > 0),
        ]
        return items.map { ["key": $0.0, "label": strings.text("ops_kpi_\($0.0)", language), "value": $0.1, "alert": $0.2] }
    }

    /// The received/resolved trend as a chart and as rows of a table.
    func trend(_ d: Dashboard, _ language: Language) -> (svg: String, rows: [[String: Any]]) {
        let labels = d.trend.map {
            d.trendGrain == .day ? String($0.period.suffix(2)) : d.trendGrain == .week ? String($0.period.suffix(3)) : $0.period
        }
        let svg = SVGChart.columns(
            title: strings.text("ops_trend_title", language), description: strings.text("ops_trend_desc", language),
            labels: labels,
            series: [
                .init(name: strings.text("ops_kpi_received", language), cssClass: "s-received"),
                .init(name: strings.text("ops_kpi_resolved", language), cssClass: "s-resolved"),
            ],
            values: d.trend.map { [$0.flows[.received], $0.flows[.resolved]] })
        let rows: [[String: Any]] = d.trend.map {
            ["period": $0.period, "received": $0.flows[.received], "resolved": $0.flows[.resolved], "late": $0.flows[.resolvedLate]]
        }
        return (svg, rows)
    }

    /// Units by on-time rate as bars (worst `limit`) and as table rows (all).
    func ranking(
        _ units: [Dashboard.Keyed], names: [String: String], title: String, _ language: Language,
        limit: Int = 10
    ) -> (svg: String, rows: [[String: Any]]) {
        let withData = units.filter { $0.flows.onTime.percent != nil }
        let svg =
            withData.isEmpty
            ? ""
            : SVGChart.bars(
                title: title, description: strings.text("ops_ranking_desc", language),
                items: withData.prefix(limit).map {
                    (names[$0.key] ?? $0.key, $0.flows.onTime.percent, percent($0.flows.onTime.percent, language))
                })
        let rows: [[String: Any]] = units.map { u in
            [
                "key": u.key, "name": names[u.key] ?? u.key, "received": u.flows[.received], "resolved": u.flows[.resolved],
                "late": u.flows[.resolvedLate], "onTime": percent(u.flows.onTime.percent, language),
                "online": percent(u.flows.online.percent, language),
            ]
        }
        return (svg, rows)
    }
}
