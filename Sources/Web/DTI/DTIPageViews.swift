import Domain
import Foundation

/// The page models of the rounds, the ranking and the targets.
extension DTIViews {
    func homePage(
        _ rounds: [DTIRound], appraiser: Bool, own: (group: DTIGroup, key: String)?, ownName: String?,
        values: [String: String], today: LocalDate, error: String?, _ language: Language
    ) -> DTIHomePage {
        let rows = rounds.map { r in
            let mine = own.map { $0.group == r.group } ?? false
            return DTIHomePage.Row(
                title: roundTitle(r, language), framework: "\(r.framework.code) v\(r.framework.version)",
                status: strings.text("dti_status_\(r.status.rawValue)", language), published: r.status == .published,
                deadline: Format.day(r.deadline), open: r.acceptsDeclarations(today: today),
                link: appraiser ? Routes.dtiRound.link(String(r.id)) : nil,
                ownLink: mine ? Routes.dtiUnit.link(String(r.id), own?.key ?? "") : nil,
                rankingLink: Routes.dtiRanking.link(String(r.id)))
        }
        return DTIHomePage(
            rounds: rows, none: rows.isEmpty, canOpen: appraiser, ownUnit: ownName,
            values: DTIHomePage.Values(
                year: values["year"] ?? String(today.year), deadline: values["deadline"] ?? today.adding(days: 30).iso),
            groups: DTIGroup.allCases.map {
                DTIOption(value: $0.rawValue, name: groupName($0, language), selected: values["group"] == $0.rawValue)
            },
            action: Routes.dti.link(), targetsLink: Routes.dtiTargets.link(), exportLink: Routes.apiDTIFrameworks.link(),
            error: error)
    }

    func roundPage(
        _ r: DTIRound, units: [DTIUnit], entries: [String: [String: DTIEntry]], scores: [String: DTIUnitScore], _ language: Language
    ) -> DTIRoundPage {
        let reported = r.framework.subIndices.filter { $0.source == .reported }.count
        let rows = units.map { u in
            let e = Array((entries[u.key] ?? [:]).values)
            return DTIRoundPage.Unit(
                name: language == .en ? u.nameEn : u.name, code: u.key, link: Routes.dtiUnit.link(String(r.id), u.key),
                declared: e.count, reported: reported, reviewed: e.filter { $0.status == .accepted || $0.status == .adjusted }.count,
                waiting: e.filter { $0.status == .declared }.count, moreEvidence: e.filter { $0.status == .moreEvidence }.count,
                total: points(scores[u.key]?.total, language), declaredTotal: points(scores[u.key]?.declaredTotal, language))
        }
        return DTIRoundPage(
            title: roundTitle(r, language), framework: language == .en ? r.framework.nameEn : r.framework.name,
            version: r.framework.version, deadline: Format.day(r.deadline), units: rows, unitCount: rows.count,
            started: rows.filter { $0.declared > 0 }.count, maxPoints: points(r.framework.maxPoints, language),
            status: strings.text("dti_status_\(r.status.rawValue)", language), isOpen: r.status == .open,
            publishAction: Routes.dtiPublish.link(String(r.id)), rankingLink: Routes.dtiRanking.link(String(r.id)))
    }

    func rankingPage(
        _ r: DTIRound, ranking: [DTIRankedUnit], names: [String: String], appraiser: Bool, own: (group: DTIGroup, key: String)?,
        _ language: Language
    ) -> DTIRankingPage {
        let rows = ranking.map { u in
            let mine = own?.group == r.group && own?.key == u.unit
            return DTIRankingPage.Row(
                rank: u.rank, name: names[u.unit] ?? u.unit, code: u.unit, total: points(u.total, language),
                link: appraiser || mine ? Routes.dtiUnit.link(String(r.id), u.unit) : nil,
                pillars: r.framework.nodes.map { DTIRankingPage.Points(points: points(u.pillars[$0.code], language)) },
                change: u.change.map { ($0 > 0 ? "+" : "") + points($0, language) } ?? "—",
                previousRank: u.previousRank.map(String.init) ?? "—", recognised: u.recognised == true, mine: mine)
        }
        let recognised = ranking.filter { $0.recognised == true }
        return DTIRankingPage(
            title: roundTitle(r, language), provisional: r.status != .published, rows: rows,
            pillars: r.framework.nodes.map {
                DTIRankingPage.Pillar(code: $0.code, name: language == .en ? $0.nameEn : $0.name, max: points($0.maxPoints, language))
            },
            maxPoints: points(r.framework.maxPoints, language), hasRecognition: r.recognition != nil,
            recognition: r.recognition.map { language == .en ? $0.nameEn : $0.name },
            recognisedCount: recognised.count, unitCount: ranking.count,
            recognised: recognised.map { DTIRankingPage.Recognised(name: names[$0.unit] ?? $0.unit, total: points($0.total, language)) },
            csvLink: Routes.dtiRanking.link(String(r.id)) + "?format=csv", publishedAt: Format.instant(r.publishedAt))
    }

    func targetsPage(
        year: Int, targets: [(target: DTITarget, status: DTIService.TargetStatus, score: Double?)], canSet: Bool,
        names: [String: String], units: [DTIOption], error: String?, _ language: Language
    ) -> DTITargetsPage {
        let rows = targets.map { t, state, score in
            DTITargetsPage.Row(
                id: t.id, unit: names[t.unit] ?? t.unit, group: groupName(t.group, language),
                kind: strings.text("dti_target_\(t.kind.rawValue)", language, ["score": points(t.minimumScore, language)]),
                note: t.note, status: strings.text("dti_target_status_\(state.rawValue)", language), statusCode: state.rawValue,
                score: points(score, language), setBy: t.setBy)
        }
        return DTITargetsPage(
            year: year, rows: rows, none: rows.isEmpty, canSet: canSet, units: units, action: Routes.dtiTargets.link(),
            kinds: DTITarget.Kind.allCases.map {
                DTIOption(value: $0.rawValue, name: strings.text("dti_target_kind_\($0.rawValue)", language))
            },
            previousYear: year - 1, nextYear: year + 1, error: error)
    }
}
