import Domain
import Foundation
import Hummingbird

/// The citizen following their dossiers: the list, one dossier with its steps and result, the
/// online payment and its return, the rating.
struct MyDossierController: Sendable {
    let portal: PortalService
    let catalogue: any CatalogueRepository
    let agencies: any AgencyRepository
    let documents: any DocumentRepository
    let results: any ResultRepository
    let ratings: any RatingRepository
    let pages: PageRenderer
    let settings: WebSettings

    var strings: Strings { pages.strings }

    func addRoutes(to groups: RouteGroups) {
        groups.citizens.on(Routes.myDossiers, .get, myDossiers)
        groups.citizens.on(Routes.myDossier, .get, myDossier)
        groups.citizens.on(Routes.myDossierPayment, .post, pay)
        groups.open.on(Routes.myDossierPaymentReturn, .get, paymentReturn)
        groups.citizens.on(Routes.myDossierRating, .post, rate)
    }

    // MARK: following

    @Sendable func myDossiers(_ request: Request, _ context: CitizenRequestContext) async throws -> Response {
        let english = context.language == .en
        let form = request.formQuery
        let filter: MyDossierFilter
        do {
            filter = try MyDossierFilter(text: form["q"], standing: form["status"])
        } catch let error as DomainError {
            var page = MyDossiersPage([], filter: .empty, query: form["q"] ?? "", strings: strings, context: context)
            page.error = pages.message(error, context)
            return try pages.render(page, context: context, status: .badRequest)
        }
        var rows: [MyDossiersPage.Row] = []
        for d in try await portal.dossiers(of: context.citizen) {
            let p = try await catalogue.procedure(code: d.procedureCode)
            let w = try await catalogue.workflow(code: d.workflowCode)
            let pay = try await portal.awaitsPayment(d)
            let supplement = try await portal.awaitsSupplement(d)
            guard filter.matches(d, procedureName: (english ? p?.nameEn : p?.name) ?? "", waiting: pay || supplement) else { continue }
            rows.append(
                MyDossiersPage.Row(
                    code: d.code, link: Routes.myDossier.link(d.code), procedure: (english ? p?.nameEn : p?.name) ?? d.procedureCode,
                    state: (english ? w?.state(d.state)?.nameEn : w?.state(d.state)?.name) ?? d.state,
                    dueDate: d.dueDate.map(Format.day), submittedAt: Format.instant(d.submittedAt),
                    needsAction: pay, needsSupplement: supplement))
        }
        let page = MyDossiersPage(rows, filter: filter, query: form["q"] ?? "", strings: strings, context: context)
        return try pages.render(page, context: context)
    }

    @Sendable func myDossier(_ request: Request, _ context: CitizenRequestContext) async throws -> Response {
        let d = try await portal.dossier(code: try context.parameter("code"), of: context.citizen)
        let q = request.uri.queryParameters
        return try await page(
            d, context, submitted: q.get("submitted") == "1", payment: q.get("payment"), supplemented: q.get("supplemented") == "1")
    }

