import Domain
import Foundation
import Hummingbird

/// The officer workspace: login, the queue, the counter receipt form, the dossier page with its
/// actions, and the printable receipt and control slip.
struct OfficerPagesController: Sendable {
    let service: DossierService
    let sessions: OfficerSessions
    let catalogue: any CatalogueRepository
    let agencies: any AgencyRepository
    let views: DossierPageViews
    let pages: PageRenderer
    let settings: WebSettings
    let clock: Clock

    var strings: Strings { pages.strings }

    func addRoutes(to groups: RouteGroups) {
        groups.open.on(Routes.login, .get) { _, context in try pages.render(LoginPage(), context: context) }
        groups.open.on(Routes.login, .post, login)
        groups.open.on(Routes.logout, .post, logout)
        groups.officers.on(Routes.queue, .get, queue)
        groups.counter.on(Routes.receiptForm, .get) { request, context in
            // `?procedureCode=` opens the form on a procedure (the assisted form when it is online-only).
            let chosen = request.uri.queryParameters.get("procedureCode").map { ["procedureCode": $0] } ?? [:]
            return try await receiptForm(context, values: chosen, error: nil)
        }
        groups.counter.on(Routes.receiptForm, .post, receive)
        groups.officers.on(Routes.dossier, .get) { _, context in try await dossierPage(try context.parameter("code"), context, error: nil) }
        groups.officers.on(Routes.dossierTransition, .post, transition)
        groups.officers.on(Routes.receiptSlip, .get) { request, context in
            let facts = try await facts(context)
            let base = settings.publicBaseURL ?? "http://" + (request.head.authority ?? "localhost")
            let address = base + Routes.tracking.link() + "?code=" + facts.code
            let qr = QRCode(address)?.svg(label: pages.strings.text("receipt_qr", context.language))
            return try pages.render(ReceiptSlipPage(facts: facts, trackingAddress: address, trackingQR: qr), context: context)
        }
        groups.officers.on(Routes.controlSlip, .get) { _, context in
            try pages.render(ControlSlipPage(facts: try await facts(context)), context: context)
        }
        groups.officers.on(Routes.dossierSlip, .get, slip)
        groups.officers.on(Routes.trackingBook, .get, trackingBook)
        groups.officers.on(Routes.trackingBookCSV, .get, trackingBookCSV)
        groups.open.on(Routes.receiveScript, .get) { request, _ in StaticAsset.receiveScript.response(request) }
    }

    // MARK: login

    @Sendable func login(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let form = try await FormData.read(request, limit: settings.maxBodyBytes)
        do {
            let (token, outcome, _) = try await sessions.login(
                username: form["username"] ?? "", password: form.fields["password"] ?? "",
                client: context.clientAddress)
            return OfficerLoginCookies.answer(outcome, token: token, request: request, settings: settings)
        } catch let error as DomainError {
            return try pages.render(
                LoginPage(error: message(error, context), username: form["username"] ?? ""), context: context,
                status: error.kind.status)
        }
    }

    @Sendable func logout(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        try await sessions.logout(context)
        var response = Response.redirect(to: Routes.login.link(), type: .normal)
        response.setCookie(Cookie(name: SessionMiddleware.sessionCookie, value: "", maxAge: 0, path: "/", httpOnly: true, sameSite: .lax))
        return response
    }

    // MARK: queue

