import Foundation

/// The standard periodic table of dossier handling: per agency and procedure, what was carried
/// over, received (online or not), resolved (early, on time, late), withdrawn, and pending.
public struct PeriodicReport: Sendable, Hashable, Codable {
    public var scope: StatScope
    public var period: StatPeriod
    /// Whether the period reaches today, so pending dossiers can be split by deadline.
    public var isCurrent: Bool
    public var rows: [Row]

    /// One agency and procedure.
    public struct Row: Sendable, Hashable, Codable {
        public var agencyId: String
        public var procedureCode: String
        public var carriedOver: Int64
        public var received: Int64
        public var receivedOnline: Int64
        public var resolved: Int64
        public var early: Int64
        public var onTime: Int64
        public var late: Int64
        public var withdrawn: Int64
        /// Pending at the end of the period; split by deadline only for the current period.
        public var pendingEnd: Int64
        public var pendingNow: PendingCounts?

        public static func + (a: Row, b: Row) -> Row {
            Row(
                agencyId: "", procedureCode: "", carriedOver: a.carriedOver + b.carriedOver, received: a.received + b.received,
                receivedOnline: a.receivedOnline + b.receivedOnline, resolved: a.resolved + b.resolved, early: a.early + b.early,
                onTime: a.onTime + b.onTime, late: a.late + b.late, withdrawn: a.withdrawn + b.withdrawn,
                pendingEnd: a.pendingEnd + b.pendingEnd,
                pendingNow: a.pendingNow.map { x in b.pendingNow.map { x + $0 } ?? x } ?? b.pendingNow)
        }
    }

    public var total: Row {
        rows.reduce(
            Row(
                agencyId: "", procedureCode: "", carriedOver: 0, received: 0, receivedOnline: 0, resolved: 0, early: 0,
                onTime: 0, late: 0, withdrawn: 0, pendingEnd: 0, pendingNow: isCurrent ? PendingCounts() : nil), +)
    }

    /// Builds the rows from the flows of the period, the flows before it and the pending counts
    /// (keys `agency|procedure`).
    public static func make(
        scope: StatScope, period: StatPeriod, today: LocalDate, flows: [String: Tally<DossierMetric>],
        before: [String: Tally<DossierMetric>], pending: [String: PendingCounts]
    ) -> PeriodicReport {
        let isCurrent = period.lastDay >= today && period.firstDay <= today
        var rows: [Row] = []
        for key in Set(flows.keys).union(before.keys).union(isCurrent ? Set(pending.keys) : []).sorted() {
            let parts = key.split(separator: "|", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
            let f = flows[key] ?? Tally()
            let b = before[key] ?? Tally()
            let carried = b[.received] - b[.resolved] - b[.withdrawn]
            let end = carried + f[.received] - f[.resolved] - f[.withdrawn]
            let row = Row(
                agencyId: parts.first ?? "", procedureCode: parts.count > 1 ? parts[1] : "", carriedOver: carried,
                received: f[.received], receivedOnline: f[.receivedOnline], resolved: f[.resolved],
                early: f[.resolvedEarly], onTime: f[.resolvedOnTime], late: f[.resolvedLate], withdrawn: f[.withdrawn],
                pendingEnd: end, pendingNow: isCurrent ? (pending[key] ?? PendingCounts()) : nil)
            if row.carriedOver != 0 || row.received != 0 || row.resolved != 0 || row.withdrawn != 0 || row.pendingEnd != 0 {
                rows.append(row)
            }
        }
        return PeriodicReport(scope: scope, period: period, isCurrent: isCurrent, rows: rows)
    }

    /// The table as CSV (UTF-8 with a byte-order mark so spreadsheets read the diacritics).
    /// `header` are the column titles, `name` gives an agency's and a procedure's display names.
    public func csv(header: [String], agencyName: (String) -> String, procedureName: (String) -> String) -> String {
        func fields(_ r: Row, _ agency: String, _ procedure: String, _ code: String) -> [String] {
            [
                agency, code, procedure, "\(r.carriedOver)", "\(r.received)", "\(r.receivedOnline)", "\(r.resolved)", "\(r.early)",
                "\(r.onTime)", "\(r.late)", "\(r.withdrawn)", "\(r.pendingEnd)",
                r.pendingNow.map { "\($0.withinDeadline)" } ?? "", r.pendingNow.map { "\($0.pastDeadline)" } ?? "",
                r.pendingNow.map { "\($0.paused)" } ?? "",
            ]
        }
        let body = rows.map { fields($0, agencyName($0.agencyId), procedureName($0.procedureCode), $0.procedureCode) }
        return CSV.byteOrderMark + CSV.write([header] + body + [fields(total, "", "", "")].map { ["Σ"] + $0.dropFirst() })
    }
}

extension OperationsService {
    /// The periodic table of a unit for a period.
    public func periodicReport(_ scope: StatScope, _ period: StatPeriod, today: LocalDate) async throws -> PeriodicReport {
        async let flows = statistics.dossierByProcedure(scope, period, byAgency: true)
        async let before = statistics.dossierBefore(scope, period.firstMonth, byAgency: true)
        async let pending = statistics.pendingByProcedure(scope, today: today, byAgency: true)
        return PeriodicReport.make(
            scope: scope, period: period, today: today, flows: try await flows, before: try await before,
            pending: try await pending)
    }
}
