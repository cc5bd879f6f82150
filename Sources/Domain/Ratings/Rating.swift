import Foundation

/// The three answers of the satisfaction survey.
public enum RatingScore: String, Codable, Sendable, CaseIterable { case satisfied, acceptable, unsatisfied }

/// A citizen's rating of the service on one returned dossier.
public struct Rating: Codable, Sendable, Hashable {
    public var dossierId: Int64
    public var citizenId: Int64
    public var agencyId: String
    public var score: RatingScore
    public var comment: String?
    public var createdAt: Date
    public init(dossierId: Int64, citizenId: Int64, agencyId: String, score: RatingScore, comment: String?, createdAt: Date) {
        self.dossierId = dossierId
        self.citizenId = citizenId
        self.agencyId = agencyId
        self.score = score
        self.comment = comment
        self.createdAt = createdAt
    }
}

/// Ratings of one agency, counted by answer.
public struct AgencySatisfaction: Codable, Sendable, Hashable {
    public var agencyId: String
    public var satisfied: Int
    public var acceptable: Int
    public var unsatisfied: Int
    public init(agencyId: String, satisfied: Int, acceptable: Int, unsatisfied: Int) {
        self.agencyId = agencyId
        self.satisfied = satisfied
        self.acceptable = acceptable
        self.unsatisfied = unsatisfied
    }
    public var total: Int { satisfied + acceptable + unsatisfied }
    /// Share of ratings that are "satisfied" or "acceptable", in percent with one decimal; nil with no ratings.
    public var satisfactionPercent: Double? {
        total == 0 ? nil : (Double((satisfied + acceptable) * 1000) / Double(total)).rounded() / 10
    }
}

/// Ratings and their figures per agency.
public protocol RatingRepository: Sendable {
    /// Stores a rating; throws a conflict when the dossier was rated already.
    func add(_ rating: Rating) async throws
    func rating(dossierId: Int64) async throws -> Rating?
    func satisfaction() async throws -> [AgencySatisfaction]
}
