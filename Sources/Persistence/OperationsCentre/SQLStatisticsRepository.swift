import Domain
import Foundation
import SQLKit

/// Reads the aggregates kept by `StatisticsProjector`. Flow queries hit the primary key or the
/// period index of the flow tables; pending and late dossiers come from `stat_dossier_open` and
/// the partial indexes on unfinished dossiers. Reads may go to a read replica (`reads`); the
/// archive of monthly reports is written to the primary.
public struct SQLStatisticsRepository: StatisticsRepository, SharedCache {
    let database: Database
    let reads: Database
    private let pausedStates = PausedStatesCache()

    public init(database: Database, reads: Database? = nil) {
        self.database = database
        self.reads = reads ?? database
    }

    public func drop(_ name: CacheName) { if name == .workflows { pausedStates.drop() } }

    /// The combo and key columns that select `scope`'s rows.
    private func filter(_ scope: StatScope, byItem: Bool) -> SQLQueryString {
        let suffix = byItem ? "i" : ""
        switch scope.kind {
        case .province: return "combo = \(bind: "p" + suffix) AND agency_id = '' AND commune_code = ''"
        case .agency: return "combo = \(bind: "a" + suffix) AND agency_id = \(bind: scope.key) AND commune_code = ''"
        case .commune: return "combo = \(bind: "c" + suffix) AND agency_id = '' AND commune_code = \(bind: scope.key)"
        }
    }

    private static func sums<M: StatMetric>(_: M.Type) -> String {
        M.allCases.map { "CAST(COALESCE(SUM(\($0.rawValue)), 0) AS BIGINT) AS \($0.rawValue)" }.joined(separator: ", ")
    }

    private static func tally<M: StatMetric>(_ row: any SQLRow, _: M.Type) throws -> Tally<M> {
        var t = Tally<M>()
        for m in M.allCases { t[m] = try row.int64(m.rawValue) }
        return t
    }

    private func procedureFilter(_ procedures: [String]?) -> SQLQueryString {
        guard let procedures else { return "procedure_code = ''" }
        return "procedure_code IN (\(binds: procedures.isEmpty ? [""] : procedures))"
    }

    public func dossierFlows(_ scope: StatScope, _ period: StatPeriod, procedures: [String]?) async throws -> Tally<DossierMetric> {
        try await reads.read { db in
            let row = try await db.raw(
                """
                SELECT \(unsafeRaw: Self.sums(DossierMetric.self)) FROM stat_dossier_flows
                WHERE grain = 'm' AND \(filter(scope, byItem: procedures != nil)) AND \(procedureFilter(procedures))
                  AND period >= \(bind: period.firstMonth.description) AND period <= \(bind: period.lastMonth.description)
                """
            ).first()
            return try row.map { try Self.tally($0, DossierMetric.self) } ?? Tally()
        }
    }

    public func dossierTrend(
        _ scope: StatScope, _ period: StatPeriod, daily: Bool,
        procedures: [String]?
    ) async throws -> [String: Tally<DossierMetric>] {
        let day = daily && procedures == nil
        let (from, to) = day ? (period.firstDay.iso, period.lastDay.iso) : (period.firstMonth.description, period.lastMonth.description)
        return try await grouped(
            key: "period",
            """
            SELECT period, \(unsafeRaw: Self.sums(DossierMetric.self)) FROM stat_dossier_flows
            WHERE grain = \(bind: day ? "d" : "m") AND \(filter(scope, byItem: procedures != nil)) AND \(procedureFilter(procedures))
              AND period >= \(bind: from) AND period <= \(bind: to)
            GROUP BY period
            """, DossierMetric.self)
    }

