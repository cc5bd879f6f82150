import Foundation

/// Whose figures: the whole province, one agency (by handling), or one commune.
public struct StatScope: Sendable, Hashable, Codable {
    /// The level a scope is at.
    public enum Kind: String, Sendable, Codable, CaseIterable { case province, agency, commune }
    public let kind: Kind
    /// Agency id or commune code; empty for the province.
    public let key: String

    public init(kind: Kind, key: String) {
        self.kind = kind
        self.key = kind == .province ? "" : key
    }
    public static let province = StatScope(kind: .province, key: "")
}

/// Dossiers pending now, split by their appointment date and by the clock being stopped.
public struct PendingCounts: Sendable, Hashable, Codable {
    public var withinDeadline: Int64
    public var pastDeadline: Int64
    /// Waiting for the applicant (supplement, payment): the clock is stopped.
    public var paused: Int64

    public init(withinDeadline: Int64 = 0, pastDeadline: Int64 = 0, paused: Int64 = 0) {
        self.withinDeadline = withinDeadline
        self.pastDeadline = pastDeadline
        self.paused = paused
    }
    public var total: Int64 { withinDeadline + pastDeadline + paused }
    public static func + (a: PendingCounts, b: PendingCounts) -> PendingCounts {
        PendingCounts(
            withinDeadline: a.withinDeadline + b.withinDeadline, pastDeadline: a.pastDeadline + b.pastDeadline,
            paused: a.paused + b.paused)
    }
}

/// A pending dossier past its appointment date, with the step it is held at.
public struct LateDossier: Sendable, Hashable, Codable {
    public var code: String
    public var procedureCode: String
    public var handlingAgencyId: String
    public var state: String
    public var dueDate: LocalDate
    public var stepDeadline: LocalDate?
    public var apologized: Bool

    public init(
        code: String, procedureCode: String, handlingAgencyId: String, state: String, dueDate: LocalDate,
        stepDeadline: LocalDate?, apologized: Bool
    ) {
        self.code = code
        self.procedureCode = procedureCode
        self.handlingAgencyId = handlingAgencyId
        self.state = state
        self.dueDate = dueDate
        self.stepDeadline = stepDeadline
        self.apologized = apologized
    }
}

/// Read access to the operations centre's aggregates. Every answer reads aggregate rows (or an
/// index of pending rows), never the whole dossier table.
public protocol StatisticsRepository: Sendable {
    /// Dossier counters of `scope` over the months of `period`, optionally for some procedures only.
    func dossierFlows(_ scope: StatScope, _ period: StatPeriod, procedures: [String]?) async throws -> Tally<DossierMetric>
    /// Counters per day (`daily`) or per month of the period, keyed `YYYY-MM-DD` or `YYYY-MM`.
    func dossierTrend(_ scope: StatScope, _ period: StatPeriod, daily: Bool, procedures: [String]?) async throws -> [String: Tally<
        DossierMetric
    >]
    /// Counters of every agency or commune over the period, keyed by agency id or commune code.
    func dossierRanking(_ kind: StatScope.Kind, _ period: StatPeriod) async throws -> [String: Tally<DossierMetric>]
    /// Counters of `scope` per procedure over the period (optionally per agency too, keyed `agency|procedure`).
    func dossierByProcedure(_ scope: StatScope, _ period: StatPeriod, byAgency: Bool) async throws -> [String: Tally<DossierMetric>]
    /// Counters per agency or per commune and per procedure over the period: unit key, then procedure code.
    func dossierByUnitAndProcedure(_ kind: StatScope.Kind, _ period: StatPeriod) async throws -> [String: [String: Tally<DossierMetric>]]
    /// Counters of `scope` per procedure over every month before `month` (what was carried over).
    func dossierBefore(_ scope: StatScope, _ month: YearMonth, byAgency: Bool) async throws -> [String: Tally<DossierMetric>]
    /// Pending dossiers of `scope` now, optionally per procedure (keyed like `dossierByProcedure`).
    func pending(_ scope: StatScope, today: LocalDate, procedures: [String]?) async throws -> PendingCounts
    func pendingByProcedure(_ scope: StatScope, today: LocalDate, byAgency: Bool) async throws -> [String: PendingCounts]
    /// Pending dossiers now per agency or per commune.
    func pendingRanking(_ kind: StatScope.Kind, today: LocalDate) async throws -> [String: PendingCounts]
    /// Field-report counters per agency or per commune over the period (all categories).
    func reportRanking(_ kind: StatScope.Kind, _ period: StatPeriod) async throws -> [String: Tally<ReportMetric>]
    /// The pending dossiers longest past their date, oldest first.
    func lateDossiers(_ scope: StatScope, today: LocalDate, limit: Int) async throws -> [LateDossier]
    /// Field-report counters of `scope` per category over the period.
    func reportFlows(_ scope: StatScope, _ period: StatPeriod) async throws -> [String: Tally<ReportMetric>]
    /// Field-report counters of `scope` per month of the period (all categories), keyed `YYYY-MM`.
    func reportTrend(_ scope: StatScope, _ period: StatPeriod) async throws -> [String: Tally<ReportMetric>]
    /// Field reports of `scope` still open past their answer date, per category.
    func overdueReports(_ scope: StatScope, today: LocalDate) async throws -> [String: Int64]
    /// Field reports still open past their answer date now, per agency or per commune.
    func overdueReportRanking(_ kind: StatScope.Kind, today: LocalDate) async throws -> [String: Int64]
    /// Monthly report archive: stores a generated report once per period, scope and unit.
    func archiveReport(period: String, scope: StatScope, csv: String, at: Date) async throws -> Bool
    func archivedReports(scope: StatScope, limit: Int) async throws -> [ArchivedReport]
    func archivedReport(id: Int64) async throws -> (ArchivedReport, String)?
}

/// A periodic report kept for download.
public struct ArchivedReport: Sendable, Hashable, Codable {
    public var id: Int64
    public var period: String
    public var scope: StatScope
    public var generatedAt: Date
    public init(id: Int64, period: String, scope: StatScope, generatedAt: Date) {
        self.id = id
        self.period = period
        self.scope = scope
        self.generatedAt = generatedAt
    }
}

/// Where the service-quality index's scoring framework is kept.
public protocol ServiceIndexStore: Sendable {
    func framework() async throws -> ServiceIndexFramework?
    /// Replaces the framework and writes `audit` in the same transaction (updated at `audit.at`).
    func replace(_ framework: ServiceIndexFramework, audit: AuditEntry) async throws
}

/// Empties the operations centre's aggregates and folds the whole history again.
public protocol StatisticsRebuilder: Sendable {
    /// Rebuilds the aggregates; returns how many events and ratings it counted.
    func rebuild(now: Date) async throws -> Int
}
