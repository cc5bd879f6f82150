import Domain
import Foundation
import Hummingbird

/// The operations centre's API: dashboard figures, the service-quality index (a unit's score,
/// the ranking, the framework an administrator may replace), the periodic report as CSV and the
/// rebuild of the aggregates from the histories.
struct OperationsAPIController: Sendable {
    let operations: OperationsService
    let administration: OperationsAdministration
    let queries: OperationsQueries
    let views: OperationsViews
    let settings: WebSettings

    func addRoutes(to groups: RouteGroups) {
        groups.officers.on(Routes.apiDashboard, .get, dashboard)
        groups.officers.on(Routes.apiServiceIndex, .get, serviceIndex)
        groups.officers.on(Routes.apiServiceIndexRanking, .get, ranking)
        groups.officers.on(Routes.apiServiceIndexFramework, .get, framework)
        groups.administrators.on(Routes.apiServiceIndexFramework, .put, replaceFramework)
        groups.officers.on(Routes.apiPeriodicReport, .get, report)
        groups.administrators.on(Routes.apiStatisticsRebuild, .post, rebuild)
    }

    @Sendable func dashboard(_ request: Request, _ context: OfficerContext) async throws -> Response {
        let q = try await queries.read(request, officer: context.officer)
        return try JSONCoding.response(try await operations.dashboard(q.scope, q.period, field: q.field, today: q.today, grain: q.grain))
    }

    /// A unit's index: every indicator with its inputs, formula and points, and the history.
    struct IndexBody: Encodable {
        let scope: StatScope
        let period: String
        let points: Double
        let maxPoints: Double
        let normalised: Double?
        let groups: [ServiceScore.GroupScore]
        let history: [HistoryPoint]
        struct HistoryPoint: Encodable {
            let period: String
            let normalised: Double?
        }
    }

    @Sendable func serviceIndex(_ request: Request, _ context: OfficerContext) async throws -> Response {
        let q = try await queries.read(request, officer: context.officer)
        let (score, history) = try await operations.serviceIndex(q.scope, q.period, today: q.today)
        return try JSONCoding.response(
            IndexBody(
                scope: q.scope, period: q.period.description, points: score.points,
                maxPoints: score.maxPoints, normalised: score.normalised, groups: score.groups,
                history: history.map { .init(period: $0.0.description, normalised: $0.1) }))
    }

    @Sendable func ranking(_ request: Request, _ context: OfficerContext) async throws -> Response {
        let q = try await queries.read(request, officer: context.officer)
        guard q.scope.kind == .province else { throw DomainError.forbidden("operations.scopeForbidden") }
        let kind = StatScope.Kind(rawValue: request.formQuery["of"] ?? "agency") ?? .agency
        guard kind != .province else { throw DomainError.invalid("of") }
        return try JSONCoding.response(try await operations.indexRanking(kind, q.period, today: q.today))
    }

    @Sendable func framework(_ request: Request, _ context: OfficerContext) async throws -> Response {
        _ = try await queries.access(context.officer)
        return try JSONCoding.response(try await operations.framework())
    }

    @Sendable func replaceFramework(_ request: Request, _ context: AdminContext) async throws -> Response {
        let framework = try await JSONCoding.decode(ServiceIndexFramework.self, from: request, limit: settings.maxBodyBytes)
        try await administration.replaceFramework(framework, by: AuditActor(context.officer, address: context.clientAddress))
        return try JSONCoding.response(framework)
    }

    @Sendable func report(_ request: Request, _ context: OfficerContext) async throws -> Response {
        let q = try await queries.read(request, officer: context.officer)
        let report = try await operations.periodicReport(q.scope, q.period, today: q.today)
        return views.csvResponse(report, names: try await views.names(context.language), language: context.language)
    }

    /// Empties the aggregates and folds the whole history again (administrators).
    @Sendable func rebuild(_ request: Request, _ context: AdminContext) async throws -> Response {
        let counted = try await administration.rebuildStatistics(by: AuditActor(context.officer, address: context.clientAddress))
        return try JSONCoding.response(["counted": counted])
    }
}