    public func dossierRanking(_ kind: StatScope.Kind, _ period: StatPeriod) async throws -> [String: Tally<DossierMetric>] {
        let column = kind == .commune ? "commune_code" : "agency_id"
        return try await grouped(
            key: "k",
            """
            SELECT \(unsafeRaw: column) AS k, \(unsafeRaw: Self.sums(DossierMetric.self)) FROM stat_dossier_flows
            WHERE grain = 'm' AND combo = \(bind: kind == .commune ? "c" : kind == .agency ? "a" : "p")
              AND period >= \(bind: period.firstMonth.description) AND period <= \(bind: period.lastMonth.description)
            GROUP BY \(unsafeRaw: column)
            """, DossierMetric.self)
    }

    public func dossierByProcedure(_ scope: StatScope, _ period: StatPeriod, byAgency: Bool) async throws -> [String: Tally<DossierMetric>]
    {
        try await byProcedure(
            scope, byAgency: byAgency,
            """
            period >= \(bind: period.firstMonth.description) AND period <= \(bind: period.lastMonth.description)
            """)
    }

    public func dossierByUnitAndProcedure(
        _ kind: StatScope.Kind, _ period: StatPeriod
    ) async throws -> [String: [String: Tally<DossierMetric>]] {
        let column = kind == .commune ? "commune_code" : "agency_id"
        let rows = try await grouped(
            key: "k",
            """
            SELECT \(unsafeRaw: column) || '|' || procedure_code AS k, \(unsafeRaw: Self.sums(DossierMetric.self))
            FROM stat_dossier_flows
            WHERE grain = 'm' AND combo = \(bind: kind == .commune ? "ci" : kind == .agency ? "ai" : "pi")
              AND \(unsafeRaw: kind == .commune ? "agency_id" : "commune_code") = ''
              AND period >= \(bind: period.firstMonth.description) AND period <= \(bind: period.lastMonth.description)
            GROUP BY 1
            """, DossierMetric.self)
        var result: [String: [String: Tally<DossierMetric>]] = [:]
        for (key, tally) in rows {
            let parts = key.split(separator: "|", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
            guard parts.count == 2 else { continue }
            result[parts[0], default: [:]][parts[1]] = tally
        }
        return result
    }

    public func dossierBefore(_ scope: StatScope, _ month: YearMonth, byAgency: Bool) async throws -> [String: Tally<DossierMetric>] {
        try await byProcedure(scope, byAgency: byAgency, "period < \(bind: month.description)")
    }

    /// Per procedure rows of `scope`; the province split by agency reads the agency rows.
    private func byProcedure(_ scope: StatScope, byAgency: Bool, _ periodFilter: SQLQueryString) async throws -> [String: Tally<
        DossierMetric
    >] {
        let split = byAgency && scope.kind == .province
        let where_: SQLQueryString = split ? "combo = 'ai' AND commune_code = ''" : filter(scope, byItem: true)
        let key = byAgency ? "agency_id || '|' || procedure_code" : "procedure_code"
        return try await grouped(
            key: "k",
            """
            SELECT \(unsafeRaw: key) AS k, \(unsafeRaw: Self.sums(DossierMetric.self))
            FROM stat_dossier_flows WHERE grain = 'm' AND \(where_) AND \(periodFilter)
            GROUP BY 1
            """, DossierMetric.self)
    }

    private func grouped<M: StatMetric>(key: String, _ query: SQLQueryString, _ type: M.Type) async throws -> [String: Tally<M>] {
        try await reads.read { db in
            var result: [String: Tally<M>] = [:]
            for row in try await db.raw(query).all() { result[try row.string(key)] = try Self.tally(row, M.self) }
            return result
        }
    }

    public func pending(_ scope: StatScope, today: LocalDate, procedures: [String]?) async throws -> PendingCounts {
        guard procedures == nil else {
            return try await pendingRows(scope, today: today, byItem: true, extra: procedureFilter(procedures)).values.reduce(
                PendingCounts(), +)
        }
        return try await unitPending(filter(scope, byItem: false), key: "''", today: today).values.reduce(PendingCounts(), +)
    }

    public func pendingByProcedure(_ scope: StatScope, today: LocalDate, byAgency: Bool) async throws -> [String: PendingCounts] {
        if byAgency && scope.kind == .province {
            return try await pendingRows(nil, today: today, byItem: true, extra: "combo = 'ai' AND commune_code = ''", keyByAgency: true)
        }
        let rows = try await pendingRows(scope, today: today, byItem: true, extra: "procedure_code <> ''")
        guard byAgency else { return rows }
        return Dictionary(uniqueKeysWithValues: rows.map { ("\(scope.key)|\($0.key)", $0.value) })
    }

    private func pendingRows(
        _ scope: StatScope?, today: LocalDate, byItem: Bool, extra: SQLQueryString,
        keyByAgency: Bool = false
    ) async throws -> [String: PendingCounts] {
        let scopeFilter: SQLQueryString = scope.map { filter($0, byItem: byItem) } ?? "1 = 1"
        let key = keyByAgency ? "agency_id || '|' || procedure_code" : "procedure_code"
        return try await pendingSums(key: key, today: today, where: "\(scopeFilter) AND \(extra)")
    }

    public func pendingRanking(_ kind: StatScope.Kind, today: LocalDate) async throws -> [String: PendingCounts] {
        try await unitPending(
            "combo = \(bind: kind == .commune ? "c" : "a")", key: kind == .commune ? "commune_code" : "agency_id", today: today)
    }

    /// Pending dossiers per unit from the per-unit totals, with "within the date" read from the
    /// pending rows not yet due (an index range), so the backlog of old due dates is never read.
    private func unitPending(_ condition: SQLQueryString, key: String, today: LocalDate) async throws -> [String: PendingCounts] {
        try await reads.read { db in
            var result: [String: PendingCounts] = [:]
            for row in try await db.raw(
                """
                SELECT \(unsafeRaw: key) AS k, paused, dossiers FROM stat_open_totals WHERE \(condition)
                """
            ).all() {
                let n = try row.int64("dossiers")
                if try row.int("paused") == 1 {
                    result[try row.string("k"), default: PendingCounts()].paused += n
                } else {
                    result[try row.string("k"), default: PendingCounts()].pastDeadline += n
                }
            }
            for row in try await db.raw(
                """
                SELECT \(unsafeRaw: key) AS k, CAST(SUM(dossiers) AS BIGINT) AS n FROM stat_dossier_open
                WHERE \(condition) AND paused = 0 AND due_date >= \(bind: today.iso) GROUP BY 1
                """
            ).all() {
                let within = try row.int64("n")
                result[try row.string("k"), default: PendingCounts()].withinDeadline += within
                result[try row.string("k"), default: PendingCounts()].pastDeadline -= within
            }
            return result
        }
    }

    /// Pending dossiers per `key`, split in SQL into waiting (clock stopped), past and within the
    /// date, so that one row per key comes back however many due dates the pending rows span.
    private func pendingSums(key: String, today: LocalDate, where condition: SQLQueryString) async throws -> [String: PendingCounts] {
        try await reads.read { db in
            var result: [String: PendingCounts] = [:]
            for row in try await db.raw(
                """
                SELECT \(unsafeRaw: key) AS k,
                    CAST(SUM(CASE WHEN paused = 1 THEN dossiers ELSE 0 END) AS BIGINT) AS waiting,
                    CAST(SUM(CASE WHEN paused = 0 AND due_date < \(bind: today.iso) THEN dossiers ELSE 0 END) AS BIGINT) AS past,
                    CAST(SUM(CASE WHEN paused = 0 AND due_date >= \(bind: today.iso) THEN dossiers ELSE 0 END) AS BIGINT) AS within
                FROM stat_dossier_open WHERE \(condition) GROUP BY 1
                """
            ).all() {
                result[try row.string("k")] = PendingCounts(
                    withinDeadline: try row.int64("within"), pastDeadline: try row.int64("past"),
                    paused: try row.int64("waiting"))
            }
            return result
        }
    }

    public func reportRanking(_ kind: StatScope.Kind, _ period: StatPeriod) async throws -> [String: Tally<ReportMetric>] {
        let column = kind == .commune ? "commune_code" : "agency_id"
        return try await grouped(
            key: "k",
            """
            SELECT \(unsafeRaw: column) AS k, \(unsafeRaw: Self.sums(ReportMetric.self)) FROM stat_report_flows
            WHERE grain = 'm' AND combo = \(bind: kind == .commune ? "ci" : "ai")
              AND period >= \(bind: period.firstMonth.description) AND period <= \(bind: period.lastMonth.description)
            GROUP BY \(unsafeRaw: column)
            """, ReportMetric.self)
    }

    /// The oldest late dossiers of the scope. Each index range (the province's due dates, an
    /// agency's, each of a commune's receiving desks) is walked in due-date order and stops after
    /// `limit` rows, then the walks are merged: the read never grows with the backlog. (Filtering
    /// a commune's desks with `IN` made the database collect and sort the commune's whole backlog:
    /// 715 rows at 1 million dossiers for the busiest commune, ten times more at 10 million.)
    public func lateDossiers(_ scope: StatScope, today: LocalDate, limit: Int) async throws -> [LateDossier] {
        let paused = try await pausedStates.list(database)
        return try await reads.read { db in
            let filters: [SQLQueryString] =
                switch scope.kind {
                case .province: ["1 = 1"]
                case .agency: ["handling_agency_id = \(bind: scope.key)"]
                case .commune:
                    try await db.raw("SELECT id FROM agencies WHERE unit_code = \(bind: scope.key) ORDER BY id").all()
                        .map { "receiving_agency_id = \(bind: try $0.string("id"))" }
                }
            guard !filters.isEmpty else { return [] }
            let walks: [SQLQueryString] = filters.enumerated().map { index, filter in
                """
                SELECT * FROM (SELECT id, code, procedure_code, handling_agency_id, state, due_date, step_deadline, apologized FROM dossiers
                    WHERE finished_at IS NULL AND resolved_at IS NULL AND due_date < \(bind: today.iso) AND \(filter)
                      AND (workflow_code || ':' || state) NOT IN (\(unsafeRaw: paused))
                    ORDER BY due_date, id LIMIT \(bind: limit)) w\(unsafeRaw: String(index))
                """
            }
            return try await db.raw(walks.joined(separator: " UNION ALL ") + " ORDER BY due_date, id LIMIT \(bind: limit)").all().map {
                row in
                LateDossier(
                    code: try row.string("code"), procedureCode: try row.string("procedure_code"),
                    handlingAgencyId: try row.string("handling_agency_id"), state: try row.string("state"),
                    dueDate: Stored.day(try row.string("due_date")) ?? today,
                    stepDeadline: Stored.day(try row.decode(column: "step_deadline", as: String?.self)),
                    apologized: try row.decode(column: "apologized", as: Bool.self))
            }
        }
    }

    public func reportFlows(_ scope: StatScope, _ period: StatPeriod) async throws -> [String: Tally<ReportMetric>] {
        try await reportMonths(scope, period, groupedBy: "category")
    }

    public func reportTrend(_ scope: StatScope, _ period: StatPeriod) async throws -> [String: Tally<ReportMetric>] {
        try await reportMonths(scope, period, groupedBy: "period")
    }

    /// Field-report month rows of `scope` over the period, summed per `column` (category or period).
    private func reportMonths(_ scope: StatScope, _ period: StatPeriod, groupedBy column: String) async throws -> [String: Tally<
        ReportMetric
    >] {
        try await grouped(
            key: column,
            """
            SELECT \(unsafeRaw: column), \(unsafeRaw: Self.sums(ReportMetric.self)) FROM stat_report_flows
            WHERE grain = 'm' AND \(filter(scope, byItem: true))
              AND period >= \(bind: period.firstMonth.description) AND period <= \(bind: period.lastMonth.description)
            GROUP BY \(unsafeRaw: column)
            """, ReportMetric.self)
    }

    public func overdueReportRanking(_ kind: StatScope.Kind, today: LocalDate) async throws -> [String: Int64] {
        let open = ReportStatus.allCases.filter { $0.isOpen && $0 != .answered }.map(\.rawValue)
        let column = kind == .commune ? "unit_code" : "agency_id"
        return try await reads.read { db in
            var result: [String: Int64] = [:]
            for row in try await db.raw(
                """
                SELECT \(unsafeRaw: column) AS k, COUNT(*) AS n FROM field_reports
                WHERE status IN (\(binds: open)) AND answer_by < \(bind: today.iso) AND duplicate_of IS NULL
                  AND \(unsafeRaw: column) IS NOT NULL
                GROUP BY \(unsafeRaw: column)
                """
            ).all() {
                result[try row.string("k")] = try row.int64("n")
            }
            return result
        }
    }

    public func overdueReports(_ scope: StatScope, today: LocalDate) async throws -> [String: Int64] {
        let open = ReportStatus.allCases.filter { $0.isOpen && $0 != .answered }.map(\.rawValue)
        let scopeFilter: SQLQueryString =
            switch scope.kind {
            case .province: "1 = 1"
            case .agency: "agency_id = \(bind: scope.key)"
            case .commune: "unit_code = \(bind: scope.key)"
            }
        return try await reads.read { db in
            var result: [String: Int64] = [:]
            for row in try await db.raw(
                """
                SELECT category, COUNT(*) AS n FROM field_reports
                WHERE status IN (\(binds: open)) AND answer_by < \(bind: today.iso) AND duplicate_of IS NULL AND \(scopeFilter)
                GROUP BY category
                """
            ).all() {
                result[try row.string("category")] = try row.int64("n")
            }
            return result
        }
    }

    public func archiveReport(period: String, scope: StatScope, csv: String, at: Date) async throws -> Bool {
        try await database.transaction { db in
            try await db.raw(
                """
                INSERT INTO report_archive (period, scope, unit, generated_at, csv)
                VALUES (\(bind: period), \(bind: scope.kind.rawValue), \(bind: scope.key), \(bind: Stored.millis(at)), \(bind: csv))
                ON CONFLICT (period, scope, unit) DO NOTHING RETURNING id
                """
            ).first() != nil
        }
    }

    public func archivedReports(scope: StatScope, limit: Int) async throws -> [ArchivedReport] {
        try await reads.read { db in
            try await db.raw(
                """
                SELECT id, period, scope, unit, generated_at FROM report_archive
                WHERE scope = \(bind: scope.kind.rawValue) AND unit = \(bind: scope.key) ORDER BY period DESC LIMIT \(bind: limit)
                """
            ).all().map(Self.archived)
        }
    }

    public func archivedReport(id: Int64) async throws -> (ArchivedReport, String)? {
        try await reads.read { db in
            guard
                let row = try await db.raw("SELECT id, period, scope, unit, generated_at, csv FROM report_archive WHERE id = \(bind: id)")
                    .first()
            else { return nil }
            return (try Self.archived(row), try row.string("csv"))
        }
    }

    private static func archived(_ row: any SQLRow) throws -> ArchivedReport {
        ArchivedReport(
            id: try row.int64("id"), period: try row.string("period"),
            scope: StatScope(kind: StatScope.Kind(rawValue: try row.string("scope")) ?? .province, key: try row.string("unit")),
            generatedAt: Stored.date(try row.int64("generated_at")))
    }
}

/// The workflows' clock-stopped states as an SQL list, read at most once a minute, and again once a
/// workflow change is announced (`drop`).
final class PausedStatesCache: Sendable {
    private let cached = DroppableCache<(at: Date, list: String)?>(nil)

    func list(_ database: Database) async throws -> String {
        let (generation, hit) = cached.current()
        if let hit, Date().timeIntervalSince(hit.at) < 60 { return hit.list }
        let list = try await StatisticsProjector(database: database).statements().pausedList
        cached.fill(generation: generation) { $0 = (Date(), list) }
        return list
    }

    /// Forgets the list: the next read loads it.
    func drop() { cached.drop() }
}
