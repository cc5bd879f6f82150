import Domain

/// The service-quality index of a unit (`operations-index`): every indicator with its inputs,
/// formula and points, the history, and for the province both rankings.
struct OperationsIndexPage: PageModel {
    static let template = "operations-index"

    /// A group of indicators.
    struct Group: Encodable, Sendable {
        let code: String
        let name: String
        let points: String
        let max: String
        let indicators: [Indicator]
    }

    /// One scored indicator.
    struct Indicator: Encodable, Sendable {
        let code: String
        let name: String
        let measure: String
        let inputs: String
        let value: String
        let formula: String
        let points: String
        let max: String
        /// What the indicator scores when there is nothing to measure.
        let whenEmpty: String
        /// The annex row the indicator comes from.
        let citation: String
        /// How the platform measures it when it lacks the data the annex names.
        let note: String?
    }

    /// A past period's score.
    struct HistoryRow: Encodable, Sendable {
        let period: String
        let score: String
    }

    /// A ranked unit.
    struct RankRow: Encodable, Sendable {
        let rank: Int
        let name: String
        let score: String
        let points: String
        let received: Int64
        let link: String
    }

    let filters: OperationsFilters
    let unitName: String
    let period: String
    let framework: String
    let total: String
    let max: String
    let normalised: String
    let groups: [Group]
    let historySvg: String
    let history: [HistoryRow]
    let isProvince: Bool
    let agencyRanking: [RankRow]
    let communeRanking: [RankRow]
    let hasHistory: Bool
    let hasAgencyRanking: Bool
    let hasCommuneRanking: Bool
}

extension OperationsViews {
    /// The index page; `rankings` are the agencies and the communes ranked (province only).
    func indexPage(
        score: ServiceScore, history: [(StatPeriod, Double?)], framework: ServiceIndexFramework,
        rankings: (agencies: [RankedUnit], communes: [RankedUnit])?, _ q: OperationsQuery, names: Names,
        filters: OperationsFilters, _ language: Language
    ) -> OperationsIndexPage {
        let english = language == .en
        let rules = Dictionary(
            framework.groups.flatMap(\.indicators).map { ($0.code, $0.rule) }, uniquingKeysWith: { a, _ in a })
        func rows(_ list: [RankedUnit], _ n: [String: String], kind: StatScope.Kind) -> [OperationsIndexPage.RankRow] {
            list.map {
                .init(
                    rank: $0.rank, name: n[$0.key] ?? $0.key, score: points($0.score, language),
                    points: points($0.points, language), received: $0.flows[.received],
                    link: Routes.operationsIndex.link() + q.queryString(["scope": kind.rawValue, "unit": $0.key]))
            }
        }
        // Commune agencies are ranked among the communes; the provincial ones are ranked again alone.
        let agencyRanking =
            rankings.map {
                rows(RankedUnit.rank($0.agencies.filter { names.provincialAgencies.contains($0.key) }), names.agencies, kind: .agency)
            } ?? []
        let communeRanking = rankings.map { rows($0.communes, names.communes, kind: .commune) } ?? []
        return OperationsIndexPage(
            filters: filters, unitName: names.unit(q.scope, province: strings.text("ops_province", language)),
            period: periodName(q.period, language), framework: english ? framework.nameEn : framework.name,
            total: points(score.points, language), max: points(score.maxPoints, language),
            normalised: points(score.normalised, language),
            groups: score.groups.map { g in
                .init(
                    code: g.code, name: english ? g.nameEn : g.name, points: points(g.points, language),
                    max: points(g.maxPoints, language), indicators: g.indicators.map { indicator($0, rule: rules[$0.code], language) })
            },
            historySvg: SVGChart.bars(
                title: strings.text("ops_index_history", language),
                description: strings.text("ops_index_history_desc", language),
                items: history.map { (periodName($0.0, language), $0.1, points($0.1, language)) }),
            history: history.map { .init(period: periodName($0.0, language), score: points($0.1, language)) },
            isProvince: rankings != nil,
            agencyRanking: agencyRanking, communeRanking: communeRanking, hasHistory: history.contains { $0.1 != nil },
            hasAgencyRanking: !agencyRanking.isEmpty, hasCommuneRanking: !communeRanking.isEmpty)
    }

    /// An indicator's row; its formula in words when its rule is known.
    func indicator(_ i: ServiceScore.IndicatorScore, rule: ScoreRule?, _ language: Language) -> OperationsIndexPage.Indicator {
        var inputs = "\(i.value.rate.numerator) / \(i.value.rate.denominator)"
        if let extra = i.value.extra {
            inputs += "; \(strings.text("ops_late_share", language)) \(extra.numerator) / \(extra.denominator)"
        }
        return .init(
            code: i.code, name: language == .en ? i.nameEn : i.name, measure: strings.text("measure_\(i.measure.rawValue)", language),
            inputs: inputs, value: percent(i.value.percent, language),
            formula: rule.map { formulaWords($0, max: i.maxPoints, language) } ?? i.formula, points: points(i.points, language),
            max: points(i.maxPoints, language),
            whenEmpty: strings.text(
                i.whenEmpty == .full ? "ops_when_empty_full" : "ops_when_empty_zero", language, ["max": points(i.maxPoints, language)]),
            citation: i.citation, note: language == .en ? i.noteEn : i.note)
    }
}
