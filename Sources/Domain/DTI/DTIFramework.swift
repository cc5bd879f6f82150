import Foundation

/// Which units a digital-transformation framework scores: the province's departments (sở, ban,
/// ngành), its communes, or the province itself (its self-assessment against the national set,
/// declared by the provincial People's Committee).
public enum DTIGroup: String, Codable, Sendable, CaseIterable {
    case department, commune, province
}

/// Where a sub-index's value comes from: reported by the unit with evidence, or computed from
/// the platform's own data.
public enum DTISource: String, Codable, Sendable {
    case reported, platform
}

/// A figure the platform computes for a unit over the assessed year (a percentage).
public enum PlatformIndicator: String, Codable, Sendable, CaseIterable {
    case onlineSubmissionRate, onTimeRate, onlinePaymentRate, electronicResultRate, digitisedDossierRate
    case fieldReportsOnTimeRate, activeOfficerShare
}

/// What a sub-index's value is: a percentage, a count, yes (1) or no (0), or a ratio of two
/// reported numbers.
public enum DTIValueUnit: String, Codable, Sendable {
    case percent, count, yesNo, ratio
}

/// A scored leaf of the tree (chỉ số thành phần): maximum points, source and scoring rule.
public struct DTISubIndex: Codable, Sendable, Hashable {
    public var code: String
    public var name: String
    public var nameEn: String
    public var maxPoints: Double
    public var source: DTISource
    public var indicator: PlatformIndicator?
    public var unit: DTIValueUnit
    public var evidenceRequired: Bool
    public var rule: ScoreRule
    public var guidance: String
    public var guidanceEn: String

    public init(
        code: String, name: String, nameEn: String, maxPoints: Double, source: DTISource, indicator: PlatformIndicator? = nil,
        unit: DTIValueUnit, evidenceRequired: Bool, rule: ScoreRule, guidance: String = "", guidanceEn: String = ""
    ) {
        self.code = code
        self.name = name
        self.nameEn = nameEn
        self.maxPoints = maxPoints
        self.source = source
        self.indicator = indicator
        self.unit = unit
        self.evidenceRequired = evidenceRequired
        self.rule = rule
        self.guidance = guidance
        self.guidanceEn = guidanceEn
    }
}

/// A pillar (chỉ số chính) and its sub-indices; its maximum is the sum of theirs.
public struct DTIPillar: Codable, Sendable, Hashable {
    public var code: String
    public var name: String
    public var nameEn: String
    public var maxPoints: Double
    public var children: [DTISubIndex]

    public init(code: String, name: String, nameEn: String, maxPoints: Double, children: [DTISubIndex]) {
        self.code = code
        self.name = name
        self.nameEn = nameEn
        self.maxPoints = maxPoints
        self.children = children
    }
}

/// A versioned assessment framework (bộ chỉ số DTI) for one group of units.
public struct DTIFramework: Codable, Sendable, Hashable {
    public var code: String
    public var version: Int
    public var name: String
    public var nameEn: String
    public var group: DTIGroup
    public var nodes: [DTIPillar]

    public init(code: String, version: Int, name: String, nameEn: String, group: DTIGroup, nodes: [DTIPillar]) {
        self.code = code
        self.version = version
        self.name = name
        self.nameEn = nameEn
        self.group = group
        self.nodes = nodes
    }

    public var maxPoints: Double { nodes.reduce(0) { $0 + $1.maxPoints } }
    public var subIndices: [DTISubIndex] { nodes.flatMap(\.children) }
    public func subIndex(_ code: String) -> DTISubIndex? { subIndices.first { $0.code == code } }

