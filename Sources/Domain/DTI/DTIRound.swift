import Foundation

/// One year's assessment of one group of units (đợt đánh giá). The framework (and the
/// recognition criteria for communes) are frozen into the round when it opens, so that a later
/// change of the framework never rescores a round under way or published.
public struct DTIRound: Codable, Sendable, Hashable {
    /// Open: units assess themselves until the deadline and the appraiser reviews; published:
    /// results frozen, nothing changes any more.
    public enum Status: String, Codable, Sendable { case open, published }

    public var id: Int64
    public var year: Int
    public var group: DTIGroup
    public var framework: DTIFramework
    public var recognition: DTIRecognition?
    /// Last day (local) on which units may change their self-assessment.
    public var deadline: LocalDate
    /// The agency whose officers appraise (the department in charge of digital transformation).
    public var appraiserAgency: String
    public var status: Status
    public var openedBy: String
    public var openedAt: Date
    public var publishedAt: Date?

    public init(
        id: Int64, year: Int, group: DTIGroup, framework: DTIFramework, recognition: DTIRecognition?, deadline: LocalDate,
        appraiserAgency: String, status: Status, openedBy: String, openedAt: Date, publishedAt: Date? = nil
    ) {
        self.id = id
        self.year = year
        self.group = group
        self.framework = framework
        self.recognition = recognition
        self.deadline = deadline
        self.appraiserAgency = appraiserAgency
        self.status = status
        self.openedBy = openedBy
        self.openedAt = openedAt
        self.publishedAt = publishedAt
    }

    /// Whether units may still change their self-assessment on `today`.
    public func acceptsDeclarations(today: LocalDate) -> Bool { status == .open && today <= deadline }
}

/// Where a sub-index stands in the appraisal.
public enum DTIReviewStatus: String, Codable, Sendable, CaseIterable {
    /// Declared by the unit, not reviewed yet.
    case declared
    /// The appraiser took the declared value.
    case accepted
    /// The appraiser set another value, with a reason.
    case adjusted
    /// The appraiser asked for more evidence; the value does not count until reviewed again.
    case moreEvidence
}

/// A unit's self-assessment of one reported sub-index and its review.
public struct DTIEntry: Codable, Sendable, Hashable {
    public var subIndex: String
    /// The declared value: a percentage, a count, 1/0, or the numerator of a ratio.
    public var value: Double
    /// The ratio's denominator (ratio sub-indices only).
    public var denominator: Double?
    public var comment: String
    /// Documents attached as evidence.
    public var evidence: [Int64]
    public var status: DTIReviewStatus
    public var reviewedValue: Double?
    public var reviewedDenominator: Double?
    public var reviewReason: String?
    public var reviewer: String?
    public var updatedAt: Date

    public init(
        subIndex: String, value: Double, denominator: Double? = nil, comment: String = "", evidence: [Int64] = [],
        status: DTIReviewStatus = .declared, reviewedValue: Double? = nil, reviewedDenominator: Double? = nil,
        reviewReason: String? = nil, reviewer: String? = nil, updatedAt: Date
    ) {
        self.subIndex = subIndex
        self.value = value
        self.denominator = denominator
        self.comment = comment
        self.evidence = evidence
        self.status = status
        self.reviewedValue = reviewedValue
        self.reviewedDenominator = reviewedDenominator
        self.reviewReason = reviewReason
        self.reviewer = reviewer
        self.updatedAt = updatedAt
    }

    /// The value as appraised (nil while not accepted or adjusted): what the published score counts.
    public var appraised: (value: Double, denominator: Double?)? {
        switch status {
        case .accepted: (value, denominator)
        case .adjusted: (reviewedValue ?? 0, reviewedDenominator ?? denominator)
        case .declared, .moreEvidence: nil
        }
    }
}

/// What a unit declares for one sub-index (the self-assessment form or API).
public struct DTIDeclaration: Codable, Sendable, Hashable {
    public var subIndex: String
    public var value: Double
    public var denominator: Double?
    public var comment: String
    /// Evidence documents to keep attached (documents already uploaded for this unit).
    public var evidence: [Int64]

