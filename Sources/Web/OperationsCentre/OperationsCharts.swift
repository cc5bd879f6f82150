import Domain

/// A headline figure of the dashboard, with the key the page's script refreshes it by.
struct OperationsKPI: Encodable, Sendable {
    let key: String
    let label: String
    let value: String
    let alert: Bool
}

/// A step of the received/resolved trend table.
struct OperationsTrendRow: Encodable, Sendable {
    let period: String
    let received: Int64
    let resolved: Int64
    let late: Int64
}

/// A unit of a dashboard ranking table.
struct OperationsUnitRow: Encodable, Sendable {
    let key: String
    let name: String
    let received: Int64
    let resolved: Int64
    let late: Int64
    let onTime: String
    let online: String
}

extension OperationsViews {
    /// The headline figures, each with the key the page's script refreshes it by.
    func kpis(_ d: Dashboard, _ language: Language) -> [OperationsKPI] {
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
        return items.map { OperationsKPI(key: $0.0, label: strings.text("ops_kpi_\($0.0)", language), value: $0.1, alert: $0.2) }
    }

    /// The received/resolved trend as a chart and as rows of a table.
    func trend(_ d: Dashboard, _ language: Language) -> (svg: String, rows: [OperationsTrendRow]) {
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
        let rows = d.trend.map {
            OperationsTrendRow(
                period: $0.period, received: $0.flows[.received], resolved: $0.flows[.resolved], late: $0.flows[.resolvedLate])
        }
        return (svg, rows)
    }

    /// Units by on-time rate as bars (worst `limit`) and as table rows (all).
    func ranking(
        _ units: [Dashboard.Keyed], names: [String: String], title: String, _ language: Language,
        limit: Int = 10
    ) -> (svg: String, rows: [OperationsUnitRow]) {
        let withData = units.filter { $0.flows.onTime.percent != nil }
        let svg =
            withData.isEmpty
            ? ""
            : SVGChart.bars(
                title: title, description: strings.text("ops_ranking_desc", language),
                items: withData.prefix(limit).map {
                    (names[$0.key] ?? $0.key, $0.flows.onTime.percent, percent($0.flows.onTime.percent, language))
                })
        let rows = units.map { u in
            OperationsUnitRow(
                key: u.key, name: names[u.key] ?? u.key, received: u.flows[.received], resolved: u.flows[.resolved],
                late: u.flows[.resolvedLate], onTime: percent(u.flows.onTime.percent, language),
                online: percent(u.flows.online.percent, language))
        }
        return (svg, rows)
    }
}
