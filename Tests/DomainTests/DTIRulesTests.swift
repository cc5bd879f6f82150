import Domain
import Foundation
import Testing

/// The digital-transformation rules without a database: framework checks, every scoring rule
/// through a unit's score (appraised and declared), advice, recognition, ranking with ties.
@Suite("DTI rules")
struct DTIRulesTests {
    static func sub(
        _ code: String, _ max: Double, _ unit: DTIValueUnit, _ rule: ScoreRule, source: DTISource = .reported,
        indicator: PlatformIndicator? = nil, evidence: Bool = false
    ) -> DTISubIndex {
        DTISubIndex(
            code: code, name: "Chỉ số \(code)", nameEn: "Index \(code)", maxPoints: max, source: source, indicator: indicator,
            unit: unit, evidenceRequired: evidence, rule: rule)
    }

    /// 100 points: a yes/no (20), a ratio (20), a proportional percent with full marks at 80 (30),
    /// a step table on a count (10), a platform rate scored proportionally, full at 50 % (20).
    static let framework = DTIFramework(
        code: "T-1", version: 1, name: "Thử", nameEn: "Test", group: .commune,
        nodes: [
            DTIPillar(
                code: "1", name: "Một", nameEn: "One", maxPoints: 40,
                children: [
                    sub("1.1", 20, .yesNo, .yesNo, evidence: true), sub("1.2", 20, .ratio, .ratio),
                ]),
            DTIPillar(
                code: "2", name: "Hai", nameEn: "Two", maxPoints: 60,
                children: [
                    sub("2.1", 30, .percent, .proportional(full: 80)),
                    sub("2.2", 10, .count, .steps([.init(min: 10, points: 10), .init(min: 5, points: 6), .init(min: 1, points: 2)])),
                    sub("2.3", 20, .percent, .proportional(full: 50), source: .platform, indicator: .onlineSubmissionRate),
                ]),
        ])

    static func entry(_ code: String, _ value: Double, _ denominator: Double? = nil, status: DTIReviewStatus = .accepted) -> (
        String, DTIEntry
    ) {
        (code, DTIEntry(subIndex: code, value: value, denominator: denominator, evidence: [1], status: status, updatedAt: Date()))
    }

    @Test("each rule scores as written: yes/no, ratio, proportional, steps, platform rate")
    func rules() throws {
        try Self.framework.validate()
        let entries = Dictionary(uniqueKeysWithValues: [
            Self.entry("1.1", 1), Self.entry("1.2", 3, 4), Self.entry("2.1", 60), Self.entry("2.2", 7),
        ])
        let s = DTIScoring.score(
            unit: "u", framework: Self.framework, recognition: nil, entries: entries,
            platform: [.onlineSubmissionRate: Rate(1, of: 4)])
        let points = Dictionary(uniqueKeysWithValues: s.subIndices.map { ($0.code, $0.points) })
        // 20 (yes) + 3/4 × 20 + 60/80 × 30 + step "≥ 5" 6 + 25 %/50 % × 20
        #expect(points == ["1.1": 20, "1.2": 15, "2.1": 22.5, "2.2": 6, "2.3": 10])
        #expect(s.total == 73.5)
        #expect(s.pillars.map(\.points) == [35, 38.5])
        // The biggest loss first, with what would gain it.
        #expect(s.gaps.map(\.code) == ["2.3", "2.1", "1.2", "2.2"])
        let steps = s.subIndices.first { $0.code == "2.2" }?.advice
        #expect(steps?.target == 10 && steps?.gain == 4)
        #expect(s.subIndices.first { $0.code == "2.3" }?.advice?.target == 50)
        #expect(s.subIndices.first { $0.code == "1.1" }?.advice == nil)
    }

    @Test("only appraised values count; the declared total is kept beside")
    func appraisal() {
        var entries = Dictionary(uniqueKeysWithValues: [
            Self.entry("1.1", 1, status: .declared), Self.entry("1.2", 4, 4, status: .moreEvidence), Self.entry("2.1", 80),
        ])
        entries["2.2"] = DTIEntry(
            subIndex: "2.2", value: 12, status: .adjusted, reviewedValue: 5, reviewReason: "3 hệ thống không hoạt động",
            updatedAt: Date())
        let s = DTIScoring.score(unit: "u", framework: Self.framework, recognition: nil, entries: entries, platform: [:])
        #expect(s.total == 30 + 6)  // 2.1 accepted in full, 2.2 adjusted down to step "≥ 5"
        #expect(s.declaredTotal == 20 + 20 + 30 + 10)
        #expect(s.subIndices.first { $0.code == "2.3" }?.value == nil)  // no platform data: no points
    }

