import Domain
import Foundation
import SQLKit

/// Ratings in SQL.
public final class SQLRatingRepository: RatingRepository {
    let database: Database

    public init(database: Database) { self.database = database }

    public func add(_ r: Rating) async throws {
        try await database.transaction { db in
            if try await db.raw("SELECT dossier_id FROM ratings WHERE dossier_id = \(bind: r.dossierId)").first() != nil {
                throw DomainError.conflict("rating.alreadyRated")
            }
            try await db.raw(
                """
                INSERT INTO ratings (dossier_id, citizen_id, agency_id, score, comment, created_at)
                VALUES (\(bind: r.dossierId), \(bind: r.citizenId), \(bind: r.agencyId), \(bind: r.score.rawValue), \(bind: r.comment),
                    \(bind: Stored.millis(r.createdAt)))
                """
            ).run()
        }
    }

    public func rating(dossierId: Int64) async throws -> Rating? {
        try await database.read { db in
            try await db.raw("SELECT * FROM ratings WHERE dossier_id = \(bind: dossierId)").first().map { r in
                Rating(
                    dossierId: try r.int64("dossier_id"), citizenId: try r.int64("citizen_id"), agencyId: try r.string("agency_id"),
                    score: RatingScore(rawValue: try r.string("score")) ?? .acceptable, comment: try r.optionalString("comment"),
                    createdAt: Stored.date(try r.int64("created_at")))
            }
        }
    }

    public func satisfaction() async throws -> [AgencySatisfaction] {
        try await database.read { db in
            var byAgency: [String: AgencySatisfaction] = [:]
            for row in try await db.raw("SELECT agency_id, score, COUNT(*) AS n FROM ratings GROUP BY agency_id, score").all() {
                let agency = try row.string("agency_id")
                let n = try row.int("n")
                var s = byAgency[agency] ?? AgencySatisfaction(agencyId: agency, satisfied: 0, acceptable: 0, unsatisfied: 0)
                switch RatingScore(rawValue: try row.string("score")) {
                case .satisfied: s.satisfied += n
                case .acceptable: s.acceptable += n
                case .unsatisfied: s.unsatisfied += n
                case nil: break
                }
                byAgency[agency] = s
            }
            return byAgency.values.sorted { $0.agencyId < $1.agencyId }
        }
    }
}
