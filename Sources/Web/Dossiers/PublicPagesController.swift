import Domain
import Foundation
import Hummingbird

/// Public pages: the home page and dossier tracking by code (progress only, no personal data).
struct PublicPagesController: Sendable {
    let service: DossierService
    let catalogue: any CatalogueRepository
    let agencies: any AgencyRepository
    let pages: PageRenderer

    func addRoutes(to router: Router<AppRequestContext>) {
        router.on(Routes.home, .get) { _, context in try pages.render("home", [:], context: context) }
        router.on(Routes.tracking, .get, tracking)
    }

    @Sendable func tracking(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        guard let code = request.uri.queryParameters.get("code")?.trimmingCharacters(in: .whitespaces), !code.isEmpty else {
            return try pages.render("tracking", [:], context: context)
        }
        let english = context.language == .en
        do {
            let progress = try await service.progress(code: code)
            let view = try await DossierAPIController.trackingView(progress, catalogue: catalogue, agencies: agencies)
            let steps: [[String: Any]] = view.steps.map { step in
                [
                    "action": (english ? step.actionEn : step.action) ?? pages.strings.text("action.\(step.actionCode)", context.language),
                    "state": english ? step.status.nameEn : step.status.name,
                    "at": Format.instant(step.at), "agency": step.agency, "deadline": Format.day(step.deadline),
                    "timeliness": step.timeliness.map { pages.strings.text("timeliness.\($0.rawValue)", context.language) } as Any,
                ]
            }
            return try pages.render(
                "tracking",
                [
                    "code": code, "found": true, "procedure": view.procedureName,
                    "state": english ? view.status.nameEn : view.status.name, "receivedAt": Format.instant(view.receivedAt),
                    "dueDate": Format.day(view.dueDate), "finishedAt": view.finishedAt.map(Format.instant) as Any, "steps": steps,
                ], context: context)
        } catch let error as DomainError where error.kind == .notFound {
            return try pages.render("tracking", ["code": code, "notFound": true], context: context, status: .notFound)
        }
    }
}
