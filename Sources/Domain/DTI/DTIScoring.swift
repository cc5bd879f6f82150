import Foundation

/// A sub-index's figures and points for one unit.
public struct DTISubScore: Codable, Sendable, Hashable {
    public var code: String
    public var pillar: String
    public var source: DTISource
    /// The value scored (a percentage, a count, 1/0, or a ratio's numerator); nil without data.
    public var value: Double?
    /// The ratio's denominator, or a platform indicator's.
    public var denominator: Double?
    public var status: DTIReviewStatus?
    public var points: Double
    public var maxPoints: Double
    public var formula: String
    /// What would gain the lost points: the value to reach and the points it adds.
    public var advice: Advice?

    /// A step up: reaching `target` adds `gain` points.
    public struct Advice: Codable, Sendable, Hashable {
        public var target: Double
        public var gain: Double
    }

    public var lost: Double { ScoreRule.round2(maxPoints - points) }

    /// The value as a percentage where it is one (ratios and platform rates), else the value.
    public var comparable: Double? {
        guard let value else { return nil }
        if source == .platform { return value }
        if let d = denominator, d > 0 { return value * 100 / d }
        return value
    }
}

/// A pillar's points for one unit.
public struct DTIPillarScore: Codable, Sendable, Hashable {
    public var code: String
    public var points: Double
    public var maxPoints: Double
}

/// A unit's score in a round: total, by pillar, by sub-index, and the recognition check.
public struct DTIUnitScore: Codable, Sendable, Hashable {
    public var unit: String
    public var total: Double
    /// The total the unit's own declarations would give (before appraisal).
    public var declaredTotal: Double
    public var pillars: [DTIPillarScore]
    public var subIndices: [DTISubScore]
    /// Recognition (communes with criteria): nil when the round has none.
    public var recognised: Bool?
    /// Codes of the recognition criteria not met (`TOTAL` for the minimum total).
    public var unmetCriteria: [String]

    public init(
        unit: String, total: Double, declaredTotal: Double, pillars: [DTIPillarScore], subIndices: [DTISubScore],
        recognised: Bool?, unmetCriteria: [String]
    ) {
        self.unit = unit
        self.total = total
        self.declaredTotal = declaredTotal
        self.pillars = pillars
        self.subIndices = subIndices
        self.recognised = recognised
        self.unmetCriteria = unmetCriteria
    }

    /// Sub-indices that lost points, the most points first.
    public var gaps: [DTISubScore] {
        subIndices.filter { $0.lost > 0 }.sorted { $0.lost != $1.lost ? $0.lost > $1.lost : $0.code < $1.code }
    }
}

/// Scores units against a round's framework: reported values as appraised (or as declared),
/// platform indicators as measured.
public enum DTIScoring {
    /// Which value of a reported sub-index counts.
    public enum Basis: Sendable { case appraised, declared }

    /// Scores one unit. `platform` holds the rate measured for each indicator (nil or absent: no data).
    public static func score(
        unit: String, framework: DTIFramework, recognition: DTIRecognition?, entries: [String: DTIEntry],
        platform: [PlatformIndicator: Rate]
    ) -> DTIUnitScore {
        let appraised = subScores(framework, entries: entries, platform: platform, basis: .appraised)
        let declared = subScores(framework, entries: entries, platform: platform, basis: .declared)
        let pillars = framework.nodes.map { p in
            DTIPillarScore(
                code: p.code, points: ScoreRule.round2(appraised.filter { $0.pillar == p.code }.reduce(0) { $0 + $1.points }),
                maxPoints: p.maxPoints)
        }
        let total = ScoreRule.round2(pillars.reduce(0) { $0 + $1.points })
        var unmet: [String] = []
        if let recognition {
            if total < recognition.minimumTotal { unmet.append("TOTAL") }
            for c in recognition.criteria {
                let value = appraised.first { $0.code == c.subIndex }?.comparable ?? -1
                if value < c.minValue { unmet.append(c.code) }
            }
        }
        return DTIUnitScore(
            unit: unit, total: total, declaredTotal: ScoreRule.round2(declared.reduce(0) { $0 + $1.points }),
            pillars: pillars, subIndices: appraised, recognised: recognition.map { _ in unmet.isEmpty },
            unmetCriteria: unmet)
    }

