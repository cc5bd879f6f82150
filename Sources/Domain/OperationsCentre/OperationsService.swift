import Foundation

/// The operations centre's questions answered from the aggregates: the dashboard of a unit, the
/// service-quality index with its history and ranking, and the standard periodic report.
public struct OperationsService: Sendable {
    let statistics: any StatisticsRepository
    let catalogue: any CatalogueRepository
    let agencies: any AgencyRepository
    let indexStore: any ServiceIndexStore

    public init(
        statistics: any StatisticsRepository, catalogue: any CatalogueRepository, agencies: any AgencyRepository,
        indexStore: any ServiceIndexStore
    ) {
        self.statistics = statistics
        self.catalogue = catalogue
        self.agencies = agencies
        self.indexStore = indexStore
    }

    /// The province's code in the 2025 administrative tree (the demo province, Thanh Hóa).
    public static let provinceCode = "38"

    /// The province's communes (the 2025 tree), the units a commune scope may name.
    public func communes() async throws -> [AdministrativeUnit] {
        try await agencies.units(tree: "2025", parentCode: Self.provinceCode)
    }

    /// The procedures a unit answers for: an agency's by its short code or commune kind, a
    /// commune's commune-level ones, the province's all.
    public func procedures(for scope: StatScope) async throws -> [Procedure] {
        let agency = scope.kind == .agency ? try await agencies.agency(id: scope.key) : nil
        return Self.procedures(for: scope, agency: agency, all: try await catalogue.allProcedures())
    }

    static func procedures(for scope: StatScope, agency: Agency?, all: [Procedure]) -> [Procedure] {
        let communeKinds: Set<String> = ["communeCommittee", "communePolice"]
        switch scope.kind {
        case .province: return all
        case .commune: return all.filter { communeKinds.contains($0.competentAgency) }
        case .agency:
            guard let agency else { return [] }
            switch agency.kind {
            case .communeCommittee: return all.filter { $0.competentAgency == "communeCommittee" }
            case .communePolice: return all.filter { $0.competentAgency == "communePolice" }
            case .communeOneStop: return all.filter { communeKinds.contains($0.competentAgency) }
            case .serviceCentre, .provincialCommittee: return all.filter { !communeKinds.contains($0.competentAgency) }
            case .department, .provincialPolice: return all.filter { $0.competentAgency == agency.shortCode }
            }
        }
    }

    /// The figures the index scores, for a unit and a period (pending: now).
    public func figures(_ scope: StatScope, _ period: StatPeriod, today: LocalDate) async throws -> ServiceFigures {
        async let flows = statistics.dossierFlows(scope, period, procedures: nil)
        async let byProcedure = statistics.dossierByProcedure(scope, period, byAgency: false)
        async let pending = statistics.pending(scope, today: today, procedures: nil)
        async let reports = statistics.reportFlows(scope, period)
        async let overdue = statistics.overdueReports(scope, today: today)
        let procedures = try await procedures(for: scope)
        return ServiceFigures(
            flows: try await flows, pending: try await pending, reports: try await reports.values.reduce(Tally(), +),
            reportsOverdue: try await overdue.values.reduce(0, +), catalogue: CatalogueCounts(procedures, flows: try await byProcedure))
    }

    public func framework() async throws -> ServiceIndexFramework {
        guard let framework = try await indexStore.framework() else { throw DomainError(.notFound, "index.noFramework") }
        return framework
    }

