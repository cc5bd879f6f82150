import Domain
import Foundation
import HTTPTypes
import Hummingbird

/// The dossier API: receive, read, queue, transition, and public tracking.
struct DossierAPIController: Sendable {
    static let idempotencyHeader = HTTPField.Name("Idempotency-Key")!

    let service: DossierService
    let catalogue: any CatalogueRepository
    let dossiers: any DossierRepository
    let agencies: any AgencyRepository
    let calendars: any CalendarRepository
    let settings: WebSettings

    func addRoutes(to groups: RouteGroups) {
        groups.counter.on(Routes.apiDossiers, .post, receive)
        groups.officers.on(Routes.apiDossier, .get, one)
        groups.officers.on(Routes.apiDossierTransitions, .post, transition)
        groups.officers.on(Routes.apiQueue, .get, queue)
        groups.open.on(Routes.apiTracking, .get, tracking)
    }

    @Sendable func receive(_ request: Request, _ context: ReceivingContext) async throws -> Response {
        let officer = context.officer
        let key = request.headers[Self.idempotencyHeader]
        if let key, key.isEmpty || key.count > 100 { throw DomainError.invalid("Idempotency-Key") }
        let input = try await JSONCoding.decode(ReceiptInput.self, from: request, limit: settings.maxBodyBytes)
        let (dossier, created) = try await service.receive(input, by: officer, idempotencyKey: key.map { "officer:\(officer.id):\($0)" })
        let view = try await view(dossier, for: officer, withHistory: false)
        return try JSONCoding.response(
            view, status: created ? .created : .ok,
            headers: [.location: Routes.apiDossier.link(dossier.code)])
    }

    @Sendable func one(_ request: Request, _ context: OfficerContext) async throws -> Response {
        let officer = context.officer
        let dossier = try await service.visibleDossier(code: try context.parameter("code"), to: officer)
        return try JSONCoding.response(try await view(dossier, for: officer, withHistory: true))
    }

    @Sendable func transition(_ request: Request, _ context: OfficerContext) async throws -> Response {
        let officer = context.officer
        let body = try await JSONCoding.decode(TransitionRequest.self, from: request, limit: settings.maxBodyBytes)
        let dossier = try await service.transition(code: try context.parameter("code"), body, by: officer)
        return try JSONCoding.response(try await view(dossier, for: officer, withHistory: true))
    }

    @Sendable func queue(_ request: Request, _ context: OfficerContext) async throws -> Response {
        let officer = context.officer
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
        let page = try await service.queue(
            for: officer, workflow: workflow, procedureCode: q.get("procedure"),
            state: q.get("state"), overdueOnly: overdue, cursor: q.get("cursor"), limit: limit)
        let items = page.items.map { DossierView(dossier: $0, status: StateView($0.state, workflow), events: nil, actions: nil) }
        return try JSONCoding.response(ItemsView(items: items, nextCursor: page.nextCursor))
    }

    @Sendable func tracking(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let progress = try await service.progress(code: try context.parameter("code"))
        let view = try await Self.trackingView(progress, catalogue: catalogue, agencies: agencies)
        return Response(
            status: .ok, headers: [.contentType: "application/json; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(string: view.json)))
    }

    func view(_ dossier: Dossier, for officer: Officer, withHistory: Bool) async throws -> DossierView {
        let workflow = try await catalogue.workflow(code: dossier.workflowCode)
        let actions = workflow.map { DossierRules.availableTransitions(for: dossier, workflow: $0, actor: officer).map(ActionView.init) }
        return DossierView(
            dossier: dossier, status: StateView(dossier.state, workflow),
            events: withHistory ? try await dossiers.events(dossierId: dossier.id) : nil, actions: actions,
            dueDateProvisional: try await dueDateProvisional(dossier))
    }

    /// Whether the dossier's due date counts across a provisional calendar year (nil without a due date).
    func dueDateProvisional(_ dossier: Dossier) async throws -> Bool? {
        guard let due = dossier.dueDate, let received = dossier.receivedAt else { return nil }
        guard let calendar = try await calendars.calendar(code: try await calendars.defaultCalendarCode()) else { return nil }
        let start = LocalDate.local(received, utcOffsetSeconds: calendar.utcOffsetSeconds).0
        return !calendar.provisionalYears(from: start, through: due).isEmpty
    }

    /// The public view of a dossier's progress.
    static func trackingView(_ p: DossierProgress, catalogue: any CatalogueRepository, agencies: any AgencyRepository) async throws
        -> TrackingView
    {
        let workflow = try await catalogue.workflow(code: p.workflowCode)
        let procedure = try await catalogue.procedure(code: p.procedureCode)
        var steps: [TrackingView.Step] = []
        var agencyNames: [String: String] = [:]
        for step in p.steps {
            let transition = workflow?.transition(step.action)
            if agencyNames[step.agencyId] == nil { agencyNames[step.agencyId] = try await agencies.agency(id: step.agencyId)?.name ?? "" }
            steps.append(
                .init(
                    actionCode: step.action, action: transition?.name, actionEn: transition?.nameEn,
                    status: StateView(step.toState, workflow), at: step.occurredAt,
                    agency: agencyNames[step.agencyId] ?? "", deadline: step.stepDeadline, timeliness: step.stepTimeliness))
        }
        return TrackingView(
            code: p.code, procedureCode: p.procedureCode, procedureName: procedure?.name ?? p.procedureCode,
            procedureNameEn: procedure?.nameEn ?? procedure?.name ?? p.procedureCode,
            status: StateView(p.state, workflow), receivedAt: p.receivedAt, dueDate: p.dueDate,
            finishedAt: p.finishedAt, outcome: p.outcome, steps: steps)
    }
}