    static func subScores(
        _ framework: DTIFramework, entries: [String: DTIEntry], platform: [PlatformIndicator: Rate],
        basis: Basis
    ) -> [DTISubScore] {
        framework.nodes.flatMap { pillar in
            pillar.children.map { s -> DTISubScore in
                var value: Double?
                var denominator: Double?
                var status: DTIReviewStatus?
                switch s.source {
                case .platform:
                    if let rate = s.indicator.flatMap({ platform[$0] }), let percent = rate.percent {
                        value = (percent * 100).rounded() / 100
                        denominator = Double(rate.denominator)
                    }
                case .reported:
                    if let entry = entries[s.code] {
                        status = entry.status
                        let counted = basis == .declared ? (entry.value, entry.denominator) : entry.appraised
                        value = counted?.0
                        denominator = counted?.1
                    }
                }
                let points =
                    value.map { s.rule.points(value: $0, denominator: s.source == .platform ? nil : denominator, max: s.maxPoints) } ?? 0
                return DTISubScore(
                    code: s.code, pillar: pillar.code, source: s.source, value: value, denominator: denominator,
                    status: status, points: points, maxPoints: s.maxPoints, formula: s.rule.formula(max: s.maxPoints),
                    advice: advice(s, value: value, denominator: denominator, points: points))
            }
        }
    }

    /// The next value worth reaching: full marks for proportional and ratio rules, the next step
    /// of a step table, yes for a yes/no.
    static func advice(_ s: DTISubIndex, value: Double?, denominator: Double?, points: Double) -> DTISubScore.Advice? {
        guard points < s.maxPoints else { return nil }
        switch s.rule {
        case .proportional(let full): return .init(target: full, gain: ScoreRule.round2(s.maxPoints - points))
        case .ratio: return .init(target: denominator ?? 1, gain: ScoreRule.round2(s.maxPoints - points))
        case .yesNo: return .init(target: 1, gain: ScoreRule.round2(s.maxPoints - points))
        case .steps(let steps):
            guard let next = steps.filter({ $0.points > points }).min(by: { $0.min < $1.min }) else { return nil }
            return .init(target: next.min, gain: ScoreRule.round2(next.points - points))
        }
    }
}

/// A unit's place in a group's ranking, with the change against the previous year's published round.
public struct DTIRankedUnit: Codable, Sendable, Hashable {
    public var unit: String
    public var total: Double
    public var pillars: [String: Double]
    /// Units with the same total share a rank; the next rank skips (1, 2, 2, 4).
    public var rank: Int
    public var recognised: Bool?
    public var previousTotal: Double?
    public var previousRank: Int?

    public var change: Double? { previousTotal.map { ScoreRule.round2(total - $0) } }

    /// Ranks `scores` (highest total first; ties share a rank, listed by `name`).
    public static func rank(
        _ scores: [DTIUnitScore], previous: [String: (total: Double, rank: Int)] = [:],
        name: (String) -> String = { $0 }
    ) -> [DTIRankedUnit] {
        let sorted = scores.sorted { a, b in
            a.total != b.total ? a.total > b.total : name(a.unit).localizedStandardCompare(name(b.unit)) == .orderedAscending
        }
        var result: [DTIRankedUnit] = []
        for (i, s) in sorted.enumerated() {
            let rank = i > 0 && abs(sorted[i - 1].total - s.total) < 0.005 ? result[i - 1].rank : i + 1
            result.append(
                DTIRankedUnit(
                    unit: s.unit, total: s.total, pillars: Dictionary(uniqueKeysWithValues: s.pillars.map { ($0.code, $0.points) }),
                    rank: rank, recognised: s.recognised, previousTotal: previous[s.unit]?.total,
                    previousRank: previous[s.unit]?.rank))
        }
        return result
    }
}
