import Domain
import Foundation

/// The page model of a unit's assessment.
extension DTIViews {
    /// What the unit page shows of a round, a unit and its caller.
    struct UnitInput {
        let round: DTIRound
        let key: String
        let name: String
        let score: DTIUnitScore
        let entries: [String: DTIEntry]
        let documentNames: [Int64: String]
        let history: [DTIEvent]
        let canDeclare: Bool
        let canReview: Bool
        let error: String?
    }

    func unitPage(_ input: UnitInput, _ language: Language) -> DTIUnitPage {
        let r = input.round
        let score = input.score
        let english = language == .en
        func answered(_ p: DTIPillar) -> (Int, Int) {
            let reported = p.children.filter { $0.source == .reported }
            return (reported.filter { input.entries[$0.code] != nil }.count, reported.count)
        }
        let firstOpen = r.framework.nodes.first { answered($0).0 < answered($0).1 }?.code
        let pillars = r.framework.nodes.map { p in
            let ps = score.pillars.first { $0.code == p.code }
            let (done, reported) = answered(p)
            return DTIUnitPage.Pillar(
                code: p.code, name: english ? p.nameEn : p.name, points: points(ps?.points, language),
                max: points(p.maxPoints, language), subIndices: p.children.map { subIndex($0, section: p.code, input, language) },
                answered: done, reported: reported, hasReported: reported > 0, open: !input.canDeclare || p.code == firstOpen)
        }
        let total = r.framework.nodes.reduce((0, 0)) { sum, p in (sum.0 + answered(p).0, sum.1 + answered(p).1) }
        return DTIUnitPage(
            title: roundTitle(r, language), unitName: input.name, unitCode: input.key, pillars: pillars,
            total: points(score.total, language), declaredTotal: points(score.declaredTotal, language),
            maxPoints: points(r.framework.maxPoints, language),
            progress: strings.text("dti_progress", language, ["answered": String(total.0), "total": String(total.1)]),
            deadline: Format.day(r.deadline),
            published: r.status == .published, canDeclare: input.canDeclare, canReview: input.canReview,
            hasRecognition: score.recognised != nil, recognised: score.recognised == true,
            unmet: score.unmetCriteria.map { code in
                if code == "TOTAL" {
                    return strings.text("dti_unmet_total", language, ["min": points(r.recognition?.minimumTotal, language)])
                }
                let c = r.recognition?.criteria.first { $0.code == code }
                return "\(code): " + ((english ? c?.nameEn : c?.name) ?? "")
            },
            gaps: gaps(score, framework: r.framework, language),
            history: input.history.reversed().prefix(100).map { event($0, language) },
            declareAction: Routes.dtiDeclare.link(String(r.id), input.key), reviewAction: Routes.dtiReview.link(String(r.id), input.key),
            roundLink: Routes.dtiRound.link(String(r.id)), rankingLink: Routes.dtiRanking.link(String(r.id)), error: input.error)
    }

    func subIndex(_ s: DTISubIndex, section: String, _ input: UnitInput, _ language: Language) -> DTIUnitPage.SubIndex {
        let english = language == .en
        let ss = input.score.subIndices.first { $0.code == s.code }
        let e = input.entries[s.code]
        let platform = s.source == .platform
        var indicator: String?
        var inputs: String?
        if platform, let i = s.indicator {
            indicator = strings.text("dti_indicator_\(i.rawValue)", language)
            inputs = ss.flatMap { sc in
                sc.value.map { v in "\(points(v * (sc.denominator ?? 0) / 100, language)) / \(points(sc.denominator, language))" }
            }
        }
        return DTIUnitPage.SubIndex(
            code: s.code, section: section, name: english ? s.nameEn : s.name, guidance: english ? s.guidanceEn : s.guidance,
            platform: platform, formula: s.rule.formula(max: s.maxPoints),
            points: points(ss?.points, language), max: points(s.maxPoints, language),
            value: value(ss?.value, denominator: ss?.denominator, unit: s.unit, platform: platform, language),
            evidenceRequired: s.evidenceRequired, isRatio: s.unit == .ratio, isYesNo: s.unit == .yesNo,
            unitHint: strings.text("dti_unit_\(s.unit.rawValue)", language),
            advice: advice(ss?.advice, unit: s.unit, source: s.source, language),
            canDeclare: input.canDeclare && s.source == .reported, canReview: input.canReview && e != nil,
            indicator: indicator, inputs: inputs, entry: e.map { entry($0, s, input.documentNames, language) })
    }

    func entry(_ e: DTIEntry, _ s: DTISubIndex, _ documentNames: [Int64: String], _ language: Language) -> DTIUnitPage.Entry {
        DTIUnitPage.Entry(
            declared: value(e.value, denominator: e.denominator, unit: s.unit, platform: false, language),
            value: points(e.value, .en), denominator: e.denominator.map { points($0, .en) },
            comment: e.comment.isEmpty ? nil : e.comment, hasEvidence: !e.evidence.isEmpty,
            isYes: e.value == 1, isNo: e.value == 0, status: strings.text("dti_review_\(e.status.rawValue)", language),
            statusCode: e.status.rawValue, reason: e.reviewReason, reviewer: e.reviewer,
            evidence: e.evidence.map {
                DTIUnitPage.Evidence(link: Routes.dtiEvidence.link(String($0)), name: documentNames[$0] ?? "\($0)", id: $0)
            },
            evidenceIds: e.evidence.map(String.init).joined(separator: ","))
    }
}
