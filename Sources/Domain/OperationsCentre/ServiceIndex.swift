import Foundation

/// A measure of the service-quality index computed from the platform's live figures.
public enum ServiceMeasure: String, Codable, Sendable, CaseIterable {
    /// Procedures of the unit whose public record is complete (documents, time, fees, legal basis, result).
    case catalogueComplete
    /// Received dossiers whose progress anyone can follow by code (every dossier on this platform).
    case progressPublic
    case onTime
    /// Late dossiers whose applicant received an apology with a new date.
    case apologisedLate
    /// Pending dossiers (clock running) still within their date.
    case pendingWithinDeadline
    /// Procedures of the unit offered fully online.
    case fullProcessProcedures
    case onlineSubmission
    case onlinePayment
    case electronicResults
    case digitisedDossiers
    case reusedData
    case reportsAnsweredOnTime
    /// 100 % − late % − dissatisfied % (Decision 766's satisfaction formula).
    case satisfaction
}

/// Everything the index needs about one unit and one period.
public struct ServiceFigures: Sendable, Hashable {
    public var flows: Tally<DossierMetric>
    public var pending: PendingCounts
    public var reports: Tally<ReportMetric>
    /// Procedures of the unit: all, with a complete public record, offered fully online.
    public var procedures: Int
    public var completeProcedures: Int
    public var fullProcessProcedures: Int

    public init(
        flows: Tally<DossierMetric>, pending: PendingCounts, reports: Tally<ReportMetric>, procedures: Int,
        completeProcedures: Int, fullProcessProcedures: Int
    ) {
        self.flows = flows
        self.pending = pending
        self.reports = reports
        self.procedures = procedures
        self.completeProcedures = completeProcedures
        self.fullProcessProcedures = fullProcessProcedures
    }

    /// Whether the unit did anything in the period (dossiers or field reports); without activity
    /// the index has nothing to say, even though the catalogue measures have values.
    public var hasActivity: Bool {
        flows[.received] + flows[.resolved] + flows[.returned] + reports[.received] + reports[.answered] > 0 || pending.total > 0
    }

    /// The value of `measure`: a percent with the counts it comes from (nil percent: no data).
    public func value(of measure: ServiceMeasure) -> MeasuredValue {
        let f = flows
        switch measure {
        case .catalogueComplete: return MeasuredValue(rate: Rate(Int64(completeProcedures), of: Int64(procedures)))
        case .progressPublic: return MeasuredValue(rate: Rate(f[.received], of: f[.received]))
        case .onTime: return MeasuredValue(rate: f.onTime)
        case .apologisedLate:
            // Nothing late: nobody was owed an apology, full marks.
            return f[.resolvedLate] == 0 && f[.resolved] > 0
                ? MeasuredValue(rate: Rate(0, of: 0), percent: 100) : MeasuredValue(rate: f.apologised)
        case .pendingWithinDeadline:
            return MeasuredValue(rate: Rate(pending.withinDeadline, of: pending.withinDeadline + pending.pastDeadline))
        case .fullProcessProcedures: return MeasuredValue(rate: Rate(Int64(fullProcessProcedures), of: Int64(procedures)))
        case .onlineSubmission: return MeasuredValue(rate: f.online)
        case .onlinePayment: return MeasuredValue(rate: f.onlinePayment)
        case .electronicResults: return MeasuredValue(rate: f.electronicResults)
        case .digitisedDossiers: return MeasuredValue(rate: f.digitised)
        case .reusedData: return MeasuredValue(rate: f.reused)
        case .reportsAnsweredOnTime: return MeasuredValue(rate: reports.answeredOnTime)
        case .satisfaction:
            let judged = f.onTime.denominator
            guard judged > 0 || f[.ratings] > 0 else { return MeasuredValue(rate: Rate(0, of: 0)) }
            let late = judged > 0 ? Double(f[.resolvedLate]) * 100 / Double(judged) : 0
            let unhappy = f[.ratings] > 0 ? Double(f[.ratingsUnsatisfied]) * 100 / Double(f[.ratings]) : 0
            return MeasuredValue(
                rate: Rate(f[.ratingsUnsatisfied], of: f[.ratings]), percent: max(0, 100 - late - unhappy),
                extra: Rate(f[.resolvedLate], of: judged))
        }
    }
}

/// A measured percent and the counts behind it.
public struct MeasuredValue: Sendable, Hashable, Codable {
    public var rate: Rate
    public var percent: Double?
    /// A second count the value uses (satisfaction: late over judged).
    public var extra: Rate?