    /// Checks the tree: codes present and unique, positive maxima that add up, a platform
    /// sub-index names its indicator, a ratio is scored as a ratio, every rule fits its maximum.
    public func validate() throws {
        guard Self.isCode(code), version > 0, !name.isEmpty, !nodes.isEmpty else {
            throw DomainError.invalid("framework", "dti.badFramework")
        }
        var seen = Set<String>()
        for pillar in nodes {
            guard Self.isCode(pillar.code), seen.insert(pillar.code).inserted, !pillar.children.isEmpty else {
                throw DomainError(.invalid, "dti.badNode", ["code": pillar.code])
            }
            let sum = pillar.children.reduce(0) { $0 + $1.maxPoints }
            guard pillar.maxPoints > 0, abs(sum - pillar.maxPoints) < 0.005 else {
                throw DomainError(.invalid, "dti.pillarSum", ["code": pillar.code])
            }
            for s in pillar.children {
                guard Self.isCode(s.code), seen.insert(s.code).inserted, s.maxPoints > 0, !s.name.isEmpty,
                    (s.source == .platform) == (s.indicator != nil),
                    (s.unit == .ratio) == (s.rule == .ratio), s.unit != .yesNo || s.rule == .yesNo
                else {
                    throw DomainError(.invalid, "dti.badNode", ["code": s.code])
                }
                do { try s.rule.validate(max: s.maxPoints) } catch { throw DomainError(.invalid, "dti.badNode", ["code": s.code]) }
            }
        }
    }

    static func isCode(_ s: String) -> Bool {
        !s.isEmpty && s.count <= 40 && s.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "." || $0 == "-" || $0 == "_") }
    }
}

/// The digital-commune recognition criteria (tiêu chí xã chuyển đổi số): a minimum total and
/// minimum values of given sub-indices of a framework.
public struct DTIRecognition: Codable, Sendable, Hashable {
    public var code: String
    public var name: String
    public var nameEn: String
    public var framework: String
    public var minimumTotal: Double
    public var criteria: [Criterion]

    /// One criterion: the sub-index's value (a ratio as a percentage) must reach `minValue`.
    public struct Criterion: Codable, Sendable, Hashable {
        public var code: String
        public var name: String
        public var nameEn: String
        public var subIndex: String
        public var minValue: Double
        public init(code: String, name: String, nameEn: String, subIndex: String, minValue: Double) {
            self.code = code
            self.name = name
            self.nameEn = nameEn
            self.subIndex = subIndex
            self.minValue = minValue
        }
    }

    public init(code: String, name: String, nameEn: String, framework: String, minimumTotal: Double, criteria: [Criterion]) {
        self.code = code
        self.name = name
        self.nameEn = nameEn
        self.framework = framework
        self.minimumTotal = minimumTotal
        self.criteria = criteria
    }

    /// Checks that every criterion names a sub-index of `framework` and the minimum fits it.
    public func validate(against framework: DTIFramework) throws {
        guard DTIFramework.isCode(code), framework.code == self.framework, minimumTotal >= 0, minimumTotal <= framework.maxPoints,
            !criteria.isEmpty
        else { throw DomainError(.invalid, "dti.badRecognition", ["code": code]) }
        for c in criteria {
            guard framework.subIndex(c.subIndex) != nil, c.minValue >= 0 else {
                throw DomainError(.invalid, "dti.badRecognition", ["code": c.code])
            }
        }
    }
}

/// Everything the IT department keeps as data, in the import and export format: the frameworks,
/// the recognition criteria and the agency that appraises (the department in charge of digital
/// transformation).
public struct DTIFrameworkSet: Codable, Sendable, Hashable {
    public var appraiserAgency: String
    public var frameworks: [DTIFramework]
    public var recognition: [DTIRecognition]

    public init(appraiserAgency: String, frameworks: [DTIFramework], recognition: [DTIRecognition]) {
        self.appraiserAgency = appraiserAgency
        self.frameworks = frameworks
        self.recognition = recognition
    }

    /// Checks every framework, unique codes and every recognition against its framework.
    public func validate() throws {
        guard !appraiserAgency.isEmpty, !frameworks.isEmpty, Set(frameworks.map(\.code)).count == frameworks.count,
            Set(recognition.map(\.code)).count == recognition.count
        else { throw DomainError.invalid("frameworks", "dti.badFramework") }
        for f in frameworks { try f.validate() }
        for r in recognition {
            guard let f = frameworks.first(where: { $0.code == r.framework }) else {
                throw DomainError(.invalid, "dti.badRecognition", ["code": r.code])
            }
            try r.validate(against: f)
        }
    }
}
