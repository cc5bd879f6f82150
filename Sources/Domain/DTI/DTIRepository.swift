import Foundation

/// A unit assessed in a round: a department (by agency id) or a commune (by unit code).
public struct DTIUnit: Codable, Sendable, Hashable {
    public var key: String
    public var name: String
    public var nameEn: String
    public init(key: String, name: String, nameEn: String) {
        self.key = key
        self.name = name
        self.nameEn = nameEn
    }
}

/// A published unit result as frozen at publication.
public struct DTIResult: Codable, Sendable, Hashable {
    public var score: DTIUnitScore
    public var rank: Int
    public var previousTotal: Double?
    public var previousRank: Int?
    public init(score: DTIUnitScore, rank: Int, previousTotal: Double?, previousRank: Int?) {
        self.score = score
        self.rank = rank
        self.previousTotal = previousTotal
        self.previousRank = previousRank
    }
}

/// Frameworks, rounds, self-assessments, reviews, results, history and targets of the
/// digital-transformation assessment. Every write is one transaction with its history line.
public protocol DTIRepository: Sendable {
    func frameworkSet() async throws -> DTIFrameworkSet?
    /// Replaces the framework set, with `audit` (if any) in the same transaction.
    func saveFrameworkSet(_ set: DTIFrameworkSet, actor: String, at: Date, audit: AuditEntry?) async throws

    func rounds() async throws -> [DTIRound]
    func round(id: Int64) async throws -> DTIRound?
    func round(year: Int, group: DTIGroup) async throws -> DTIRound?
    /// Inserts the round (conflict when the year and group already have one), its `open` event and
    /// `audit`, whose target becomes the new round's id, in one transaction.
    func openRound(_ round: DTIRound, audit: AuditEntry) async throws -> DTIRound

    func entries(roundId: Int64, unit: String) async throws -> [String: DTIEntry]
    func entries(roundId: Int64) async throws -> [String: [String: DTIEntry]]
    /// Stores the declarations (each back to `declared`) with one `declare` event per sub-index.
    func declare(roundId: Int64, unit: String, _ declarations: [DTIDeclaration], actor: String, at: Date) async throws
    /// Records that `documentId` was uploaded as evidence for the unit in the round.
    func addEvidence(roundId: Int64, unit: String, subIndex: String, documentId: Int64, actor: String, at: Date) async throws
    /// The round and unit a piece of evidence belongs to.
    func evidenceOwner(documentId: Int64) async throws -> (roundId: Int64, unit: String)?
    /// Documents uploaded as evidence for the unit in the round.
    func evidence(roundId: Int64, unit: String) async throws -> Set<Int64>
    /// Applies a review to an existing entry, with its event; false when the entry is missing.
    func review(roundId: Int64, unit: String, subIndex: String, _ review: DTIReview, actor: String, at: Date) async throws -> Bool

    /// Freezes the results and marks the round published, with `audit`; conflict when it already is.
    func publish(roundId: Int64, results: [DTIResult], actor: String, at: Date, audit: AuditEntry) async throws
    func results(roundId: Int64) async throws -> [DTIResult]
    func events(roundId: Int64, unit: String?) async throws -> [DTIEvent]

    func targets(year: Int?) async throws -> [DTITarget]
    /// Inserts or replaces the target of that year, unit and kind, with `audit`, whose target becomes
    /// the target's id, in one transaction.
    func saveTarget(_ target: DTITarget, audit: AuditEntry) async throws -> DTITarget
    /// Deletes the target with `audit` in one transaction; false (and no audit line) when there is none.
    func deleteTarget(id: Int64, audit: AuditEntry) async throws -> Bool
}

/// The units of each group and the group a given agency assesses itself in.
public protocol DTIUnitDirectory: Sendable {
    func units(_ group: DTIGroup) async throws -> [DTIUnit]
    /// The group and unit key whose self-assessment officers of `agencyId` fill in, if any.
    func unit(ofAgency agencyId: String) async throws -> (group: DTIGroup, key: String)?
}

/// The platform indicators of every unit of a group over a year, from the live data as of `today` (reports
/// still open past their answer day by then count as late).
public protocol DTIIndicatorSource: Sendable {
    func rates(_ group: DTIGroup, year: Int, today: LocalDate) async throws -> [String: [PlatformIndicator: Rate]]
}
