import Foundation

/// What a fee's amount is charged for: the dossier once, or each copy the applicant asks for.
public enum FeeBasis: String, Codable, Sendable, CaseIterable {
    case dossier
    case copy
}

/// A case the law exempts from a fee.
public enum FeeCondition: String, Codable, Sendable, CaseIterable {
    /// The event is registered within `FeeExemption.withinDays` days of the day it happened (for
    /// example a birth registered within 60 days: Law on Civil Status 2014, art. 11 (1) (b) and art. 15).
    case onTime
    /// The applicant is of a family of people with meritorious services, a poor household, or a person
    /// with disabilities (Law on Civil Status 2014, art. 11 (1) (a)).
    case priorityGroup
}

/// An exemption of a fee: the condition, how many days count as on time (for `onTime`), and the article.
public struct FeeExemption: Codable, Sendable, Hashable {
    public var condition: FeeCondition
    public var withinDays: Int?
    public var basis: String

    public init(condition: FeeCondition, withinDays: Int? = nil, basis: String) {
        self.condition = condition
        self.withinDays = withinDays
        self.basis = basis
    }

    /// Whether `answers` meet the condition on `day` (the day of the receipt).
    public func applies(to answers: FeeAnswers, on day: LocalDate) -> Bool {
        switch condition {
        case .priorityGroup: return answers.priorityGroup
        case .onTime:
            guard let event = answers.eventDate, let days = withinDays, event <= day else { return false }
            return day.dayNumber - event.dayNumber <= days
        }
    }
}

/// What the applicant says that decides the amount due: copies asked for, the day of the event being
/// registered, membership of an exempt group.
public struct FeeAnswers: Codable, Sendable, Hashable {
    public var copies: Int
    public var eventDate: LocalDate?
    public var priorityGroup: Bool

    public static let maxCopies = 100

    public init(copies: Int = 0, eventDate: LocalDate? = nil, priorityGroup: Bool = false) {
        self.copies = copies
        self.eventDate = eventDate
        self.priorityGroup = priorityGroup
    }

    enum CodingKeys: String, CodingKey { case copies, eventDate, priorityGroup }

    /// Decodes answers; every one may be left out.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            copies: try c.decodeIfPresent(Int.self, forKey: .copies) ?? 0,
            eventDate: try c.decodeIfPresent(LocalDate.self, forKey: .eventDate),
            priorityGroup: try c.decodeIfPresent(Bool.self, forKey: .priorityGroup) ?? false)
    }

    /// Checks the answers; throws the first invalid one.
    public func validate(today: LocalDate) throws {
        guard (0...Self.maxCopies).contains(copies) else { throw DomainError.invalid("feeAnswers.copies", "fee.badCopies") }
        if let eventDate, eventDate > today { throw DomainError.invalid("feeAnswers.eventDate", "fee.badEventDate") }
    }
}

/// A fee or charge of a procedure, in đồng, with what it is charged for, when it is not charged and
/// the article that sets its amount.
public struct Fee: Codable, Sendable, Hashable {
    public var name: String
    public var nameEn: String
    public var amount: Int
    public var note: String?
    public var per: FeeBasis
    public var exemptions: [FeeExemption]
    /// The article that sets the amount (required when an administrator adds a fee or changes its amount).
    public var basis: String?

    public init(
        name: String, nameEn: String, amount: Int, note: String?, per: FeeBasis = .dossier, exemptions: [FeeExemption] = [],
        basis: String? = nil
    ) {
        self.name = name
        self.nameEn = nameEn
        self.amount = amount
        self.note = note
        self.per = per
        self.exemptions = exemptions
        self.basis = basis
    }

    enum CodingKeys: String, CodingKey { case name, nameEn, amount, note, per, exemptions, basis }

    /// Decodes a fee; a fee written before conditions existed is charged once per dossier, with no exemption.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            name: try c.decode(String.self, forKey: .name), nameEn: try c.decodeIfPresent(String.self, forKey: .nameEn) ?? "",
            amount: try c.decode(Int.self, forKey: .amount), note: try c.decodeIfPresent(String.self, forKey: .note),
            per: try c.decodeIfPresent(FeeBasis.self, forKey: .per) ?? .dossier,
            exemptions: try c.decodeIfPresent([FeeExemption].self, forKey: .exemptions) ?? [],
            basis: try c.decodeIfPresent(String.self, forKey: .basis))
    }

    var isValid: Bool {
        amount >= 0 && !name.isEmpty
            && exemptions.allSatisfy { !$0.basis.isEmpty && ($0.condition != .onTime || ($0.withinDays ?? -1) >= 0) }
    }

    /// The amount due under `answers` on `day`: nothing when an exemption applies, else the amount once
    /// or times the copies asked for.
    public func due(_ answers: FeeAnswers, on day: LocalDate) -> Int {
        if exemptions.contains(where: { $0.applies(to: answers, on: day) }) { return 0 }
        return per == .copy ? amount * answers.copies : amount
    }
}

extension Procedure {
    /// The amount due for a dossier with `answers` received on `day`.
    public func feeDue(_ answers: FeeAnswers, on day: LocalDate) -> Int { fees.reduce(0) { $0 + $1.due(answers, on: day) } }

    /// Whether a fee depends on how many copies are asked for (the forms then ask).
    public var chargesPerCopy: Bool { fees.contains { $0.per == .copy && $0.amount > 0 } }

    /// The least a dossier can cost: the fees charged once, before any exemption (0 for a free procedure).
    public var baseFee: Int { fees.filter { $0.per == .dossier }.reduce(0) { $0 + $1.amount } }
}