    /// The index of a unit for a period, with the same kind of period for the year before it.
    public func serviceIndex(
        _ scope: StatScope, _ period: StatPeriod, today: LocalDate,
        historyLength: Int = 12
    ) async throws -> (score: ServiceScore, history: [(StatPeriod, Double?)]) {
        let framework = try await framework()
        let score = framework.score(try await figures(scope, period, today: today))
        // The earlier periods come from two grouped reads of their months (not two reads each).
        var periods: [StatPeriod] = []
        var p = period
        for _ in 0..<historyLength {
            p = p.previous
            periods.append(p)
        }
        guard let oldest = periods.last else { return (score, []) }
        let span = StatPeriod(kind: .span, firstMonth: oldest.firstMonth, lastMonth: period.previous.lastMonth)
        async let flowMonths = statistics.dossierTrend(scope, span, daily: false, procedures: nil)
        async let reportMonths = statistics.reportTrend(scope, span)
        let (flows, reports) = try await (flowMonths, reportMonths)
        let procedures = try await procedures(for: scope)
        var history: [(StatPeriod, Double?)] = []
        for past in periods {
            let months = (0..<past.monthCount).map { past.firstMonth.adding($0).description }
            // Past periods: pending dossiers and overdue reports are a snapshot of today and are not replayed.
            let figures = ServiceFigures(
                flows: months.compactMap { flows[$0] }.reduce(Tally(), +), pending: PendingCounts(),
                reports: months.compactMap { reports[$0] }.reduce(Tally(), +),
                catalogue: CatalogueCounts(procedures, flows: try await statistics.dossierByProcedure(scope, past, byAgency: false)))
            history.append((past, framework.score(figures).normalised))
        }
        return (score, history.reversed())
    }

    /// Every agency or commune scored for the period, best first; equal scores share a rank.
    public func indexRanking(_ kind: StatScope.Kind, _ period: StatPeriod, today: LocalDate) async throws -> [RankedUnit] {
        let framework = try await framework()
        async let flows = statistics.dossierRanking(kind, period)
        async let pending = statistics.pendingRanking(kind, today: today)
        async let reports = statistics.reportRanking(kind, period)
        async let byProcedure = statistics.dossierByUnitAndProcedure(kind, period)
        async let overdue = statistics.overdueReportRanking(kind, today: today)
        let (f, pend, rep, perProcedure, late) = try await (flows, pending, reports, byProcedure, overdue)
        // The catalogue and the agencies are read once for the whole ranking.
        let all = try await catalogue.allProcedures()
        let agencyById = Dictionary(try await agencies.agencies(kind: nil).map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        var scored: [RankedUnit] = []
        for key in Set(f.keys).union(pend.keys).union(rep.keys).union(late.keys).sorted() where !key.isEmpty {
            let scope = StatScope(kind: kind, key: key)
            let procedures = Self.procedures(for: scope, agency: agencyById[key], all: all)
            let figures = ServiceFigures(
                flows: f[key] ?? Tally(), pending: pend[key] ?? PendingCounts(), reports: rep[key] ?? Tally(),
                reportsOverdue: late[key] ?? 0, catalogue: CatalogueCounts(procedures, flows: perProcedure[key] ?? [:]))
            let score = framework.score(figures)
            scored.append(RankedUnit(key: key, rank: 0, score: score.normalised, points: score.points, flows: figures.flows))
        }
        return RankedUnit.rank(scored)
    }
}

/// A unit in a ranking: its rank (shared on ties), score out of 100 and figures.
public struct RankedUnit: Sendable, Hashable, Codable {
    public var key: String
    public var rank: Int
    public var score: Double?
    public var points: Double
    public var flows: Tally<DossierMetric>

    public init(key: String, rank: Int, score: Double?, points: Double, flows: Tally<DossierMetric>) {
        self.key = key
        self.rank = rank
        self.score = score
        self.points = points
        self.flows = flows
    }

    /// Sorts best first (units without data last) and gives equal scores the same rank
    /// ("1, 2, 2, 4").
    public static func rank(_ units: [RankedUnit]) -> [RankedUnit] {
        let sorted = units.sorted { a, b in
            switch (a.score, b.score) {
            case let (x?, y?) where x != y: return x > y
            case (_?, nil): return true
            case (nil, _?): return false
            default: return a.key < b.key
            }
        }
        var result: [RankedUnit] = []
        for (i, var unit) in sorted.enumerated() {
            unit.rank = (i > 0 && sorted[i - 1].score == unit.score) ? result[i - 1].rank : i + 1
            result.append(unit)
        }
        return result
    }
}

extension Tally: Codable where Metric: Codable {
    public init(from decoder: any Decoder) throws {
        let raw = try [String: Int64](from: decoder)
        self.init(Dictionary(uniqueKeysWithValues: raw.compactMap { k, v in Metric(rawValue: k).map { ($0, v) } }))
    }
    public func encode(to encoder: any Encoder) throws {
        try Dictionary(uniqueKeysWithValues: Metric.allCases.map { ($0.rawValue, self[$0]) }).encode(to: encoder)
    }
}
