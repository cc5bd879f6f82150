import Domain
import Foundation
import Testing

/// The operations centre's pure rules: scoring rules, the service-quality index worked by hand,
/// periods, ranking ties, the periodic table.
@Suite struct ScoreRuleTests {
    @Test func proportionalIsCappedAndNeverNegative() {
        let rule = ScoreRule.proportional(full: 50)
        #expect(rule.points(value: 25, max: 8) == 4)
        #expect(rule.points(value: 75, max: 8) == 8)
        #expect(rule.points(value: -10, max: 8) == 0)
        #expect(rule.formula(max: 8) == "min(x / 50, 1) × 8")
    }

    @Test func ratioStepsAndYesNo() {
        #expect(ScoreRule.ratio.points(value: 3, denominator: 4, max: 20) == 15)
        #expect(ScoreRule.ratio.points(value: 3, denominator: 0, max: 20) == 0)
        let steps = ScoreRule.steps([
            .init(min: 50, points: 6), .init(min: 30, points: 4), .init(min: 10, points: 2), .init(min: 0, points: 0),
        ])
        #expect(steps.points(value: 35, max: 6) == 4)
        #expect(steps.points(value: 50, max: 6) == 6)
        #expect(steps.points(value: 9.99, max: 6) == 0)
        #expect(ScoreRule.yesNo.points(value: 1, max: 10) == 10)
        #expect(ScoreRule.yesNo.points(value: 0, max: 10) == 0)
    }

    @Test func validation() throws {
        #expect(throws: DomainError.self) { try ScoreRule.proportional(full: 0).validate(max: 5) }
        #expect(throws: DomainError.self) { try ScoreRule.steps([.init(min: 50, points: 5)]).validate(max: 6) }
        #expect(throws: DomainError.self) { try ScoreRule.steps([.init(min: 50, points: 6), .init(min: 10, points: 7)]).validate(max: 6) }
        try ScoreRule.steps([.init(min: 50, points: 6), .init(min: 0, points: 0)]).validate(max: 6)
    }

