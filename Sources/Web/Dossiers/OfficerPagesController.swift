import Domain
import Foundation
import Hummingbird

/// The officer workspace: login, the queue, the counter receipt form, the dossier page with its
/// actions, and the printable receipt and control slip.
struct OfficerPagesController: Sendable {
    let service: DossierService
    let sessions: SessionService
    let catalogue: any CatalogueRepository
    let dossiers: any DossierRepository
    let agencies: any AgencyRepository
    let documents: any DocumentRepository
    let results: any ResultRepository
    let pages: PageRenderer
    let settings: WebSettings

    var strings: Strings { pages.strings }

    func addRoutes(to router: Router<AppRequestContext>) {
        router.on(Routes.login, .get) { _, context in try pages.render("login", [:], context: context) }
        router.on(Routes.login, .post, login)
        router.on(Routes.logout, .post, logout)
        router.on(Routes.queue, .get, queue)
        router.on(Routes.receiptForm, .get) { request, context in try await receiptForm(context, values: [:], error: nil) }
        router.on(Routes.receiptForm, .post, receive)
        router.on(Routes.dossier, .get) { _, context in try await dossierPage(try context.parameter("code"), context, error: nil) }
        router.on(Routes.dossierTransition, .post, transition)
        router.on(Routes.receiptSlip, .get) { _, context in try await slip("receipt-slip", context) }
        router.on(Routes.controlSlip, .get) { _, context in try await slip("control-slip", context) }
    }

    // MARK: login

    @Sendable func login(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let form = try await FormData.read(request, limit: settings.maxBodyBytes)
        do {
            let (token, _, _) = try await sessions.login(
                username: form["username"] ?? "", password: form.fields["password"] ?? "",
                client: context.clientAddress)
            var response = Response.redirect(to: Routes.queue.link(), type: .normal)
            let secure = settings.secureCookies || request.headers[.init("X-Forwarded-Proto")!] == "https"
            response.setCookie(
                Cookie(
                    name: SessionMiddleware.sessionCookie, value: token, maxAge: settings.sessionHours * 3600,
                    path: "/", secure: secure, httpOnly: true, sameSite: .lax))
            return response
        } catch let error as DomainError {
            return try pages.render(
                "login", ["error": message(error, context), "username": form["username"] ?? ""],
                context: context, status: error.kind.status)
        }
    }

    @Sendable func logout(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        try await sessions.logout(context)
        var response = Response.redirect(to: Routes.login.link(), type: .normal)
        response.setCookie(Cookie(name: SessionMiddleware.sessionCookie, value: "", maxAge: 0, path: "/", httpOnly: true, sameSite: .lax))
        return response
    }

    // MARK: queue

    @Sendable func queue(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let officer = try context.requireOfficer()
        let q = request.uri.queryParameters
        guard let workflow = try await catalogue.workflow(code: "ONE_STOP_DEFAULT") else { throw DomainError.notFound("workflow.notFound") }
        let state = q.get("state").flatMap { $0.isEmpty ? nil : $0 }
        if let state, workflow.state(state) == nil { throw DomainError.invalid("state") }
        let overdue = q.get("overdue") == "1"
        let page = try await service.queue(for: officer, workflow: workflow, state: state, overdueOnly: overdue, cursor: q.get("cursor"))
        let calendar = try await service.defaultCalendar()
        let today = LocalDate.local(Date(), utcOffsetSeconds: calendar.utcOffsetSeconds).date
        let english = context.language == .en
        var rows: [[String: Any]] = []
        for d in page.items {
            let procedure = try await catalogue.procedure(code: d.procedureCode)
            let light = TrafficLight.of(d.stepDeadline ?? d.dueDate, today: today, calendar: calendar)
            rows.append([
                "code": d.code, "link": Routes.dossier.link(d.code),
                "procedure": (english ? procedure?.nameEn : procedure?.name) ?? d.procedureCode,
                "applicant": d.applicant.fullName,
                "state": english ? workflow.state(d.state)?.nameEn ?? d.state : workflow.state(d.state)?.name ?? d.state,
                "stepDeadline": Format.day(d.stepDeadline), "dueDate": Format.day(d.dueDate),
                "light": light.rawValue, "lightLabel": strings.text("light.\(light.rawValue)", context.language),
            ])
        }
        let states: [[String: Any]] = workflow.states.filter { !$0.isTerminal }.map {
            ["code": $0.code, "name": english ? $0.nameEn : $0.name, "selected": $0.code == state]
        }
        var next: String?
        if let cursor = page.nextCursor {
            var query = "?cursor=\(cursor)"
            if let state { query += "&state=\(state)" }
            if overdue { query += "&overdue=1" }
            next = Routes.queue.link() + query
        }
        return try pages.render(
            "queue",
            [
                "rows": rows, "empty": rows.isEmpty, "states": states, "overdue": overdue,
                "next": next as Any,
            ], context: context)
    }

    // MARK: receipt at the counter

