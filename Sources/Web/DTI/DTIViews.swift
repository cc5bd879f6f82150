import Domain
import Foundation

/// Turns DTI scores and rounds into page values: names in the reader's language, numbers written
/// the Vietnamese way (decimal comma), sub-index rows with their figures, advice and forms.
struct DTIViews: Sendable {
    let dti: DTIService
    let strings: Strings

    func points(_ value: Double?, _ language: Language) -> String {
        guard let value else { return "—" }
        let text = ScoreRule.number(value)
        return language == .en ? text : text.replacingOccurrences(of: ".", with: ",")
    }

    /// A number typed by a person: "85,5" and "85.5" alike; nil when empty.
    static func number(_ text: String?) throws -> Double? {
        guard let raw = text?.trimmingCharacters(in: .whitespaces), !raw.isEmpty else { return nil }
        guard let value = Double(raw.replacingOccurrences(of: ",", with: ".")), value.isFinite else {
            throw DomainError.invalid("value", "dti.badNumber")
        }
        return value
    }

    func unitNames(_ group: DTIGroup, _ language: Language) async throws -> [String: String] {
        Dictionary(uniqueKeysWithValues: try await dti.units.units(group).map { ($0.key, language == .en ? $0.nameEn : $0.name) })
    }

    func groupName(_ group: DTIGroup, _ language: Language) -> String { strings.text("dti_group_\(group.rawValue)", language) }

    func roundTitle(_ round: DTIRound, _ language: Language) -> String {
        strings.text("dti_round_title", language, ["year": String(round.year), "group": groupName(round.group, language)])
    }

    /// A value as the unit reads it: "1 / 3" for ratios, "85,5 %" for percentages, "có"/"không" for yes/no.
    func value(_ v: Double?, denominator: Double?, unit: DTIValueUnit, platform: Bool, _ language: Language) -> String {
        guard let v else { return strings.text("dti_no_value", language) }
        if platform { return points(v, language) + (language == .en ? "%" : " %") }
        switch unit {
        case .ratio: return points(v, language) + " / " + points(denominator, language)
        case .percent: return points(v, language) + (language == .en ? "%" : " %")
        case .yesNo: return strings.text(v >= 1 ? "dti_yes" : "dti_no", language)
        case .count: return points(v, language)
        }
    }

    /// "Reach 50 % to gain 4 points" in the reader's language.
    func advice(_ a: DTISubScore.Advice?, unit: DTIValueUnit, source: DTISource, _ language: Language) -> String? {
        guard let a else { return nil }
        let target =
            unit == .yesNo
            ? strings.text("dti_yes", language)
            : value(a.target, denominator: nil, unit: unit == .ratio ? .count : unit, platform: source == .platform, language)
        let key = unit == .ratio ? "dti_advice_ratio" : unit == .yesNo ? "dti_advice_yes" : "dti_advice"
        return strings.text(key, language, ["target": target, "gain": points(a.gain, language)])
    }

    /// Where the unit lost points, most first, with what would raise them.
    func gaps(_ score: DTIUnitScore, framework: DTIFramework, _ language: Language, limit: Int = 10) -> [DTIUnitPage.Gap] {
        score.gaps.prefix(limit).compactMap { g in
            guard let s = framework.subIndex(g.code) else { return nil }
            return DTIUnitPage.Gap(
                code: g.code, name: language == .en ? s.nameEn : s.name, lost: points(g.lost, language),
                points: points(g.points, language), max: points(g.maxPoints, language),
                advice: advice(g.advice, unit: s.unit, source: s.source, language),
                guidance: language == .en ? s.guidanceEn : s.guidance)
        }
    }

    /// A history line.
    func event(_ e: DTIEvent, _ language: Language) -> DTIUnitPage.Event {
        DTIUnitPage.Event(
            at: Format.instant(e.at), actor: e.actor, action: strings.text("dti_action_\(e.action)", language),
            subIndex: e.subIndex, detail: e.detail)
    }

    /// CSV of a ranking (UTF-8 with BOM, for spreadsheets): rank, unit, total, each pillar, change, recognition.
    func csv(_ ranking: [DTIRankedUnit], round: DTIRound, names: [String: String], _ language: Language) -> String {
        let cell = CSV.field
        var header = ["dti_col_rank", "dti_col_code", "dti_col_unit", "dti_col_total"].map { strings.text($0, language) }
        header += round.framework.nodes.map { "\($0.code). \(language == .en ? $0.nameEn : $0.name)" }
        header += ["dti_col_previous", "dti_col_change", "dti_col_previous_rank"].map { strings.text($0, language) }
        if round.recognition != nil { header.append(strings.text("dti_col_recognised", language)) }
        var lines = [header.map(cell).joined(separator: ",")]
        for r in ranking {
            var row = [String(r.rank), r.unit, names[r.unit] ?? r.unit, ScoreRule.number(r.total)]
            row += round.framework.nodes.map { ScoreRule.number(r.pillars[$0.code] ?? 0) }
            row += [
                r.previousTotal.map(ScoreRule.number) ?? "", r.change.map(ScoreRule.number) ?? "", r.previousRank.map(String.init) ?? "",
            ]
            if round.recognition != nil { row.append(strings.text(r.recognised == true ? "dti_yes" : "dti_no", language)) }
            lines.append(row.map(cell).joined(separator: ","))
        }
        return "\u{FEFF}" + lines.joined(separator: "\r\n") + "\r\n"
    }
}