    @Test("recognition needs the minimum total and every criterion (ratios as percentages)")
    func recognition() {
        let recognition = DTIRecognition(
            code: "R", name: "Xã số", nameEn: "Digital commune", framework: "T-1", minimumTotal: 60,
            criteria: [
                .init(code: "C1", name: "Ban chỉ đạo", nameEn: "Committee", subIndex: "1.1", minValue: 1),
                .init(code: "C2", name: "Tỷ lệ", nameEn: "Share", subIndex: "1.2", minValue: 70),
                .init(code: "C3", name: "Trực tuyến", nameEn: "Online", subIndex: "2.3", minValue: 30),
            ])
        let full = Dictionary(uniqueKeysWithValues: [
            Self.entry("1.1", 1), Self.entry("1.2", 3, 4), Self.entry("2.1", 80), Self.entry("2.2", 10),
        ])
        let yes = DTIScoring.score(
            unit: "u", framework: Self.framework, recognition: recognition, entries: full,
            platform: [.onlineSubmissionRate: Rate(2, of: 5)])
        #expect(yes.recognised == true && yes.unmetCriteria.isEmpty)
        var weaker = full
        weaker["1.2"] = DTIEntry(subIndex: "1.2", value: 2, denominator: 4, status: .accepted, updatedAt: Date())  // 50 % < 70 %
        let no = DTIScoring.score(
            unit: "u", framework: Self.framework, recognition: recognition, entries: weaker,
            platform: [.onlineSubmissionRate: Rate(1, of: 5)])
        #expect(no.recognised == false && no.unmetCriteria == ["C2", "C3"])
        let low = DTIScoring.score(unit: "u", framework: Self.framework, recognition: recognition, entries: [:], platform: [:])
        #expect(low.unmetCriteria.first == "TOTAL")
    }

    @Test("ties share a rank and the next rank is skipped; change against last year")
    func ranking() {
        func score(_ unit: String, _ total: Double) -> DTIUnitScore {
            DTIUnitScore(unit: unit, total: total, declaredTotal: total, pillars: [], subIndices: [], recognised: nil, unmetCriteria: [])
        }
        let ranked = DTIRankedUnit.rank(
            [score("c", 700), score("a", 962.73), score("b", 700), score("d", 420.8)],
            previous: ["a": (900, 2), "d": (450.5, 4)])
        #expect(ranked.map(\.unit) == ["a", "b", "c", "d"])
        #expect(ranked.map(\.rank) == [1, 2, 2, 4])
        #expect(ranked[0].change == 62.73 && ranked[0].previousRank == 2)
        #expect(ranked[3].change == -29.7)
        #expect(ranked[1].change == nil)
    }

    @Test("frameworks that do not add up or mislabel a source are refused")
    func validation() {
        var broken = Self.framework
        broken.nodes[0].maxPoints = 41
        #expect(throws: DomainError.self) { try broken.validate() }
        var platform = Self.framework
        platform.nodes[1].children[2].indicator = nil
        #expect(throws: DomainError.self) { try platform.validate() }
        var ratio = Self.framework
        ratio.nodes[0].children[1].rule = .proportional(full: 100)
        #expect(throws: DomainError.self) { try ratio.validate() }
        var duplicate = Self.framework
        duplicate.nodes[1].children[0].code = "1.1"
        #expect(throws: DomainError.self) { try duplicate.validate() }
    }

    @Test("declarations are checked against the sub-index's unit")
    func declarations() throws {
        let yesNo = Self.framework.subIndex("1.1")!
        let ratio = Self.framework.subIndex("1.2")!
        let percent = Self.framework.subIndex("2.1")!
        try DTIDeclaration(subIndex: "1.1", value: 1).validate(against: yesNo)
        #expect(throws: DomainError.self) { try DTIDeclaration(subIndex: "1.1", value: 0.5).validate(against: yesNo) }
        #expect(throws: DomainError.self) { try DTIDeclaration(subIndex: "1.2", value: 5, denominator: 4).validate(against: ratio) }
        #expect(throws: DomainError.self) { try DTIDeclaration(subIndex: "1.2", value: 1).validate(against: ratio) }
        #expect(throws: DomainError.self) { try DTIDeclaration(subIndex: "2.1", value: 101).validate(against: percent) }
        #expect(throws: DomainError.self) { try DTIDeclaration(subIndex: "2.1", value: -1).validate(against: percent) }
        #expect(throws: DomainError.self) {
            try DTIDeclaration(subIndex: "2.3", value: 40).validate(against: Self.framework.subIndex("2.3")!)
        }
        // Adjusted values are checked the same way and kept beside the declared one.
        #expect(
            DTIEntry(subIndex: "1.2", value: 3, denominator: 4, status: .adjusted, reviewedValue: 1, updatedAt: Date()).appraised?
                .denominator == 4)
    }
}
