import Domain

/// The standard periodic report of a unit (`operations-report`): one row per agency and
/// procedure, the total, the CSV link and the monthly archive.
struct OperationsReportPage: PageModel {
    static let template = "operations-report"

    /// The cells of a row (and of the total).
    struct Cells: Encodable, Sendable {
        let agency: String
        let procedure: String
        let code: String
        let carried: Int64
        let received: Int64
        let online: Int64
        let resolved: Int64
        let early: Int64
        let onTime: Int64
        let late: Int64
        let withdrawn: Int64
        let pendingEnd: Int64
        let within: String
        let past: String
        let paused: String
    }

    /// An archived report.
    struct ArchiveRow: Encodable, Sendable {
        let period: String
        let link: String
        let at: String
    }

    let filters: OperationsFilters
    let unitName: String
    let period: String
    let rows: [Cells]
    let total: Cells
    let isCurrent: Bool
    let csvLink: String
    let archive: [ArchiveRow]
    let hasRows: Bool
    let hasArchive: Bool
}

extension OperationsViews {
    /// The report page of `report`, with the archive of the unit's reports.
    func reportPage(
        _ report: PeriodicReport, archive: [ArchivedReport], _ q: OperationsQuery, names: Names, filters: OperationsFilters,
        _ language: Language
    ) -> OperationsReportPage {
        func cells(_ r: PeriodicReport.Row) -> OperationsReportPage.Cells {
            .init(
                agency: names.agencies[r.agencyId] ?? r.agencyId, procedure: names.procedures[r.procedureCode] ?? r.procedureCode,
                code: r.procedureCode, carried: r.carriedOver, received: r.received, online: r.receivedOnline,
                resolved: r.resolved, early: r.early, onTime: r.onTime, late: r.late, withdrawn: r.withdrawn,
                pendingEnd: r.pendingEnd, within: r.pendingNow.map { "\($0.withinDeadline)" } ?? "—",
                past: r.pendingNow.map { "\($0.pastDeadline)" } ?? "—", paused: r.pendingNow.map { "\($0.paused)" } ?? "—")
        }
        let rows = report.rows.map(cells)
        return OperationsReportPage(
            filters: filters, unitName: names.unit(q.scope, province: strings.text("ops_province", language)),
            period: periodName(q.period, language), rows: rows, total: cells(report.total), isCurrent: report.isCurrent,
            csvLink: Routes.operationsReport.link() + q.queryString(["format": "csv"]),
            archive: archive.map {
                .init(
                    period: StatPeriod($0.period).map { periodName($0, language) } ?? $0.period,
                    link: Routes.operationsArchived.link(String($0.id)), at: Format.instant($0.generatedAt))
            }, hasRows: !rows.isEmpty, hasArchive: !archive.isEmpty)
    }
}
