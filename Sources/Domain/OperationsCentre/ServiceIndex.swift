import Foundation

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

    /// What an indicator scores when its measure has nothing to divide (no feedback received, no dossier handled).
    public enum WhenEmpty: String, Codable, Sendable, Hashable {
        /// Full marks: nothing went wrong (the annex's rule for feedback when none was received).
        case full
        /// No points.
        case zero
    }

    /// One scored indicator, citing the row of the annex it comes from; `note` says how the platform
    /// measures it when it lacks the data the annex names.
    public struct Indicator: Codable, Sendable, Hashable {
        public var code: String
        public var name: String
        public var nameEn: String
        public var maxPoints: Double
        public var measure: ServiceMeasure
        public var rule: ScoreRule
        public var citation: String?
        public var whenEmpty: WhenEmpty?
        public var note: String?
        public var noteEn: String?
    }

    public var maxPoints: Double { groups.reduce(0) { $0 + $1.maxPoints } }

    /// Codes unique, positive points, valid rules, a citation on every indicator, 100 points in all.
    public func validate() throws {
        let codes = groups.map(\.code) + groups.flatMap { $0.indicators.map(\.code) }
        guard !code.isEmpty, !groups.isEmpty, Set(codes).count == codes.count else {
            throw DomainError.invalid("framework", "scoring.duplicateCode")
        }
        for indicator in groups.flatMap(\.indicators) {
            guard indicator.maxPoints > 0 else { throw DomainError.invalid(indicator.code, "scoring.badPoints") }
            guard !(indicator.citation ?? "").trimmingCharacters(in: .whitespaces).isEmpty else {
                throw DomainError.invalid(indicator.code, "scoring.noCitation")
            }
            try indicator.rule.validate(max: indicator.maxPoints)
        }
        guard abs(maxPoints - 100) < 0.005 else { throw DomainError.invalid("framework", "scoring.notHundred") }
    }

    /// Scores `figures`: every indicator with its value, formula and points. An indicator with nothing
    /// to divide scores what its `whenEmpty` says (none: zero); no indicator drops out of the 100 points.
    public func score(_ figures: ServiceFigures) -> ServiceScore {
        let groups = groups.map { group in
            ServiceScore.GroupScore(
                code: group.code, name: group.name, nameEn: group.nameEn,
                indicators: group.indicators.map { ind in
                    let value = figures.value(of: ind.measure)
                    let points =
                        value.percent.map { ind.rule.points(value: $0, max: ind.maxPoints) }
                        ?? (ind.whenEmpty == .full ? ind.maxPoints : 0)
                    return ServiceScore.IndicatorScore(
                        code: ind.code, name: ind.name, nameEn: ind.nameEn, measure: ind.measure,
                        maxPoints: ind.maxPoints, value: value, points: points,
                        formula: ind.rule.formula(max: ind.maxPoints), citation: ind.citation ?? "",
                        whenEmpty: ind.whenEmpty ?? .zero, note: ind.note, noteEn: ind.noteEn)
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
        public var points: Double { ScoreRule.round2(indicators.reduce(0) { $0 + $1.points }) }
        public var maxPoints: Double { indicators.reduce(0) { $0 + $1.maxPoints } }
    }

    /// One indicator: the measured value, the formula, the citation and the points.
    public struct IndicatorScore: Sendable, Hashable, Codable {
        public var code: String
        public var name: String
        public var nameEn: String
        public var measure: ServiceMeasure
        public var maxPoints: Double
        public var value: MeasuredValue
        public var points: Double
        public var formula: String
        public var citation: String
        public var whenEmpty: ServiceIndexFramework.WhenEmpty
        public var note: String?
        public var noteEn: String?
    }

    /// The total: the sum of every indicator's points, out of 100 (Decision 766/QĐ-TTg adds the groups).
    public var points: Double { ScoreRule.round2(groups.reduce(0) { $0 + $1.indicators.reduce(0) { $0 + $1.points } }) }
    public var maxPoints: Double { groups.reduce(0) { $0 + $1.maxPoints } }
    /// Whether the scored unit had any activity in the period (see `ServiceFigures.hasActivity`).
    public var active: Bool = true

    /// The score out of 100, or nil when the unit had no activity in the period.
    public var normalised: Double? { active && maxPoints > 0 ? ScoreRule.round2(points * 100 / maxPoints) : nil }
}
