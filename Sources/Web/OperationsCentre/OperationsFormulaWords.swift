import Domain

extension OperationsViews {
    /// A scoring rule in words for the index page, e.g. "Đạt từ 80 % trở lên: 8 điểm; thấp hơn:
    /// điểm giảm theo tỷ lệ" or "Từ 50 %: 6 điểm; từ 30 %: 4 điểm; dưới 30 %: 0 điểm".
    func formulaWords(_ rule: ScoreRule, max: Double, _ language: Language) -> String {
        let maxText = points(max, language)
        switch rule {
        case .proportional(let full) where full >= 100:
            return strings.text("ops_rule_rate", language, ["max": maxText])
        case .proportional(let full):
            return strings.text("ops_rule_proportional", language, ["full": percentLimit(full, language), "max": maxText])
        case .ratio:
            return strings.text("ops_rule_ratio", language, ["max": maxText])
        case .yesNo:
            return strings.text("ops_rule_yes_no", language, ["max": maxText])
        case .steps(let steps):
            let sorted = steps.sorted { $0.min > $1.min }
            func step(_ key: String, _ min: Double, _ value: Double) -> String {
                strings.text(key, language, ["min": percentLimit(min, language), "points": points(value, language)])
            }
            var parts = sorted.filter { $0.min > 0 }.map { step("ops_rule_step", $0.min, $0.points) }
            if let lowest = sorted.last(where: { $0.min > 0 }) {
                parts.append(step("ops_rule_below", lowest.min, sorted.first { $0.min <= 0 }?.points ?? 0))
            } else {
                parts = sorted.map { step("ops_rule_step", $0.min, $0.points) }
            }
            let text = parts.joined(separator: "; ")
            return text.prefix(1).uppercased() + text.dropFirst()
        }
    }

    /// A threshold of a rule as a percent ("50 %" in Vietnamese, with a no-break space; "50%" in English).
    func percentLimit(_ value: Double, _ language: Language) -> String {
        points(value, language) + (language == .en ? "%" : "\u{00A0}%")
    }
}
