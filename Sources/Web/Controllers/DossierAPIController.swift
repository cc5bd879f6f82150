import Domain
import Foundation
import Hummingbird
import HTTPTypes

/// The dossier API: receive, read, queue, transition, and public tracking.
struct DossierAPIController: Sendable {
    static let idempotencyHeader = HTTPField.Name("Idempotency-Key")!

    let service: DossierService
    let catalogue: any CatalogueRepository
    let dossiers: any DossierRepository
    let agencies: any AgencyRepository
    let settings: WebSettings

    func addRoutes(to router: Router<AppRequestContext>) {
        router.on(Routes.apiDossiers, .post, receive)
        router.on(Routes.apiDossier, .get, one)
        router.on(Routes.apiDossierTransitions, .post, transition)
        router.on(Routes.apiQueue, .get, queue)
        router.on(Routes.apiTracking, .get, tracking)
    }

    @Sendable func receive(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let officer = try context.requireOfficer(role: .receiving)
        let key = request.headers[Self.idempotencyHeader]
        if let key, key.isEmpty || key.count > 100 { throw DomainError.invalid("Idempotency-Key") }
        let input = try await JSONCoding.decode(ReceiptInput.self, from: request, limit: settings.maxBodyBytes)
        let (dossier, created) = try await service.receive(input, by: officer, idempotencyKey: key.map { "officer:\(officer.id):\($0)" })
        let view = try await view(dossier, for: officer, withHistory: true)
        return try JSONCoding.response(view, status: created ? .created : .ok,
                                       headers: [.location: Routes.apiDossier.link(dossier.code)])
    }

    @Sendable func one(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let officer = try context.requireOfficer()
        let dossier = try await service.visibleDossier(code: try context.parameter("code"), to: officer)
        return try JSONCoding.response(try await view(dossier, for: officer, withHistory: true))
    }

    @Sendable func transition(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let officer = try context.requireOfficer()
        let body = try await JSONCoding.decode(TransitionRequest.self, from: request, limit: settings.maxBodyBytes)
        let dossier = try await service.transition(code: try context.parameter("code"), body, by: officer)
        return try JSONCoding.response(try await view(dossier, for: officer, withHistory: true))
    }

    @Sendable func queue(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let officer = try context.requireOfficer()
        let q = request.uri.queryParameters
        var limit = 50
        if let raw = q.get("limit") {
            guard let n = Int(raw), (1...200).contains(n) else { throw DomainError.invalid("limit") }
            limit = n
        }
        let overdue: Bool
        switch q.get("overdue") {
        case nil, "false", "0": overdue = false
        case "true", "1": overdue = true
        default: throw DomainError.invalid("overdue")
        }
        guard let workflow = try await catalogue.workflow(code: "ONE_STOP_DEFAULT") else { throw DomainError.notFound("workflow.notFound") }
        let page = try await service.queue(for: officer, workflow: workflow, procedureCode: q.get("procedure"),
                                           state: q.get("state"), overdueOnly: overdue, cursor: q.get("cursor"), limit: limit)
        let items = page.items.map { DossierView(dossier: $0, status: StateView($0.state, workflow), events: nil, actions: nil) }
        return try JSONCoding.response(ItemsView(items: items, nextCursor: page.nextCursor))
    }

    @Sendable func tracking(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let dossier = try await service.publicDossier(code: try context.parameter("code"))
        return try JSONCoding.response(try await Self.trackingView(dossier, catalogue: catalogue, dossiers: dossiers, agencies: agencies))
    }

    func view(_ dossier: Dossier, for officer: Officer, withHistory: Bool) async throws -> DossierView {
        let workflow = try await catalogue.workflow(code: dossier.workflowCode)
        let actions = workflow.map { DossierRules.availableTransitions(for: dossier, workflow: $0, actor: officer).map(ActionView.init) }
        return DossierView(dossier: dossier, status: StateView(dossier.state, workflow),
                           events: withHistory ? try await dossiers.events(dossierId: dossier.id) : nil, actions: actions)
    }

    /// The public view of a dossier's progress.
    static func trackingView(_ d: Dossier, catalogue: any CatalogueRepository, dossiers: any DossierRepository,
                             agencies: any AgencyRepository) async throws -> TrackingView {
        let workflow = try await catalogue.workflow(code: d.workflowCode)
        let procedure = try await catalogue.procedure(code: d.procedureCode)
        var steps: [TrackingView.Step] = []
        for e in try await dossiers.events(dossierId: d.id) {
            let agency = try await agencies.agency(id: e.agencyId ?? e.handlingAgencyId)?.name ?? ""
            steps.append(.init(actionCode: e.action, action: workflow?.transition(e.action)?.name,
                               actionEn: workflow?.transition(e.action)?.nameEn, status: StateView(e.toState, workflow),
                               at: e.occurredAt, agency: agency, deadline: e.stepDeadline, timeliness: e.stepTimeliness))
        }
        return TrackingView(code: d.code, procedureCode: d.procedureCode, procedureName: procedure?.name ?? d.procedureCode,
                            status: StateView(d.state, workflow), receivedAt: d.receivedAt, dueDate: d.dueDate,
                            finishedAt: d.finishedAt, outcome: d.outcome, steps: steps)
    }
}
