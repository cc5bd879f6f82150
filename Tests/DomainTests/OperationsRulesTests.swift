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

    /// The figures of one agency and one month, planted by hand.
    static func planted() -> ServiceFigures {
        var f = Tally<DossierMetric>()
        f[.received] = 200
        f[.receivedOnline] = 60
        f[.receivedDigitised] = 120
        f[.receivedReused] = 20
        f[.resolved] = 150
        f[.resolvedEarly] = 90
        f[.resolvedOnTime] = 30
        f[.resolvedLate] = 30
        f[.paid] = 40
        f[.paidOnline] = 14
        f[.returned] = 100
        f[.returnedElectronic] = 60
        f[.ratings] = 50
        f[.ratingsUnsatisfied] = 5
        var r = Tally<ReportMetric>()
        r[.received] = 20
        r[.answered] = 10
        r[.answeredOnTime] = 7
        var c = CatalogueCounts()
        c.procedures = 10
        c.withLegalBasis = 9
        c.complete = 8
        c.onlineUsed = 6
        c.withFee = 4
        c.withFeePaidOnline = 2
        return ServiceFigures(
            flows: f, pending: PendingCounts(withinDeadline: 8, pastDeadline: 2, paused: 5), reports: r, reportsOverdue: 2,
            catalogue: c)
    }

    /// Every indicator of the annex worked by hand (comments give the arithmetic), and the total as their sum.
    @Test func workedByHandIndicatorByIndicator() throws {
        let score = try Self.shipped().score(Self.planted())
        let points = Dictionary(uniqueKeysWithValues: score.groups.flatMap(\.indicators).map { ($0.code, $0.points) })
        #expect(points.count == 21)
        #expect(points["G1.1"] == 5.4)  // 9 of 10 procedures name their legal basis: 90 % of 6
        #expect(points["G1.2"] == 4)  // 10 of 10 published: 100 % of 4
        #expect(points["G1.3"] == 1.6)  // 8 of 10 complete: 80 % of 2
        #expect(points["G1.4"] == 6)  // 200 of 200 received dossiers trackable: 100 % of 6
        // Progress: (90 early + 30 on time + 8 pending within date + 5 paused) / (150 decided + 15 pending) = 133/165
        // = 80.61 % of 20 = 16.12; the late pending ones (2) count against it.
        #expect(points["G2.1"] == 16.12)
        #expect(points["G3.1"] == 2)  // 10 of 10 offered online: 100 % ≥ 80 %, full 2
        #expect(points["G3.2"] == 2.4)  // 6 of 10 had an online dossier: 60 % of 4
        #expect(points["G3.3"] == 3.6)  // 60/200 = 30 %; 30/50 of 6
        #expect(points["G3.4"] == 2)  // 4 of 4 procedures with a fee payable online: full 2
        #expect(points["G3.5"] == 1.25)  // 2 of 4 paid online: 50 %; 50/80 of 2
        #expect(points["G3.6"] == 2.1)  // 14/40 = 35 % of 6
        #expect(points["G4.1"] == 3.6)  // 60/100 electronic results: 60 % of 6
        #expect(points["G4.2"] == 2.4)  // 120/200 digitised: 60 % of 4
        #expect(points["G4.3"] == 0.25)  // 20/200 = 10 %; 10/80 of 2
        #expect(points["G4.4"] == 0.4)  // 20/200 = 10 % of 4
        #expect(points["G4.5"] == 0 && points["G4.6"] == 0 && points["G4.7"] == 0)  // not collected: 0, never dropped
        // Feedback on time over every report received (annex: those handled on or before their date over all received):
        // 7 / 20 = 35 % of 6; an open report within its date is not yet handled on time.
        #expect(points["G5.1"] == 2.1)
        #expect(points["G5.2"] == 4.5)  // (20 received − 3 answered late − 2 overdue) / 20 = 75 % of 6
        // Dossiers: 100 − (30 late + 2 pending late)/165 − 5 unsatisfied/165 = 100 − 19.39 − 3.03 = 77.58 %; 77.58/90 of 6 = 5.17.
        #expect(points["G5.3"] == 5.17)
        #expect(score.groups.map(\.points) == [17, 16.12, 13.35, 6.65, 11.77])
        // The total is the sum of the groups, out of 100 (no indicator leaves the maximum).
        #expect(score.points == 64.89)
        #expect(score.maxPoints == 100 && score.normalised == 64.89)
    }

    @Test func noFeedbackReceivedIsFullMarksAndFeedbackLeftUnansweredIsZero() throws {
        var figures = Self.planted()
        figures.reports = Tally()
        figures.reportsOverdue = 0
        var points = try Self.points(figures)
        #expect(points["G5.1"] == 6 && points["G5.2"] == 6)  // nothing received: nothing went wrong
        figures.reports[.received] = 3
        points = try Self.points(figures)
        #expect(points["G5.1"] == 0 && points["G5.2"] == 6)  // 3 received, none answered, none late yet: 0 on time, none late
        figures.reportsOverdue = 3
        points = try Self.points(figures)
        #expect(points["G5.1"] == 0 && points["G5.2"] == 0)  // 3 received, none answered, all overdue: 0, not left out
    }

    @Test func satisfactionIsAShareOfDossiersNotOfRatings() throws {
        var f = Tally<DossierMetric>()
        f[.received] = 100
        f[.resolved] = 100
        f[.resolvedOnTime] = 100
        f[.ratings] = 10
        f[.ratingsUnsatisfied] = 10
        let figures = ServiceFigures(flows: f, pending: PendingCounts(), reports: Tally(), catalogue: CatalogueCounts())
        // 10 unsatisfied among 100 dossiers: 90 % (over the 10 ratings it would be 0 %); 90 % reaches the threshold.
        #expect(try Self.points(figures)["G5.3"] == 6)
        #expect(figures.value(of: .satisfaction).percent == 90)
    }

    @Test func nothingHandledScoresZeroOnSatisfactionAndKeepsTheMaximum() throws {
        let figures = ServiceFigures(
            flows: Tally(), pending: PendingCounts(), reports: Tally(), catalogue: CatalogueCounts())
        let score = try Self.shipped().score(figures)
        #expect(score.groups.flatMap(\.indicators).first { $0.code == "G5.3" }?.points == 0)
        #expect(score.maxPoints == 100)
        #expect(score.normalised == nil)  // an idle period is not scored
    }

    @Test func everyIndicatorCitesTheAnnex() throws {
        for indicator in try Self.shipped().groups.flatMap(\.indicators) {
            #expect(indicator.citation?.hasPrefix("QĐ 766/QĐ-TTg ngày 23/6/2022, Phụ lục") == true, "\(indicator.code)")
        }
        var framework = try Self.shipped()
        framework.groups[0].indicators[0].citation = " "
        #expect(throws: DomainError.self) { try framework.validate() }
    }

    static func points(_ figures: ServiceFigures) throws -> [String: Double] {
        Dictionary(uniqueKeysWithValues: try shipped().score(figures).groups.flatMap(\.indicators).map { ($0.code, $0.points) })
    }

    @Test func rejectsFrameworksThatDoNotAddUp() throws {
        var framework = try Self.shipped()
        framework.groups[0].indicators[0].maxPoints = 11
        #expect(throws: DomainError.self) { try framework.validate() }
        framework = try Self.shipped()
        framework.groups[2].indicators[1].code = framework.groups[2].indicators[0].code
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