    @Sendable func queue(_ request: Request, _ context: OfficerContext) async throws -> Response {
        let q = request.uri.queryParameters
        guard let workflow = try await catalogue.workflow(code: "ONE_STOP_DEFAULT") else { throw DomainError.notFound("workflow.notFound") }
        let state = q.get("state").flatMap { $0.isEmpty ? nil : $0 }
        if let state, workflow.state(state) == nil { throw DomainError.invalid("state") }
        let overdue = q.get("overdue") == "1"
        let page = try await service.queue(
            for: context.officer, workflow: workflow, state: state, overdueOnly: overdue, cursor: q.get("cursor"))
        let calendar = try await service.defaultCalendar()
        let today = LocalDate.local(clock.now(), utcOffsetSeconds: calendar.utcOffsetSeconds).date
        let english = context.language == .en
        var rows: [QueuePage.Row] = []
        let supplemented = try await service.freshlySupplemented(page.items)
        for d in page.items {
            let procedure = try await catalogue.procedure(code: d.procedureCode)
            let light = TrafficLight.of(d.stepDeadline ?? d.dueDate, today: today, calendar: calendar)
            rows.append(
                QueuePage.Row(
                    code: d.code, link: Routes.dossier.link(d.code),
                    procedure: (english ? procedure?.nameEn : procedure?.name) ?? d.procedureCode,
                    applicant: d.applicant.fullName,
                    state: english ? workflow.state(d.state)?.nameEn ?? d.state : workflow.state(d.state)?.name ?? d.state,
                    stepDeadline: Format.day(d.stepDeadline), dueDate: Format.day(d.dueDate),
                    light: light.rawValue, lightLabel: strings.text("light.\(light.rawValue)", context.language),
                    supplemented: supplemented.contains(d.id)))
        }
        let states = workflow.states.filter { !$0.isTerminal }.map {
            QueuePage.StateOption(code: $0.code, name: english ? $0.nameEn : $0.name, selected: $0.code == state)
        }
        var next: String?
        if let cursor = page.nextCursor {
            var query = "?cursor=\(cursor)"
            if let state { query += "&state=\(state)" }
            if overdue { query += "&overdue=1" }
            next = Routes.queue.link() + query
        }
        let flash = OfficerFlash.read(request, workflow: workflow, strings: strings, language: context.language)
        var response = try pages.render(
            QueuePage(rows: rows, empty: rows.isEmpty, states: states, overdue: overdue, next: next, flash: flash), context: context)
        if flash != nil { OfficerFlash.clear(&response, request: request, settings: settings) }
        return response
    }

    // MARK: receipt at the counter (paper; an online-only procedure answers with the assisted form)

    func receiptForm(_ context: ReceivingContext, values: [String: String], error: String?, status: HTTPResponse.Status = .ok)
        async throws -> Response
    {
        let english = context.language == .en
        let own = try await agencies.agency(id: context.officer.agencyId)
        let fields = Dictionary(
            try await catalogue.fields().map { ($0.code, english ? $0.nameEn : $0.name) }, uniquingKeysWith: { a, _ in a })
        let chosenProcedure = values["procedureCode"]
        let catalogued = try await catalogue.allProcedures()
        let procedures = catalogued.map { p in
            ReceivePage.Option(
                code: p.code,
                label: "\(fields[p.field] ?? p.field) · \(english ? p.nameEn : p.name) (\(p.timeLimit.label(english: english)))",
                selected: p.code == chosenProcedure)
        }
        let chosenCommune = values["communeCode"] ?? own?.unitCode
        let communes = try await agencies.units(tree: "2025", parentCode: "38").map {
            ReceivePage.Option(code: $0.code, name: $0.name, selected: $0.code == chosenCommune)
        }
        var page = ReceivePage(
            procedures: procedures, communes: communes, values: values, formKey: values["formKey"] ?? Tokens.random(),
            action: Routes.receiptForm.link(), error: error,
            checklists: CounterChecklist.groups(catalogued, chosen: chosenProcedure, values: values, english: english),
            script: StaticAsset.receiveScript.link(Routes.receiveScript))
        if let code = chosenProcedure, let procedure = try await catalogue.procedure(code: code) {
            let today = LocalDate.local(clock.now(), utcOffsetSeconds: Format.offset).date
            page.assisted = AssistedReceiptForm(procedure, on: today, english: english, maxMB: settings.maxUploadBytes / (1 << 20))
        }
        return try pages.render(page, context: context, status: status)
    }

