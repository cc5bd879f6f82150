import Foundation

/// How a measured value becomes points, kept as data in the frameworks (service-quality index,
/// digital-transformation index). Points never exceed the maximum and are never negative.
public enum ScoreRule: Codable, Sendable, Hashable {
    /// points = min(value / full, 1) × max; e.g. online dossiers with full marks at 50 %.
    case proportional(full: Double)
    /// points = min(numerator / denominator, 1) × max, the two reported by the unit.
    case ratio
    /// The first step (highest minimum first) whose minimum the value reaches gives its points.
    case steps([Step])
    /// Value 1 (yes) gives the maximum, 0 gives nothing.
    case yesNo

    /// One row of a step table.
    public struct Step: Codable, Sendable, Hashable {
        public var min: Double
        public var points: Double
        public init(min: Double, points: Double) {
            self.min = min
            self.points = points
        }
    }

    /// Points for `value` (a percent or count; for `ratio`, numerator over denominator).
    public func points(value: Double, denominator: Double? = nil, max: Double) -> Double {
        let raw: Double
        switch self {
        case .proportional(let full):
            raw = full > 0 ? Swift.min(value / full, 1) * max : (value > 0 ? max : 0)
        case .ratio:
            guard let d = denominator, d > 0 else { return 0 }
            raw = Swift.min(value / d, 1) * max
        case .steps(let steps):
            raw = steps.sorted { $0.min > $1.min }.first { value >= $0.min }?.points ?? 0
        case .yesNo:
            raw = value >= 1 ? max : 0
        }
        return Self.round2(Swift.max(0, Swift.min(raw, max)))
    }

    /// The rule written out for a reader, e.g. "min(giá trị / 50, 1) × 4".
    public func formula(max: Double) -> String {
        switch self {
        case .proportional(let full): "min(x / \(Self.number(full)), 1) × \(Self.number(max))"
        case .ratio: "min(a / b, 1) × \(Self.number(max))"
        case .steps(let steps):
            steps.sorted { $0.min > $1.min }.map { "x ≥ \(Self.number($0.min)) → \(Self.number($0.points))" }.joined(separator: "; ")
        case .yesNo: "1 → \(Self.number(max)); 0 → 0"
        }
    }

    /// Checks the rule against the maximum it scores: a positive full mark, a step table whose
    /// top step gives the maximum and no step more.
    public func validate(max: Double) throws {
        switch self {
        case .proportional(let full):
            guard full > 0 else { throw DomainError.invalid("rule", "scoring.badFull") }
        case .steps(let steps):
            guard let top = steps.max(by: { $0.min < $1.min }), abs(top.points - max) < 0.005,
                steps.allSatisfy({ $0.points >= 0 && $0.points <= max + 0.005 })
            else {
                throw DomainError.invalid("rule", "scoring.badSteps")
            }
        case .ratio, .yesNo: break
        }
    }

    static func round2(_ x: Double) -> Double { (x * 100).rounded() / 100 }

    /// A number as people write it: no trailing ".0", at most two decimals.
    public static func number(_ x: Double) -> String {
        let r = round2(x)
        return r == r.rounded()
            ? String(Int(r)) : String(format: "%.2f", r).replacingOccurrences(of: #"0$"#, with: "", options: .regularExpression)
    }

    private enum CodingKeys: String, CodingKey { case kind, full, steps }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        switch try c.decode(String.self, forKey: .kind) {
        case "proportional": self = .proportional(full: try c.decode(Double.self, forKey: .full))
        case "ratio": self = .ratio
        case "steps": self = .steps(try c.decode([Step].self, forKey: .steps))
        case "yesNo": self = .yesNo
        default: throw DecodingError.dataCorruptedError(forKey: .kind, in: c, debugDescription: "unknown rule")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .proportional(let full):
            try c.encode("proportional", forKey: .kind)
            try c.encode(full, forKey: .full)
        case .ratio: try c.encode("ratio", forKey: .kind)
        case .steps(let steps):
            try c.encode("steps", forKey: .kind)
            try c.encode(steps, forKey: .steps)
        case .yesNo: try c.encode("yesNo", forKey: .kind)
        }
    }
}
