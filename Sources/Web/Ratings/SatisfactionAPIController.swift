import Domain
import Foundation
import Hummingbird

/// `GET /api/v1/ratings/satisfaction`: citizens' ratings counted per agency (public figures).
struct SatisfactionAPIController: Sendable {
    struct Row: Encodable, Sendable {
        let agencyId: String
        let agencyName: String
        let satisfied: Int
        let acceptable: Int
        let unsatisfied: Int
        let total: Int
        let satisfactionPercent: Double?
    }

    let ratings: any RatingRepository
    let agencies: any AgencyRepository

    func addRoutes(to groups: RouteGroups) {
        groups.open.on(Routes.apiSatisfaction, .get, list)
    }

    @Sendable func list(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        var rows: [Row] = []
        for s in try await ratings.satisfaction() {
            rows.append(
                Row(
                    agencyId: s.agencyId, agencyName: try await agencies.agency(id: s.agencyId)?.name ?? s.agencyId,
                    satisfied: s.satisfied, acceptable: s.acceptable, unsatisfied: s.unsatisfied, total: s.total,
                    satisfactionPercent: s.satisfactionPercent))
        }
        return try JSONCoding.response(["items": rows])
    }
}