    public init(rate: Rate, percent: Double? = nil, extra: Rate? = nil) {
        self.rate = rate
        self.percent = percent ?? rate.percent
        self.extra = extra
    }
}

/// The scoring framework of the service-quality index (Decision 766/QĐ-TTg): groups of
/// indicators with their points, each computed from a live measure by a rule. Kept as data.
public struct ServiceIndexFramework: Codable, Sendable, Hashable {
    public var code: String
    public var name: String
    public var nameEn: String
    public var groups: [Group]

    /// A group of the index (publicity, progress, online services, digitisation, satisfaction).
    public struct Group: Codable, Sendable, Hashable {
        public var code: String
        public var name: String
        public var nameEn: String
        public var indicators: [Indicator]
        public var maxPoints: Double { indicators.reduce(0) { $0 + $1.maxPoints } }
    }

    /// One scored indicator.
    public struct Indicator: Codable, Sendable, Hashable {
        public var code: String
        public var name: String
        public var nameEn: String
        public var maxPoints: Double
        public var measure: ServiceMeasure
        public var rule: ScoreRule
    }

    public var maxPoints: Double { groups.reduce(0) { $0 + $1.maxPoints } }

    /// Codes unique, positive points, valid rules, 100 points in all.
    public func validate() throws {
        let codes = groups.map(\.code) + groups.flatMap { $0.indicators.map(\.code) }
        guard !code.isEmpty, !groups.isEmpty, Set(codes).count == codes.count else {
            throw DomainError.invalid("framework", "scoring.duplicateCode")
        }
        for indicator in groups.flatMap(\.indicators) {
            guard indicator.maxPoints > 0 else { throw DomainError.invalid(indicator.code, "scoring.badPoints") }
            try indicator.rule.validate(max: indicator.maxPoints)
        }
        guard abs(maxPoints - 100) < 0.005 else { throw DomainError.invalid("framework", "scoring.notHundred") }
    }

    /// Scores `figures`: every indicator with its value, formula and points. An indicator with no
    /// data (nothing to divide) is left out of the maximum instead of counting as zero.
    public func score(_ figures: ServiceFigures) -> ServiceScore {
        let groups = groups.map { group in
            ServiceScore.GroupScore(
                code: group.code, name: group.name, nameEn: group.nameEn,
                indicators: group.indicators.map { ind in
                    let value = figures.value(of: ind.measure)
                    let points = value.percent.map { ind.rule.points(value: $0, max: ind.maxPoints) }
                    return ServiceScore.IndicatorScore(
                        code: ind.code, name: ind.name, nameEn: ind.nameEn, measure: ind.measure,
                        maxPoints: ind.maxPoints, value: value, points: points,
                        formula: ind.rule.formula(max: ind.maxPoints))
                })
        }
        return ServiceScore(groups: groups, active: figures.hasActivity)
    }
}

/// A unit's scored index for one period.
public struct ServiceScore: Sendable, Hashable, Codable {
    public var groups: [GroupScore]

    /// A group's indicators and totals.
    public struct GroupScore: Sendable, Hashable, Codable {
        public var code: String
        public var name: String
        public var nameEn: String
        public var indicators: [IndicatorScore]
        public var points: Double { indicators.compactMap(\.points).reduce(0, +) }
        public var applicableMax: Double { indicators.filter { $0.points != nil }.reduce(0) { $0 + $1.maxPoints } }
        public var maxPoints: Double { indicators.reduce(0) { $0 + $1.maxPoints } }
    }

    /// One indicator: the measured value, the formula, the points (nil: no data).
    public struct IndicatorScore: Sendable, Hashable, Codable {
        public var code: String
        public var name: String
        public var nameEn: String
        public var measure: ServiceMeasure
        public var maxPoints: Double
        public var value: MeasuredValue
        public var points: Double?
        public var formula: String
    }

    public var points: Double { ScoreRule.round2(groups.reduce(0) { $0 + $1.points }) }
    public var applicableMax: Double { groups.reduce(0) { $0 + $1.applicableMax } }
    /// Whether the scored unit had any activity in the period (see `ServiceFigures.hasActivity`).
    public var active: Bool = true

    /// Points over the maximum of the indicators that had data, out of 100 (nil: no data, or no
    /// activity in the period).
    public var normalised: Double? { active && applicableMax > 0 ? ScoreRule.round2(points * 100 / applicableMax) : nil }
}
