import Domain
import Foundation
import Hummingbird
import Persistence

/// The operations centre's API: dashboard figures, the service-quality index (a unit's score,
/// the ranking, the framework an administrator may replace), the periodic report as CSV and the
/// rebuild of the aggregates from the histories.
struct OperationsAPIController: Sendable {
    let operations: OperationsService
    let agencies: any AgencyRepository
    let indexStore: any ServiceIndexStore
    let projector: StatisticsProjector
    let pages: OperationsPagesController
    let audit: any AuditLog
    let settings: WebSettings
    let now: @Sendable () -> Date

    func addRoutes(to router: Router<AppRequestContext>) {
        router.on(Routes.apiDashboard, .get, dashboard)
        router.on(Routes.apiServiceIndex, .get, serviceIndex)
        router.on(Routes.apiServiceIndexRanking, .get, ranking)
        router.on(Routes.apiServiceIndexFramework, .get, framework)
        router.on(Routes.apiServiceIndexFramework, .put, replaceFramework)
        router.on(Routes.apiPeriodicReport, .get, report)
        router.on(Routes.apiStatisticsRebuild, .post, rebuild)
    }

    @Sendable func dashboard(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let q = try await pages.query(request, context)
        return try JSONCoding.response(try await operations.dashboard(q.scope, q.period, field: q.field, today: q.today, grain: q.grain))
    }

    /// A unit's index: every indicator with its inputs, formula and points, and the history.
    struct IndexBody: Encodable {
        let scope: StatScope
        let period: String
        let points: Double
        let applicableMax: Double
        let normalised: Double?
        let groups: [ServiceScore.GroupScore]
        let history: [HistoryPoint]
        struct HistoryPoint: Encodable {
            let period: String
            let normalised: Double?
        }
    }

    @Sendable func serviceIndex(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let q = try await pages.query(request, context)
        let (score, history) = try await operations.serviceIndex(q.scope, q.period, today: q.today)
        return try JSONCoding.response(
            IndexBody(
                scope: q.scope, period: q.period.description, points: score.points,
                applicableMax: score.applicableMax, normalised: score.normalised, groups: score.groups,
                history: history.map { .init(period: $0.0.description, normalised: $0.1) }))
    }

    @Sendable func ranking(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let q = try await pages.query(request, context)
        guard q.scope.kind == .province else { throw DomainError.forbidden("operations.scopeForbidden") }
        let kind = StatScope.Kind(rawValue: request.formQuery["of"] ?? "agency") ?? .agency
        guard kind != .province else { throw DomainError.invalid("of") }
        return try JSONCoding.response(try await operations.indexRanking(kind, q.period, today: q.today))
    }

    @Sendable func framework(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        _ = try await OperationsAccess.of(try context.requireOfficer(), agencies: agencies)
        return try JSONCoding.response(try await operations.framework())
    }

    @Sendable func replaceFramework(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let officer = try context.requireOfficer(role: .admin)
        let framework = try await JSONCoding.decode(ServiceIndexFramework.self, from: request, limit: settings.maxBodyBytes)
        try framework.validate()
        try await indexStore.save(framework, at: now())
        try await audit.record(
            AuditEntry(
                actor: officer.username, action: "serviceIndex.replace", target: framework.code,
                detail: "\(framework.groups.count) groups", ip: context.clientAddress, at: Date()))
        return try JSONCoding.response(framework)
    }

    @Sendable func report(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let q = try await pages.query(request, context)
        let report = try await operations.periodicReport(q.scope, q.period, today: q.today)
        return pages.csvResponse(report, names: try await pages.views.names(context.language), language: context.language)
    }

    /// Empties the aggregates and folds the whole history again (administrators).
    @Sendable func rebuild(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let officer = try context.requireOfficer(role: .admin)
        let started = Date()
        let counted = try await projector.rebuild(now: now())
        let seconds = Date().timeIntervalSince(started)
        try await audit.record(
            AuditEntry(
                actor: officer.username, action: "statistics.rebuild", target: nil,
                detail: "\(counted) events in \(String(format: "%.1f", seconds)) s", ip: context.clientAddress, at: Date()))
        return try JSONCoding.response(["counted": counted])
    }
}