    @Sendable func receive(_ request: Request, _ context: ReceivingContext) async throws -> Response {
        let officer = context.officer
        let form = try await FormData.read(request, limit: settings.maxBodyBytes)
        do {
            guard let key = form["formKey"], Tokens.wellFormed(key) else { throw DomainError.invalid("formKey") }
            let applicant = Applicant(
                fullName: form["fullName"] ?? "", idNumber: form["idNumber"] ?? "", phone: form["phone"] ?? "",
                email: form["email"], address: form["address"] ?? "", unitCode: form["communeCode"])
            let channel = Channel(rawValue: form["channel"] ?? "counter") ?? .counter
            let procedure = try await catalogue.procedure(code: form["procedureCode"] ?? "")
            let input = ReceiptInput(
                procedureCode: form["procedureCode"] ?? "", channel: channel == .online ? .counter : channel,
                applicant: applicant, communeCode: form["communeCode"], note: form["note"], feeAnswers: try Self.feeAnswers(form),
                components: try procedure.map { try CounterChecklist.components(form, procedure: $0) } ?? [])
            let (dossier, _) = try await service.receive(input, by: officer, idempotencyKey: "form:\(officer.id):\(key)")
            return Response.redirect(to: Routes.receiptSlip.link(dossier.code), type: .normal)
        } catch let error as DomainError where error.kind != .forbidden {
            return try await receiptForm(context, values: form.fields, error: message(error, context), status: error.kind.status)
        }
    }

    /// The counter form's answers that decide the fee: copies asked for, the event's day, an exempt group.
    static func feeAnswers(_ form: FormData) throws -> FeeAnswers {
        let copies = form["copies"].flatMap { $0.isEmpty ? nil : $0 }
        let day = form["eventDate"].flatMap { $0.isEmpty ? nil : $0 }
        guard let count = copies.map({ Int($0) }) ?? 0 else { throw DomainError.invalid("feeAnswers.copies", "fee.badCopies") }
        let eventDate = try day.map { text in
            guard let date = LocalDate(iso: text) else { throw DomainError.invalid("feeAnswers.eventDate", "fee.badEventDate") }
            return date
        }
        return FeeAnswers(copies: count, eventDate: eventDate, priorityGroup: form["priorityGroup"] == "yes")
    }

    // MARK: dossier page and transitions

    func dossierPage(_ code: String, _ context: OfficerContext, error: String?, status: HTTPResponse.Status = .ok) async throws
        -> Response
    {
        let d = try await service.visibleDossier(code: code, to: context.officer)
        let page = try await views.page(d, for: context.officer, language: context.language, error: error)
        return try pages.render(page, context: context, status: status)
    }

    @Sendable func transition(_ request: Request, _ context: OfficerContext) async throws -> Response {
        let code = try context.parameter("code")
        let form = try await FormData.read(request, limit: settings.maxBodyBytes)
        do {
            guard let action = form["action"] else { throw DomainError.invalid("action", "missingField") }
            guard let version = form["version"].flatMap(Int.init) else { throw DomainError.invalid("version") }
            var body = TransitionRequest(action: action, expectedVersion: version, note: form["note"])
            if let raw = form["assigneeId"] {
                guard let id = Int64(raw) else { throw DomainError.invalid("assigneeId") }
                body.assigneeId = id
            }
            body.targetAgencyId = form["targetAgencyId"]
            if let raw = form["newDueDate"] {
                guard let date = LocalDate(iso: raw) else { throw DomainError.invalid("newDueDate") }
                body.newDueDate = date
            }
            if let raw = form["amount"] {
                guard let amount = Int(raw) else { throw DomainError.invalid("amount") }
                body.amount = amount
            }
            _ = try await service.transition(code: code, body, by: context.officer)
            return OfficerFlash.redirect(action: action, code: code, request: request, settings: settings)
        } catch let error as DomainError where error.kind != .notFound {
            return try await dossierPage(code, context, error: message(error, context), status: error.kind.status)
        }
    }

    /// The facts of the dossier of the route, as the slips print them.
    func facts(_ context: OfficerContext) async throws -> DossierFacts {
        let d = try await service.visibleDossier(code: try context.parameter("code"), to: context.officer)
        return try await views.facts(d, language: context.language)
    }

    func message(_ error: DomainError, _ context: some WebContext) -> String { pages.message(error, context) }
}
