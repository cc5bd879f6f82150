import Domain
import Foundation
import Hummingbird

/// Finding dossiers (officers): the search page and `GET /api/v1/dossiers`, by code, applicant name,
/// phone or ID number, with filters. An administrator, and a leader of the provincial committee or the
/// service centre, search the whole province (the operations dashboard's rule); any other officer the
/// dossiers their agency received or handles.
struct DossierSearchController: Sendable {
    let service: DossierService
    let catalogue: any CatalogueRepository
    let agencies: any AgencyRepository
    let pages: PageRenderer

    func addRoutes(to groups: RouteGroups) {
        groups.officers.on(Routes.dossierSearch, .get, page)
        groups.officers.on(Routes.apiDossiers, .get, api)
    }

    static func criteria(_ form: FormData) -> DossierSearchCriteria {
        DossierSearchCriteria(
            code: form["code"], name: form["name"], phone: form["phone"], idNumber: form["idNumber"], state: form["state"],
            procedure: form["procedure"], channel: form["channel"], receivedFrom: form["from"], receivedTo: form["to"],
            cursor: form["cursor"], limit: form["limit"])
    }

    func scope(of officer: Officer) async throws -> DossierSearchScope {
        guard officer.roles.contains(.leader) || officer.roles.contains(.admin) else { return .agency(officer.agencyId) }
        return try await OperationsAccess.of(officer, agencies: agencies).everything ? .everything : .agency(officer.agencyId)
    }

    @Sendable func api(_ request: Request, _ context: OfficerContext) async throws -> Response {
        let found = try await service.search(Self.criteria(request.formQuery), scope: try await scope(of: context.officer))
        guard let workflow = try await catalogue.workflow(code: "ONE_STOP_DEFAULT") else { throw DomainError.notFound("workflow.notFound") }
        let items = found.items.map { DossierView(dossier: $0, status: StateView($0.state, workflow), events: nil, actions: nil) }
        return try JSONCoding.response(ItemsView(items: items, nextCursor: found.nextCursor))
    }

    @Sendable func page(_ request: Request, _ context: OfficerContext) async throws -> Response {
        let form = request.formQuery
        let criteria = Self.criteria(form)
        guard let workflow = try await catalogue.workflow(code: "ONE_STOP_DEFAULT") else { throw DomainError.notFound("workflow.notFound") }
        var model = try await DossierSearchPage.form(
            criteria, workflow: workflow, catalogue: catalogue, strings: pages.strings, context: context)
        guard criteria.hasCriterion else { return try pages.render(model, context: context) }
        do {
            let found = try await service.search(criteria, scope: try await scope(of: context.officer))
            model.searched = true
            for dossier in found.items { model.rows.append(try await row(dossier, workflow: workflow, context: context)) }
            model.none = found.items.isEmpty
            model.found = !found.items.isEmpty
            model.next = found.nextCursor.map { DossierSearchPage.link(form, cursor: $0) }
            return try pages.render(model, context: context)
        } catch let error as DomainError where error.kind == .invalid {
            model.error = pages.message(error, context)
            return try pages.render(model, context: context, status: .badRequest)
        }
    }

    func row(_ d: Dossier, workflow: Workflow, context: OfficerContext) async throws -> DossierSearchPage.Row {
        let english = context.language == .en
        let procedure = try await catalogue.procedure(code: d.procedureCode)
        let state = workflow.state(d.state)
        return DossierSearchPage.Row(
            code: d.code,
            link: d.isVisible(to: context.officer.agencyId) ? Routes.dossier.link(d.code) : Routes.operationsDossier.link(d.code),
            procedure: (english ? procedure?.nameEn : procedure?.name) ?? d.procedureCode, applicant: d.applicant.fullName,
            state: (english ? state?.nameEn : state?.name) ?? d.state,
            channel: pages.strings.text("channel.\(d.channel.rawValue)", context.language),
            receivedAt: Format.instant(d.receivedAt), dueDate: Format.day(d.dueDate))
    }
}