    func receiptForm(_ context: AppRequestContext, values: [String: String], error: String?, status: HTTPResponse.Status = .ok) async throws
        -> Response
    {
        let officer = try context.requireOfficer(role: .receiving)
        let english = context.language == .en
        let own = try await agencies.agency(id: officer.agencyId)
        let fields = Dictionary(
            try await catalogue.fields().map { ($0.code, english ? $0.nameEn : $0.name) }, uniquingKeysWith: { a, _ in a })
        let chosenProcedure = values["procedureCode"]
        let procedures: [[String: Any]] = try await catalogue.allProcedures().map { p in
            [
                "code": p.code,
                "label":
                    "\(fields[p.field] ?? p.field) · \(english ? p.nameEn : p.name) (\(p.processingDays) \(strings.text("unit_days", context.language)))",
                "selected": p.code == chosenProcedure,
            ]
        }
        let chosenCommune = values["communeCode"] ?? own?.unitCode
        let communes: [[String: Any]] = try await agencies.units(tree: "2025", parentCode: "38").map {
            ["code": $0.code, "name": $0.name, "selected": $0.code == chosenCommune]
        }
        var data: [String: Any] = [
            "procedures": procedures, "communes": communes, "values": values,
            "formKey": values["formKey"] ?? Tokens.random(), "action": Routes.receiptForm.link(),
        ]
        if let error { data["error"] = error }
        return try pages.render("receive", data, context: context, status: status)
    }

    @Sendable func receive(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let officer = try context.requireOfficer(role: .receiving)
        let form = try await FormData.read(request, limit: settings.maxBodyBytes)
        do {
            guard let key = form["formKey"], Tokens.wellFormed(key) else { throw DomainError.invalid("formKey") }
            let applicant = Applicant(
                fullName: form["fullName"] ?? "", idNumber: form["idNumber"] ?? "", phone: form["phone"] ?? "",
                email: form["email"], address: form["address"] ?? "", unitCode: form["communeCode"])
            let channel = Channel(rawValue: form["channel"] ?? "counter") ?? .counter
            let input = ReceiptInput(
                procedureCode: form["procedureCode"] ?? "", channel: channel == .online ? .counter : channel,
                applicant: applicant, communeCode: form["communeCode"], note: form["note"])
            let (dossier, _) = try await service.receive(input, by: officer, idempotencyKey: "form:\(officer.id):\(key)")
            return Response.redirect(to: Routes.receiptSlip.link(dossier.code), type: .normal)
        } catch let error as DomainError where error.kind != .forbidden {
            return try await receiptForm(context, values: form.fields, error: message(error, context), status: error.kind.status)
        }
    }

    // MARK: dossier page and transitions

    func dossierPage(_ code: String, _ context: AppRequestContext, error: String?, status: HTTPResponse.Status = .ok) async throws
        -> Response
    {
        let officer = try context.requireOfficer()
        let d = try await service.visibleDossier(code: code, to: officer)
        var data = try await dossierData(d, context)
        guard let workflow = try await catalogue.workflow(code: d.workflowCode) else { throw DomainError.notFound("workflow.notFound") }
        let english = context.language == .en
        let specialists = try await agencies.officers(agencyId: d.handlingAgencyId).filter { $0.roles.contains(.specialist) && $0.active }
        let targets = try await agencies.agencies(kind: nil).filter {
            $0.id != d.handlingAgencyId && $0.kind != .communeOneStop && $0.kind != .serviceCentre
        }
        let available = DossierRules.availableTransitions(for: d, workflow: workflow, actor: officer)
        data["hasActions"] = !available.isEmpty
        let forms = available.map { t -> [String: Any] in
            var a: [String: Any] = [
                "action": t.action, "name": english ? t.nameEn : t.name, "requiresNote": t.requiresNote,
                "formAction": Routes.dossierTransition.link(d.code), "version": d.version,
            ]
            switch t.effect {
            case .assign:
                a["needsAssignee"] = true
                a["assignees"] = specialists.map { ["id": $0.id, "name": $0.fullName] }
            case .transfer:
                a["needsTarget"] = true
                a["targets"] = targets.map { ["id": $0.id, "name": english ? $0.nameEn : $0.name] }
            case .apologize: a["needsDate"] = true
            case .requestPayment:
                a["needsAmount"] = true
                a["amount"] = d.feeAmount
            default: break
            }
            return a
        }
        // Main actions first; side paths (apology, stop, withdrawal...) folded away.
        data["actions"] = zip(available, forms).filter { $0.0.queues }.map(\.1)
        data["sideActions"] = zip(available, forms).filter { !$0.0.queues }.map(\.1)
        data["hasSideActions"] = available.contains { !$0.queues }
        let procedure = try await catalogue.procedure(code: d.procedureCode)
        data["documents"] = try await documents.dossierDocuments(dossierId: d.id).map { link, doc -> [String: Any] in
            let requirement = procedure?.documents[safe: link.requirement]
            return [
                "requirement": (english ? requirement?.nameEn : requirement?.name) ?? "", "fileName": doc.fileName,
                "link": Routes.document.link(String(doc.id)), "reused": link.reused,
            ]
        }
        let result = try await results.result(dossierId: d.id)
        if let result {
            let revocable =
                result.signature != nil && result.revokedAt == nil && officer.roles.contains(.leader)
                && d.handlingAgencyId == officer.agencyId
            data["result"] = [
                "link": Routes.document.link(String(result.documentId)), "signed": result.signature != nil,
                "signedAt": result.signature.map { Format.instant($0.signedAt) } as Any, "sha256": result.sha256,
                "revoked": result.revokedAt != nil,
                "revoke": revocable ? Routes.dossierResultRevocation.link(d.code) : nil as String?,
            ]
        }
        if result?.signature == nil && d.outcome == nil && d.handlingAgencyId == officer.agencyId
            && !officer.roles.isDisjoint(with: [.specialist, .leader])
        {
            data["attachResult"] = Routes.dossierResult.link(d.code)
        }
        if let error { data["error"] = error }
        return try pages.render("dossier", data, context: context, status: status)
    }