    /// The page of the citizen's dossier `d`, with the notices of what just happened; a refused supplement
    /// answer shows `supplementError` in its form, answered with `status`.
    func page(
        _ d: Dossier, _ context: CitizenRequestContext, submitted: Bool = false, payment: String? = nil, supplemented: Bool = false,
        supplementError: String? = nil, status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let english = context.language == .en
        let procedure = try await catalogue.procedure(code: d.procedureCode)
        let workflow = try await catalogue.workflow(code: d.workflowCode)
        let progress = try await portal.dossierService.progress(code: d.code)
        let milestones = MilestoneView.of(progress, workflow: workflow, strings: strings, language: context.language)
        let docs = try await documents.dossierDocuments(dossierId: d.id).map { link, doc in
            MyDossierPage.Document(
                requirement: link.supplementRound.map { strings.text("my_dossier_supplement_round", context.language) + " \($0)" }
                    ?? procedure.flatMap {
                        english ? $0.documents[safe: link.requirement]?.nameEn : $0.documents[safe: link.requirement]?.name
                    },
                fileName: doc.fileName, link: Routes.document.link(String(doc.id)), reused: link.reused)
        }
        var page = MyDossierPage(
            d, procedure: (english ? procedure?.nameEn : procedure?.name) ?? d.procedureCode,
            state: (english ? workflow?.state(d.state)?.nameEn : workflow?.state(d.state)?.name) ?? d.state,
            milestones: milestones, documents: docs, submitted: submitted)
        if try await portal.awaitsPayment(d) {
            page.payment = .init(
                amount: Format.money(d.feeAmount), action: portal.paysOnline ? Routes.myDossierPayment.link(d.code) : nil)
        }
        page.supplement = try await supplementView(d, context, error: supplementError)
        page.supplemented = supplemented
        switch payment {
        case "ok": page.paymentOk = true
        case "failed": page.paymentFailed = true
        case "confirming": page.paymentConfirming = true
        default: break
        }
        if let result = try await results.result(dossierId: d.id), let signature = result.signature {
            page.result = .init(
                link: Routes.document.link(String(result.documentId)), signedAt: Format.instant(signature.signedAt),
                verify: Routes.verify.link() + "?code=\(d.code)", revoked: result.revokedAt != nil)
        }
        if d.outcome == .returned {
            if let rating = try await ratings.rating(dossierId: d.id) {
                page.rated = strings.text("rating_\(rating.score.rawValue)", context.language)
            } else {
                page.rate = .init(action: Routes.myDossierRating.link(d.code))
            }
        }
        return try pages.render(page, context: context, status: status)
    }

    /// The supplement request `d` waits on, with the answer form; nil when it waits for none.
    func supplementView(_ d: Dossier, _ context: CitizenRequestContext, error: String?) async throws -> MyDossierPage.SupplementAsked? {
        guard let asked = try await portal.supplementRequest(of: d) else { return nil }
        var agency: Agency?
        if let id = asked.agencyId { agency = try await agencies.agency(id: id) }
        let store = try await documents.documents(citizenId: context.citizen.id).map { SubmissionPage.option($0, picked: nil) }
        return .init(
            reason: asked.reason, askedAt: Format.instant(asked.requestedAt),
            agency: (context.language == .en ? agency?.nameEn : agency?.name) ?? "",
            action: Routes.myDossierSupplement.link(d.code), key: Tokens.random(), store: store, hasStore: !store.isEmpty,
            maxMB: settings.maxUploadBytes / (1 << 20), error: error)
    }

    // MARK: payment and rating

    @Sendable func pay(_ request: Request, _ context: CitizenRequestContext) async throws -> Response {
        let code = try context.parameter("code")
        let url = try await portal.startPayment(
            code: code, by: context.citizen, returnURL: Routes.myDossierPaymentReturn.link(code),
            notifyURL: settings.origin + Routes.apiSandboxCallback.link(), payerAddress: context.clientAddress)
        return .redirect(to: url, type: .normal)
    }

    @Sendable func paymentReturn(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let code = try context.parameter("code")
        // Decoded as a form (`+` is a space), as the gateway encoded what it signed.
        let parameters = VNPayMessage.parseQuery(request.uri.query ?? "")
        let outcome = try await portal.receiveReturn(parameters, address: context.clientAddress)
        let shown = ["paid": "ok", "confirming": "confirming", "failed": "failed"][outcome.rawValue] ?? "failed"
        return .redirect(to: Routes.myDossier.link(code) + "?payment=" + shown, type: .normal)
    }

    @Sendable func rate(_ request: Request, _ context: CitizenRequestContext) async throws -> Response {
        let code = try context.parameter("code")
        let form = try await FormData.read(request, limit: settings.maxBodyBytes)
        guard let score = form["score"].flatMap(RatingScore.init(rawValue:)) else { throw DomainError.invalid("score") }
        try await portal.rate(code: code, by: context.citizen, score: score, comment: form["comment"])
        return .redirect(to: Routes.myDossier.link(code), type: .normal)
    }
}