    public init(subIndex: String, value: Double, denominator: Double? = nil, comment: String = "", evidence: [Int64] = []) {
        self.subIndex = subIndex
        self.value = value
        self.denominator = denominator
        self.comment = comment
        self.evidence = evidence
    }

    /// Checks the value against the sub-index's unit: a percentage 0-100, a count, 0 or 1, a
    /// ratio with a positive denominator not below its numerator; a comment of at most 2,000 characters.
    public func validate(against s: DTISubIndex) throws {
        guard s.source == .reported else { throw DomainError(.invalid, "dti.platformValue", ["code": s.code]) }
        guard value.isFinite, value >= 0, comment.count <= 2000, evidence.count <= 20 else {
            throw DomainError(.invalid, "dti.badValue", ["code": s.code])
        }
        switch s.unit {
        case .percent: guard value <= 100 else { throw DomainError(.invalid, "dti.badValue", ["code": s.code]) }
        case .count: guard value <= 1_000_000_000 else { throw DomainError(.invalid, "dti.badValue", ["code": s.code]) }
        case .yesNo: guard value == 0 || value == 1 else { throw DomainError(.invalid, "dti.badValue", ["code": s.code]) }
        case .ratio:
            guard let d = denominator, d.isFinite, d > 0, value <= d, d <= 1_000_000_000 else {
                throw DomainError(.invalid, "dti.badRatio", ["code": s.code])
            }
        }
        if s.unit != .ratio, denominator != nil { throw DomainError(.invalid, "dti.badValue", ["code": s.code]) }
    }
}

/// The appraiser's decision on one sub-index.
public enum DTIReview: Sendable, Hashable {
    case accept
    case adjust(value: Double, denominator: Double?, reason: String)
    case moreEvidence(reason: String)
}

/// A line of a round's history (kept for ever, never changed).
public struct DTIEvent: Codable, Sendable, Hashable {
    public var id: Int64
    public var roundId: Int64
    public var unit: String?
    public var subIndex: String?
    /// `open`, `declare`, `evidence`, `accept`, `adjust`, `moreEvidence`, `publish`.
    public var action: String
    public var actor: String
    public var detail: String
    public var at: Date

    public init(id: Int64 = 0, roundId: Int64, unit: String?, subIndex: String?, action: String, actor: String, detail: String, at: Date) {
        self.id = id
        self.roundId = roundId
        self.unit = unit
        self.subIndex = subIndex
        self.action = action
        self.actor = actor
        self.detail = detail
        self.at = at
    }
}

/// A target the province assigns to a unit for a year (chỉ tiêu): to be recognised as a digital
/// commune, or to reach a score.
public struct DTITarget: Codable, Sendable, Hashable {
    public enum Kind: String, Codable, Sendable, CaseIterable { case recognised, minimumScore }

    public var id: Int64
    public var year: Int
    public var group: DTIGroup
    public var unit: String
    public var kind: Kind
    /// The score to reach (minimumScore only).
    public var minimumScore: Double?
    public var note: String
    public var setBy: String
    public var setAt: Date

    public init(
        id: Int64 = 0, year: Int, group: DTIGroup, unit: String, kind: Kind, minimumScore: Double?, note: String,
        setBy: String, setAt: Date
    ) {
        self.id = id
        self.year = year
        self.group = group
        self.unit = unit
        self.kind = kind
        self.minimumScore = minimumScore
        self.note = note
        self.setBy = setBy
        self.setAt = setAt
    }

    /// Checks the year, the kind's fields and the note.
    public func validate(maxPoints: Double) throws {
        guard (2000...2100).contains(year), !unit.isEmpty, unit.count <= 40, note.count <= 500 else {
            throw DomainError.invalid("target", "dti.badTarget")
        }
        switch kind {
        case .recognised: guard group == .commune, minimumScore == nil else { throw DomainError.invalid("kind", "dti.badTarget") }
        case .minimumScore:
            guard let s = minimumScore, s > 0, s <= maxPoints else { throw DomainError.invalid("minimumScore", "dti.badTarget") }
        }
    }
}