    @Sendable func transition(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let officer = try context.requireOfficer()
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
            _ = try await service.transition(code: code, body, by: officer)
            return Response.redirect(to: Routes.dossier.link(code), type: .normal)
        } catch let error as DomainError where error.kind != .notFound {
            return try await dossierPage(code, context, error: message(error, context), status: error.kind.status)
        }
    }

    func slip(_ template: String, _ context: AppRequestContext) async throws -> Response {
        let officer = try context.requireOfficer()
        let d = try await service.visibleDossier(code: try context.parameter("code"), to: officer)
        return try pages.render(template, try await dossierData(d, context), context: context)
    }

    /// What the dossier page and both slips show.
    func dossierData(_ d: Dossier, _ context: AppRequestContext) async throws -> [String: Any] {
        let english = context.language == .en
        let workflow = try await catalogue.workflow(code: d.workflowCode)
        let procedure = try await catalogue.procedure(code: d.procedureCode)
        func agencyName(_ id: String?) async throws -> String {
            guard let id, let a = try await agencies.agency(id: id) else { return id ?? "" }
            return english ? a.nameEn : a.name
        }
        func stateName(_ code: String?) -> String {
            guard let code, let s = workflow?.state(code) else { return code ?? "" }
            return english ? s.nameEn : s.name
        }
        var history: [[String: Any]] = []
        let events = try await dossiers.events(dossierId: d.id)
        for e in events {
            history.append([
                "sequence": e.sequence, "at": Format.instant(e.occurredAt),
                "action": workflow?.transition(e.action).map { english ? $0.nameEn : $0.name }
                    ?? strings.text("action.\(e.action)", context.language),
                "from": stateName(e.fromState), "to": stateName(e.toState), "actor": e.actorName,
                "role": e.actorRole.map { strings.text("role.\($0.rawValue)", context.language) } ?? "",
                "agency": try await agencyName(e.agencyId), "note": e.note ?? "",
                "deadline": Format.day(e.stepDeadline), "nextDeadline": Format.day(e.nextDeadline),
                "timeliness": e.stepTimeliness.map { strings.text("timeliness.\($0.rawValue)", context.language) } as Any,
                "timelinessCode": e.stepTimeliness?.rawValue ?? "",
            ])
        }
        let documents: [[String: Any]] = (procedure?.documents ?? []).map {
            ["name": english ? $0.nameEn : $0.name, "originals": $0.originals, "copies": $0.copies]
        }
        return [
            "code": d.code, "version": d.version, "state": stateName(d.state), "procedureCode": d.procedureCode,
            "procedure": (english ? procedure?.nameEn : procedure?.name) ?? d.procedureCode,
            "processingDays": procedure?.processingDays ?? 0, "documents": documents,
            "channel": strings.text("channel.\(d.channel.rawValue)", context.language),
            "applicant": [
                "fullName": d.applicant.fullName, "idNumber": d.applicant.idNumber, "phone": d.applicant.phone,
                "email": d.applicant.email ?? "", "address": d.applicant.address,
            ],
            "receivingAgency": try await agencyName(d.receivingAgencyId), "handlingAgency": try await agencyName(d.handlingAgencyId),
            "submittedAt": Format.instant(d.submittedAt), "receivedAt": Format.instant(d.receivedAt),
            "dueDate": Format.day(d.dueDate), "legalDueDate": Format.day(d.legalDueDate), "stepDeadline": Format.day(d.stepDeadline),
            "apologized": d.apologized, "supplementCount": d.supplementCount, "fee": Format.money(d.feeAmount),
            "paid": d.paidAt != nil, "finishedAt": d.finishedAt.map(Format.instant) as Any,
            "timeliness": d.timeliness.map { strings.text("timeliness.\($0.rawValue)", context.language) } as Any,
            "history": history, "receivedBy": events.first?.actorName as Any,
            "dossierLinks": [
                "dossier": Routes.dossier.link(d.code), "receipt": Routes.receiptSlip.link(d.code),
                "controlSlip": Routes.controlSlip.link(d.code), "queue": Routes.queue.link(),
                "tracking": Routes.tracking.link() + "?code=\(d.code)",
            ] as [String: String],
            "today": Format.day(LocalDate.local(Date(), utcOffsetSeconds: Format.offset).date),
        ]
    }

    func message(_ error: DomainError, _ context: AppRequestContext) -> String { pages.message(error, context) }
}
