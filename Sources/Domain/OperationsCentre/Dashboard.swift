import Foundation

/// Everything a dashboard shows for one unit and period, computed from the aggregates.
public struct Dashboard: Sendable, Codable {
    public var scope: StatScope
    public var period: StatPeriod
    public var field: String?
    public var flows: Tally<DossierMetric>
    public var pending: PendingCounts
    /// Per day, ISO week (`2026-W45`) or month of the period, in order.
    public var trend: [TrendPoint]
    public var trendGrain: TrendGrain
    public var late: [LateDossier]
    /// Procedures with the most late dossiers in the period, most first.
    public var lateProcedures: [Keyed]
    /// Agencies and communes of the province (province scope only), by on-time rate, worst first.
    public var agencies: [Keyed]
    public var communes: [Keyed]
    public var reportsByCategory: [KeyedReports]
    public var reportsOverdue: [String: Int64]

    /// A period's counters.
    public struct TrendPoint: Sendable, Codable {
        public var period: String
        public var flows: Tally<DossierMetric>
    }
    /// A unit's or procedure's counters.
    public struct Keyed: Sendable, Codable {
        public var key: String
        public var flows: Tally<DossierMetric>
    }
    /// A category's field-report counters.
    public struct KeyedReports: Sendable, Codable {
        public var key: String
        public var flows: Tally<ReportMetric>
    }

    public var reportTotals: Tally<ReportMetric> { reportsByCategory.map(\.flows).reduce(Tally(), +) }
}

/// The step of a dashboard's trend.
public enum TrendGrain: String, Sendable, Codable, CaseIterable {
    case day, week, month

    /// Days for a month, weeks up to half a year, months beyond (and always months when the
    /// figures are narrowed to a field: day rows are kept for whole units only).
    public static func automatic(_ period: StatPeriod, narrowed: Bool) -> TrendGrain {
        narrowed ? .month : period.monthCount <= 1 ? .day : period.monthCount <= 6 ? .week : .month
    }

    /// The ISO 8601 week a day belongs to, written `2026-W45`.
    public static func week(of day: LocalDate) -> String {
        let weekday = day.isoWeekday  // 1 = Monday
        let thursday = day.adding(days: 4 - weekday)  // the week belongs to its Thursday's year
        let jan1 = LocalDate(year: thursday.year, month: 1, day: 1)!
        let number = (thursday.dayNumber - jan1.dayNumber) / 7 + 1
        return "\(thursday.year)-W" + (number < 10 ? "0\(number)" : "\(number)")
    }
}

extension OperationsService {
    /// The dashboard of `scope` for `period`, optionally narrowed to one field's procedures.
    public func dashboard(
        _ scope: StatScope, _ period: StatPeriod, field: String?, today: LocalDate, grain: TrendGrain? = nil,
        lateLimit: Int = 20
    ) async throws -> Dashboard {
        let procedures: [String]? = field == nil ? nil : try await catalogue.allProcedures().filter { $0.field == field }.map(\.code)
        let chosen = procedures != nil ? .month : grain ?? TrendGrain.automatic(period, narrowed: false)
        let daily = chosen != .month
        async let flows = statistics.dossierFlows(scope, period, procedures: procedures)
        async let pending = statistics.pending(scope, today: today, procedures: procedures)
        async let trend = statistics.dossierTrend(scope, period, daily: daily, procedures: procedures)
        async let late = statistics.lateDossiers(scope, today: today, limit: lateLimit)
        async let byProcedure = statistics.dossierByProcedure(scope, period, byAgency: false)
        async let reports = statistics.reportFlows(scope, period)
        async let overdue = statistics.overdueReports(scope, today: today)
        var agencies: [Dashboard.Keyed] = []
        var communes: [Dashboard.Keyed] = []
        if scope.kind == .province {
            async let a = statistics.dossierRanking(.agency, period)
            async let c = statistics.dossierRanking(.commune, period)
            agencies = Self.worstFirst(try await a)
            communes = Self.worstFirst(try await c)
        }
        let points = try await trend
        let days = (0...(period.lastDay.dayNumber - period.firstDay.dayNumber)).map { period.firstDay.adding(days: $0) }
        var trendPoints: [Dashboard.TrendPoint] = []
        switch chosen {
        case .day: trendPoints = days.map { Dashboard.TrendPoint(period: $0.iso, flows: points[$0.iso] ?? Tally()) }
        case .week:
            for day in days {
                let week = TrendGrain.week(of: day)
                if trendPoints.last?.period != week { trendPoints.append(Dashboard.TrendPoint(period: week, flows: Tally())) }
                trendPoints[trendPoints.count - 1].flows = trendPoints[trendPoints.count - 1].flows + (points[day.iso] ?? Tally())
            }
        case .month:
            trendPoints = (0..<period.monthCount).map { period.firstMonth.adding($0).description }
                .map { Dashboard.TrendPoint(period: $0, flows: points[$0] ?? Tally()) }
        }
        var lateProcedures = try await byProcedure.filter { $0.value[.resolvedLate] > 0 }.map {
            Dashboard.Keyed(key: $0.key, flows: $0.value)
        }
        lateProcedures.sort { ($0.flows[.resolvedLate], $1.key) > ($1.flows[.resolvedLate], $0.key) }
        if let procedures { lateProcedures = lateProcedures.filter { procedures.contains($0.key) } }
        var lateList = try await late
        if let procedures { lateList = lateList.filter { procedures.contains($0.procedureCode) } }
        return Dashboard(
            scope: scope, period: period, field: field, flows: try await flows, pending: try await pending,
            trend: trendPoints, trendGrain: chosen,
            late: lateList, lateProcedures: Array(lateProcedures.prefix(10)), agencies: agencies, communes: communes,
            reportsByCategory: try await reports.map { Dashboard.KeyedReports(key: $0.key, flows: $0.value) }.sorted { $0.key < $1.key },
            reportsOverdue: try await overdue)
    }

    /// Units with dossiers resolved, lowest on-time rate first; units with none at the end.
    static func worstFirst(_ tallies: [String: Tally<DossierMetric>]) -> [Dashboard.Keyed] {
        tallies.filter { !$0.key.isEmpty }.map { Dashboard.Keyed(key: $0.key, flows: $0.value) }.sorted { a, b in
            switch (a.flows.onTime.percent, b.flows.onTime.percent) {
            case let (x?, y?) where x != y: return x < y
            case (_?, nil): return true
            case (nil, _?): return false
            default: return a.key < b.key
            }
        }
    }
}
