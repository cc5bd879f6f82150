import Domain
import Foundation
import HTTPTypes
import Hummingbird

/// The operations centre's pages for leaders: the dashboard of the province, an agency or a
/// commune (with a big-screen mode that refreshes itself), the service-quality index with its
/// formulas and ranking, and the periodic report (printable page, CSV, monthly archive).
struct OperationsPagesController: Sendable {
    let operations: OperationsService
    let statistics: any StatisticsRepository
    let queries: OperationsQueries
    let views: OperationsViews
    let dti: DTIService
    let pages: PageRenderer
    let clock: Clock
    /// The official documents' reminders and late documents (nil: the module does not run).
    var documents: DocumentReminderService? = nil
    /// Work dossiers, for their share handled online (nil: the module does not run).
    var workDossiers: WorkDossierService? = nil

    func addRoutes(to groups: RouteGroups) {
        groups.officers.on(Routes.operations, .get, dashboard)
        groups.officers.on(Routes.operationsIndex, .get, index)
        groups.officers.on(Routes.operationsReport, .get, report)
        groups.officers.on(Routes.operationsArchived, .get, archived)
        groups.open.on(Routes.operationsScript, .get) { request, _ in StaticAsset.operationsScript.response(request) }
    }

    /// The filter bar of `q` for the officer.
    func filters(_ q: OperationsQuery, names: OperationsViews.Names, officer: Officer, language: Language) async throws
        -> OperationsFilters
    {
        views.filters(q, names: names, access: try await queries.access(officer), language: language)
    }

    @Sendable func dashboard(_ request: Request, _ context: OfficerContext) async throws -> Response {
        let q = try await queries.read(request, officer: context.officer)
        let language = context.language
        let d = try await operations.dashboard(q.scope, q.period, field: q.field, today: q.today, grain: q.grain)
        let names = try await views.names(language)
        let categories = try await views.reportCategories(language)
        let filters = try await filters(q, names: names, officer: context.officer, language: language)
        let inputs = OperationsDashboardInputs(
            names: names, filters: filters, categories: categories, stateNames: try await views.stateNames(language),
            dtiTargets: try await views.dtiTargets(q, dti: dti, language: language), now: clock.now())
        var page = views.dashboardPage(d, q, inputs, language)
        if let documents { try await LateDocumentsSection.fill(&page, documents: documents, scope: q.scope, names: names) }
        if let workDossiers {
            try await OnlineWorkSection.fill(
                &page, service: workDossiers, scope: q.scope, names: names, strings: pages.strings, percent: views.percent, language)
        }
        var response = try pages.render(page, context: context)
        // The big screen in the operations room reloads itself every minute, script or not.
        if q.bigScreen { response.headers[HTTPField.Name("Refresh")!] = "60" }
        return response
    }

    @Sendable func index(_ request: Request, _ context: OfficerContext) async throws -> Response {
        let q = try await queries.read(request, officer: context.officer)
        let language = context.language
        // The unit's score and, for the province, both rankings are read side by side.
        let province = q.scope.kind == .province
        async let index = operations.serviceIndex(q.scope, q.period, today: q.today)
        async let agencyRanking = province ? operations.indexRanking(.agency, q.period, today: q.today) : []
        async let communeRanking = province ? operations.indexRanking(.commune, q.period, today: q.today) : []
        let (score, history) = try await index
        let names = try await views.names(language)
        let filters = try await filters(q, names: names, officer: context.officer, language: language)
        let framework = try await operations.framework()
        let (agencies, communes) = try await (agencyRanking, communeRanking)
        let page = views.indexPage(
            score: score, history: history, framework: framework, rankings: province ? (agencies, communes) : nil, q,
            names: names, filters: filters, language)
        return try pages.render(page, context: context)
    }

    @Sendable func report(_ request: Request, _ context: OfficerContext) async throws -> Response {
        let q = try await queries.read(request, officer: context.officer)
        let language = context.language
        let report = try await operations.periodicReport(q.scope, q.period, today: q.today)
        let names = try await views.names(language)
        if request.formQuery["format"] == "csv" { return views.csvResponse(report, names: names, language: language) }
        let filters = try await filters(q, names: names, officer: context.officer, language: language)
        let archive = try await statistics.archivedReports(scope: q.scope, limit: 24)
        return try pages.render(views.reportPage(report, archive: archive, q, names: names, filters: filters, language), context: context)
    }

    @Sendable func archived(_ request: Request, _ context: OfficerContext) async throws -> Response {
        guard let id = Int64(context.parameters.get("id") ?? ""), let (entry, csv) = try await statistics.archivedReport(id: id) else {
            throw DomainError(.notFound, "http.notFound")
        }
        guard try await queries.access(context.officer).allows(entry.scope) else {
            throw DomainError(.notFound, "http.notFound")
        }
        return OperationsViews.csvResponse(csv, filename: "bao-cao-\(entry.scope.kind.rawValue)-\(entry.period).csv")
    }
}
