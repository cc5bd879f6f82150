import Domain
import Foundation
import Hummingbird

/// Public pages: the home page and dossier tracking by code (progress only, no personal data).
struct PublicPagesController: Sendable {
    let service: DossierService
    let catalogue: any CatalogueRepository
    let agencies: any AgencyRepository
    let pages: PageRenderer

    func addRoutes(to groups: RouteGroups) {
        groups.open.on(Routes.home, .get) { _, context in
            try pages.render(try await HomePage(catalogue: catalogue, strings: pages.strings, language: context.language), context: context)
        }
        groups.open.on(Routes.tracking, .get, tracking)
    }

    @Sendable func tracking(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        guard let code = request.uri.queryParameters.get("code")?.trimmingCharacters(in: .whitespaces), !code.isEmpty else {
            return try pages.render(TrackingPage.form, context: context)
        }
        do {
            let progress = try await service.progress(code: code)
            let view = try await DossierAPIController.trackingView(progress, catalogue: catalogue, agencies: agencies)
            return try pages.render(
                TrackingPage(
                    view, progress: progress, workflow: try await catalogue.workflow(code: progress.workflowCode),
                    code: DossierCode.normalized(code), strings: pages.strings, language: context.language), context: context)
        } catch let error as DomainError where error.kind == .notFound {
            return try pages.render(TrackingPage.notFound(code), context: context, status: .notFound)
        }
    }
}