    @Test func codableAsTheFrameworksWriteIt() throws {
        let json = #"[{"kind":"proportional","full":80},{"kind":"ratio"},{"kind":"yesNo"},{"kind":"steps","steps":[{"min":1,"points":2}]}]"#
        let rules = try JSONDecoder().decode([ScoreRule].self, from: Data(json.utf8))
        #expect(rules == [.proportional(full: 80), .ratio, .yesNo, .steps([.init(min: 1, points: 2)])])
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(ScoreRule.self, from: Data(#"{"kind":"magic"}"#.utf8)) }
    }
}

@Suite struct ServiceIndexTests {
    /// The framework shipped in the seed files.
    static func shipped() throws -> ServiceIndexFramework {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Sources/Persistence/Seed/service-index-766.json")
        return try JSONDecoder().decode(ServiceIndexFramework.self, from: Data(contentsOf: url))
    }

    @Test func shippedFrameworkIsValid() throws {
        let framework = try Self.shipped()
        try framework.validate()
        #expect(framework.groups.map(\.maxPoints) == [18, 20, 22, 22, 18])
    }

    /// Figures worked by hand, indicator by indicator (comments give the arithmetic).
    @Test func workedExample() throws {
        var f = Tally<DossierMetric>()
        f[.received] = 200
        f[.receivedOnline] = 60
        f[.receivedDigitised] = 120
        f[.receivedReused] = 20
        f[.resolved] = 150
        f[.resolvedEarly] = 90
        f[.resolvedOnTime] = 30
        f[.resolvedLate] = 30
        f[.resolvedLateApologized] = 15
        f[.paid] = 40
        f[.paidOnline] = 14
        f[.returned] = 100
        f[.returnedElectronic] = 60
        f[.ratings] = 50
        f[.ratingsUnsatisfied] = 5
        var r = Tally<ReportMetric>()
        r[.answered] = 10
        r[.answeredOnTime] = 7
        let figures = ServiceFigures(
            flows: f, pending: PendingCounts(withinDeadline: 8, pastDeadline: 2, paused: 5), reports: r,
            procedures: 10, completeProcedures: 9, fullProcessProcedures: 4)
        let score = try Self.shipped().score(figures)
        let points = Dictionary(uniqueKeysWithValues: score.groups.flatMap(\.indicators).map { ($0.code, $0.points) })
        #expect(points["G1.1"] == 9)  // 9/10 = 90 % of 10
        #expect(points["G1.2"] == 8)  // 200/200
        #expect(points["G2.1"] == 9.6)  // (90+30)/150 = 80 % of 12
        #expect(points["G2.2"] == 3.2)  // 8/(8+2) = 80 % of 4 (paused ones left out)
        #expect(points["G2.3"] == 2)  // 15/30 = 50 % of 4
        #expect(points["G3.1"] == 4)  // 40 % / 80 % of 8
        #expect(points["G3.2"] == 4.8)  // 30 % / 50 % of 8
        #expect(points["G3.3"] == 4)  // 35 % falls on the 30 % step
        #expect(points["G4.1"] == 6)  // 60 % / 80 % of 8
        #expect(points["G4.2"] == 6)  // 60 % / 80 % of 8
        #expect(points["G4.3"] == 0.75)  // 10 % / 80 % of 6
        #expect(points["G5.1"] == 4.2)  // 70 % of 6
        #expect(points["G5.2"] == 9.33)  // 100 − 20 (late) − 10 (unsatisfied) = 70; 70/90 of 12
        #expect(score.points == 70.88)
        #expect(score.normalised == 70.88)
    }

    @Test func indicatorsWithoutDataLeaveTheMaximum() throws {
        var f = Tally<DossierMetric>()
        f[.received] = 10
        f[.receivedOnline] = 5
        let figures = ServiceFigures(
            flows: f, pending: PendingCounts(), reports: Tally(), procedures: 0, completeProcedures: 0,
            fullProcessProcedures: 0)
        let score = try Self.shipped().score(figures)
        // Only G1.2 (8 points, 100 %), G3.2 (8 points, 10/50) and G4.2/G4.3 (0 %) have data.
        #expect(score.applicableMax == 8 + 8 + 8 + 6)
        #expect(score.points == 8 + 8)
        #expect(score.normalised == 53.33)
    }

    @Test func aPeriodWithoutActivityHasNoScore() throws {
        let figures = ServiceFigures(
            flows: Tally(), pending: PendingCounts(), reports: Tally(), procedures: 10,
            completeProcedures: 9, fullProcessProcedures: 4)
        let score = try Self.shipped().score(figures)
        #expect(score.points == 9 + 4)  // the catalogue measures still have values...
        #expect(score.normalised == nil)  // ...but an idle period is not scored
    }

    @Test func rejectsFrameworksThatDoNotAddUp() throws {
        var framework = try Self.shipped()
        framework.groups[0].indicators[0].maxPoints = 11
        #expect(throws: DomainError.self) { try framework.validate() }
        framework = try Self.shipped()
        framework.groups[1].indicators[1].code = framework.groups[1].indicators[0].code
        #expect(throws: DomainError.self) { try framework.validate() }
    }
}

@Suite struct StatPeriodTests {
    @Test func parsesTheWrittenForms() throws {
        let q = try #require(StatPeriod("2026-Q4"))
        #expect(q.firstDay.iso == "2026-10-01" && q.lastDay.iso == "2026-12-31" && q.monthCount == 3)
        #expect(StatPeriod("2026-02")?.lastDay.iso == "2026-02-28")
        #expect(StatPeriod("2024-02")?.lastDay.iso == "2024-02-29")
        #expect(StatPeriod("2026")?.monthCount == 12)
        #expect(StatPeriod("2026-01..2026-06")?.monthCount == 6)
        for bad in ["2026-13", "2026-Q5", "abc", "", "2026-06..2026-01", "2000-01..2015-01", "26-01"] {
            #expect(StatPeriod(bad) == nil, "\(bad)")
        }
    }

    @Test func isoWeeks() throws {
        func week(_ iso: String) throws -> String { TrendGrain.week(of: try #require(LocalDate(iso: iso))) }
        #expect(try week("2026-01-01") == "2026-W01")  // a Thursday
        #expect(try week("2025-12-29") == "2026-W01")  // its Monday, still in 2025
        #expect(try week("2027-01-01") == "2026-W53")  // a Friday of 2026's last week
        #expect(try week("2026-11-22") == "2026-W47")  // a Sunday ends its week
        #expect(TrendGrain.automatic(.month(YearMonth(year: 2026, month: 11)), narrowed: false) == .day)
        #expect(TrendGrain.automatic(try #require(StatPeriod("2026-Q4")), narrowed: false) == .week)
        #expect(TrendGrain.automatic(try #require(StatPeriod("2026")), narrowed: false) == .month)
    }

    @Test func previousPeriods() throws {
        #expect(try #require(StatPeriod("2026-Q1")).previous.description == "2025-Q4")
        #expect(try #require(StatPeriod("2026-01")).previous.description == "2025-12")
        #expect(try #require(StatPeriod("2026")).previous.description == "2025")
        #expect(try #require(StatPeriod("2026-03..2026-04")).previous.description == "2026-01..2026-02")
    }
}

@Suite struct RankingAndReportTests {
    @Test func tiesShareARank() {
        let units =
            [("a", 80.0), ("b", 90.0), ("c", 80.0), ("d", 70.0)].map {
                RankedUnit(key: $0.0, rank: 0, score: $0.1, points: $0.1, flows: Tally())
            } + [RankedUnit(key: "e", rank: 0, score: nil, points: 0, flows: Tally())]
        let ranked = RankedUnit.rank(units)
        #expect(ranked.map(\.key) == ["b", "a", "c", "d", "e"])
        #expect(ranked.map(\.rank) == [1, 2, 2, 4, 5])
    }

    @Test func periodicTableCarriesOverAndSplitsPending() throws {
        var before = Tally<DossierMetric>()
        var during = Tally<DossierMetric>()
        before[.received] = 10
        before[.resolved] = 7
        before[.withdrawn] = 1  // 2 carried over
        during[.received] = 5
        during[.receivedOnline] = 2
        during[.resolved] = 4
        during[.resolvedEarly] = 1
        during[.resolvedOnTime] = 2
        during[.resolvedLate] = 1  // 2 + 5 − 4 = 3 pending
        let today = try #require(LocalDate(iso: "2026-11-22"))
        let report = PeriodicReport.make(
            scope: .province, period: .month(YearMonth(year: 2026, month: 11)), today: today,
            flows: ["A|P1": during], before: ["A|P1": before],
            pending: ["A|P1": PendingCounts(withinDeadline: 2, pastDeadline: 1)])
        let row = try #require(report.rows.first)
        #expect(row.carriedOver == 2 && row.pendingEnd == 3 && row.pendingNow?.total == 3)
        #expect(report.total.received == 5)
        let csv = report.csv(header: ["h"], agencyName: { "Sở \($0)" }, procedureName: { "Thủ tục \($0)" })
        #expect(csv.hasPrefix(CSV.byteOrderMark + "h\r\nSở A,P1,Thủ tục P1,2,5,2,4,1,2,1,0,3,2,1,0\r\n"))
        #expect(csv.hasSuffix("Σ,,,2,5,2,4,1,2,1,0,3,2,1,0\r\n"))
        // A past period has no split by deadline (only today's pending rows are known).
        let past = PeriodicReport.make(
            scope: .province, period: .month(YearMonth(year: 2026, month: 9)), today: today,
            flows: ["A|P1": during], before: [:], pending: ["A|P1": PendingCounts(withinDeadline: 9)])
        #expect(past.rows.first?.pendingNow == nil && past.rows.first?.pendingEnd == 1)
    }
}
