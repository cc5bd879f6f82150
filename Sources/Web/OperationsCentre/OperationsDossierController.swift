import Domain
import Foundation
import Hummingbird

/// The drill-down of the operations dashboard: a dossier of the late list, read-only (no action, no
/// file link), for a leader or administrator whose dashboard scope covers it; "not found" outside it.
/// Each view is audited, as the page shows the applicant's personal data.
struct OperationsDossierController: Sendable {
    let service: DossierService
    let agencies: any AgencyRepository
    let views: DossierPageViews
    let access: AccessAudit
    let pages: PageRenderer

    func addRoutes(to groups: RouteGroups) {
        groups.officers.on(Routes.operationsDossier, .get, show)
    }

    @Sendable func show(_ request: Request, _ context: OfficerContext) async throws -> Response {
        let officer = context.officer
        let scope = try await OperationsAccess.of(officer, agencies: agencies)
        let dossier = try await service.overseenDossier(code: try context.parameter("code"))
        let receiving = try await agencies.agency(id: dossier.receivingAgencyId)
        guard scope.covers(dossier, receivingUnit: receiving?.unitCode) else { throw DomainError.notFound("dossier.notFound") }
        try await access.viewedDossier(code: dossier.code, by: officer.username, address: context.clientAddress)
        let facts = try await views.facts(dossier, language: context.language)
        return try pages.render(OverseenDossierPage(facts: facts, back: Routes.operations.link()), context: context)
    }
}

/// The read-only dossier page of the operations dashboard (`operations-dossier`): facts and history.
struct OverseenDossierPage: DossierFactsPage {
    static let template = "operations-dossier"
    let facts: DossierFacts
    let back: String
}
