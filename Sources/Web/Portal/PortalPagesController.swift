import Domain
import Foundation
import Hummingbird

/// The citizen portal's pages: find a procedure, submit it online (declared once, documents
/// reused), follow one's dossiers, pay, get the result, rate the service.
struct PortalPagesController: Sendable {
    let portal: PortalService
    let catalogue: any CatalogueRepository
    let agencies: any AgencyRepository
    let dossiers: any DossierRepository
    let documents: any DocumentRepository
    let drafts: any DraftRepository
    let results: any ResultRepository
    let ratings: any RatingRepository
    let uploads: UploadPolicy
    let pages: PageRenderer
    let settings: WebSettings

    var strings: Strings { pages.strings }

    func addRoutes(to router: Router<AppRequestContext>) {
        router.on(Routes.procedures, .get, procedureList)
        router.on(Routes.procedure, .get, procedurePage)
        router.on(Routes.submission, .get) { _, context in
            try await submissionForm(try context.parameter("code"), context, draft: nil, error: nil, status: .ok)
        }
        router.on(Routes.submission, .post, submit)
        router.on(Routes.myDossiers, .get, myDossiers)
        router.on(Routes.myDossier, .get, myDossier)
        router.on(Routes.myDossierPayment, .post, pay)
        router.on(Routes.myDossierPaymentReturn, .get, paymentReturn)
        router.on(Routes.myDossierRating, .post, rate)
    }

    /// Sends a visitor who is not logged in to the login page, coming back here afterwards.
    static func loginRedirect(_ request: Request) -> Response {
        .redirect(
            to: Routes.citizenLogin.link() + "?next="
                + (request.uri.path.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""),
            type: .normal)
    }

    // MARK: catalogue

    @Sendable func procedureList(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let text = String((request.formQuery["q"] ?? "").prefix(200))
        let english = context.language == .en
        let found = try await catalogue.search(ProcedureQuery(text: text, limit: 100))
        return try pages.render(
            "procedures",
            [
                "q": text, "procedures": found.map { PortalViews.procedureRow($0, english: english) },
                "none": found.isEmpty,
            ], context: context)
    }

    @Sendable func procedurePage(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let code = try context.parameter("code")
        guard let p = try await catalogue.procedure(code: code) else { throw DomainError.notFound("procedure.notFound") }
        let english = context.language == .en
        let field = try await catalogue.fields().first { $0.code == p.field }
        let agency: String
        switch p.competentAgency {
        case "communeCommittee": agency = strings.text("portal_agency_commune", context.language)
        case "communePolice": agency = strings.text("portal_agency_police", context.language)
        default:
            let a = try await agencies.agency(shortCode: p.competentAgency)
            agency = (english ? a?.nameEn : a?.name) ?? p.competentAgency
        }
        return try pages.render(
            "procedure",
            [
                "code": p.code, "name": english ? p.nameEn : p.name, "field": (english ? field?.nameEn : field?.name) ?? p.field,
                "days": p.processingDays, "agency": agency, "result": english ? p.resultEn : p.result,
                "online": p.onlineLevel == .full, "submitLink": Routes.submission.link(p.code),
                "documents": p.documents.map { d in
                    [
                        "name": english ? d.nameEn : d.name, "originals": d.originals, "copies": d.copies, "conditional": d.conditional,
                        "form": d.form as Any,
                    ] as [String: Any]
                },
                "fees": p.fees.map {
                    ["name": english ? $0.nameEn : $0.name, "amount": Format.money($0.amount), "note": $0.note as Any] as [String: Any]
                },
                "hasFees": !p.fees.isEmpty, "legalBasis": p.legalBasis,
            ], context: context)
    }

    // MARK: submission

    func submissionForm(
        _ code: String, _ context: AppRequestContext, draft given: SubmissionDraft?, error: String?,
        status: HTTPResponse.Status, saved: Bool = false
    ) async throws -> Response {
        guard let citizen = context.citizen else {
            return .redirect(to: Routes.citizenLogin.link() + "?next=" + Routes.submission.link(code), type: .normal)
        }
        guard let p = try await catalogue.procedure(code: code) else { throw DomainError.notFound("procedure.notFound") }
        guard p.onlineLevel == .full else { throw DomainError(.invalid, "portal.notOnline") }
        let english = context.language == .en
        var draft: SubmissionDraft
        if let given {
            draft = given
        } else if let stored = try await drafts.draft(citizenId: citizen.id, procedureCode: code) {
            draft = stored
        } else {
            draft = SubmissionDraft(
                applicant: citizen.applicant, communeCode: citizen.profile.unitCode, note: nil, documents: [:],
                submissionKey: Tokens.random(), updatedAt: Date())
        }
        let store = try await documents.documents(citizenId: citizen.id)
        let requirements: [[String: Any]] = p.documents.enumerated().map { index, d in
            let picked = draft.documents[String(index)]
            return [
                "index": index, "name": english ? d.nameEn : d.name, "conditional": d.conditional,
                "options": store.map { doc in
                    [
                        "id": doc.id,
                        "label":
                            "\(doc.title.prefix(60)) · \(doc.fileName) (\(Format.day(LocalDate.local(doc.createdAt, utcOffsetSeconds: Format.offset).date)))",
                        "selected": doc.id == picked, "isResult": doc.kind == .result,
                    ] as [String: Any]
                },
                "hasOptions": !store.isEmpty,
            ]
        }
        let a = draft.applicant
        return try pages.render(
            "submission",
            [
                "code": p.code, "name": english ? p.nameEn : p.name, "action": Routes.submission.link(p.code),
                "commune": p.level == .commune, "communes": try await PortalViews.communes(agencies, selected: draft.communeCode),
                "values": [
                    "fullName": a.fullName, "idNumber": a.idNumber, "phone": a.phone, "email": a.email ?? "", "address": a.address,
                    "note": draft.note ?? "",
                ],
                "requirements": requirements.filter { $0["conditional"] as? Bool != true },
                "conditionalRequirements": requirements.filter { $0["conditional"] as? Bool == true },
                "hasConditional": p.documents.contains { $0.conditional },
                "submissionKey": draft.submissionKey, "fee": Format.money(p.totalFee),
                "maxMB": settings.maxUploadBytes / (1 << 20), "error": error as Any, "saved": saved,
            ], context: context, status: status)
    }

    @Sendable func submit(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        guard let citizen = context.citizen else { return Self.loginRedirect(request) }
        let code = try context.parameter("code")
        guard let procedure = try await catalogue.procedure(code: code) else { throw DomainError.notFound("procedure.notFound") }
        let form = try await MultipartForm.read(request, settings: settings)
        let f = form.fields
        var draft = SubmissionDraft(
            applicant: Applicant(
                fullName: f["fullName"] ?? "", idNumber: f["idNumber"] ?? "", phone: f["phone"].map(CitizenProfile.normalisedPhone) ?? "",
                email: f["email"]?.lowercased(), address: f["address"] ?? "", unitCode: citizen.profile.unitCode),
            communeCode: procedure.level == .commune ? f["communeCode"] : nil, note: f["note"], documents: [:],
            submissionKey: f["submissionKey"] ?? Tokens.random(), updatedAt: Date())
        if f["intent"] != "save", let done = try await portal.submitted(with: draft.submissionKey, by: citizen) {
            return .redirect(to: Routes.myDossier.link(done.code) + "?submitted=1", type: .normal)
        }
        do {
            // Files chosen now join the citizen's store first, so nothing is uploaded twice even
            // when the submission itself is refused.
            var uploadedNow = Set<Int>()
            for (index, requirement) in procedure.documents.enumerated() {
                if let file = form.file("file-\(index)") {
                    let stored = try await uploads.store(file, title: requirement.name, citizenId: citizen.id, now: Date())
                    draft.documents[String(index)] = stored.id
                    uploadedNow.insert(index)
                } else if let picked = f["doc-\(index)"].flatMap(Int64.init) {
                    draft.documents[String(index)] = picked
                }
            }
            if f["intent"] == "save" {
                try await drafts.save(draft, citizenId: citizen.id, procedureCode: code)
                return try await submissionForm(code, context, draft: draft, error: nil, status: .ok, saved: true)
            }
            // A document picked from the store (an earlier upload or result) is reused; one sent with this form is not.
            var submission = draft.submission(procedureCode: code)
            for i in submission.documents.indices {
                submission.documents[i].reused = !uploadedNow.contains(submission.documents[i].requirement)
            }
            let (dossier, _) = try await portal.submit(submission, by: citizen, submissionKey: draft.submissionKey)
            return .redirect(to: Routes.myDossier.link(dossier.code) + "?submitted=1", type: .normal)
        } catch let error as DomainError {
            if error.kind != .payloadTooLarge && error.kind != .unsupportedMediaType {
                try await drafts.save(draft, citizenId: citizen.id, procedureCode: code)
            }
            return try await submissionForm(code, context, draft: draft, error: pages.message(error, context), status: error.kind.status)
        }
    }

    // MARK: following

    @Sendable func myDossiers(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        guard let citizen = context.citizen else { return Self.loginRedirect(request) }
        let english = context.language == .en
        var rows: [[String: Any]] = []
        for d in try await portal.dossiers(of: citizen) {
            let p = try await catalogue.procedure(code: d.procedureCode)
            let w = try await catalogue.workflow(code: d.workflowCode)
            rows.append([
                "code": d.code, "link": Routes.myDossier.link(d.code), "procedure": (english ? p?.nameEn : p?.name) ?? d.procedureCode,
                "state": (english ? w?.state(d.state)?.nameEn : w?.state(d.state)?.name) ?? d.state,
                "dueDate": d.dueDate.map(Format.day) as Any, "submittedAt": Format.instant(d.submittedAt),
                "needsAction": try await portal.awaitsPayment(d),
            ])
        }
        return try pages.render(
            "my-dossiers", ["dossiers": rows, "none": rows.isEmpty, "proceduresLink": Routes.procedures.link()],
            context: context)
    }

    @Sendable func myDossier(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        guard let citizen = context.citizen else { return Self.loginRedirect(request) }
        let d = try await portal.dossier(code: try context.parameter("code"), of: citizen)
        let english = context.language == .en
        let q = request.uri.queryParameters
        let procedure = try await catalogue.procedure(code: d.procedureCode)
        let workflow = try await catalogue.workflow(code: d.workflowCode)
        let progress = try await portal.dossierService.progress(code: d.code)
        let tracking = try await DossierAPIController.trackingView(progress, catalogue: catalogue, agencies: agencies)
        let steps: [[String: Any]] = tracking.steps.map { s in
            [
                "action": (english ? s.actionEn : s.action) ?? strings.text("action.\(s.actionCode)", context.language),
                "state": english ? s.status.nameEn : s.status.name,
                "at": Format.instant(s.at), "agency": s.agency, "deadline": Format.day(s.deadline),
                "timeliness": s.timeliness.map { strings.text("timeliness.\($0.rawValue)", context.language) } as Any,
            ]
        }
        let docs: [[String: Any]] = try await documents.dossierDocuments(dossierId: d.id).map { link, doc in
            [
                "requirement": procedure.map {
                    english ? $0.documents[safe: link.requirement]?.nameEn : $0.documents[safe: link.requirement]?.name
                } as Any,
                "fileName": doc.fileName, "link": Routes.document.link(String(doc.id)), "reused": link.reused,
            ]
        }
        var data: [String: Any] = [
            "code": d.code, "procedure": (english ? procedure?.nameEn : procedure?.name) ?? d.procedureCode,
            "state": (english ? workflow?.state(d.state)?.nameEn : workflow?.state(d.state)?.name) ?? d.state,
            "submittedAt": Format.instant(d.submittedAt), "receivedAt": d.receivedAt.map(Format.instant) as Any,
            "dueDate": d.dueDate.map(Format.day) as Any,
            "steps": steps, "documents": docs, "submitted": q.get("submitted") == "1",
        ]
        if try await portal.awaitsPayment(d) {
            data["payment"] = ["amount": Format.money(d.feeAmount), "action": Routes.myDossierPayment.link(d.code)]
        }
        switch q.get("payment") {
        case "ok": data["paymentOk"] = true
        case "failed": data["paymentFailed"] = true
        default: break
        }
        if let result = try await results.result(dossierId: d.id), let signature = result.signature {
            data["result"] = [
                "link": Routes.document.link(String(result.documentId)), "signedAt": Format.instant(signature.signedAt),
                "verify": Routes.verify.link() + "?code=\(d.code)", "revoked": result.revokedAt != nil,
            ]
        }
        if d.outcome == .returned {
            if let rating = try await ratings.rating(dossierId: d.id) {
                data["rated"] = strings.text("rating_\(rating.score.rawValue)", context.language)
            } else {
                data["rate"] = ["action": Routes.myDossierRating.link(d.code)]
            }
        }
        return try pages.render("my-dossier", data, context: context)
    }

    // MARK: payment and rating

    @Sendable func pay(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        guard let citizen = context.citizen else { return Self.loginRedirect(request) }
        let code = try context.parameter("code")
        let origin = settings.origin(of: request)
        let url = try await portal.startPayment(
            code: code, by: citizen, returnURL: Routes.myDossierPaymentReturn.link(code),
            notifyURL: origin + Routes.apiSandboxCallback.link())
        return .redirect(to: url, type: .normal)
    }

    @Sendable func paymentReturn(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let code = try context.parameter("code")
        var parameters: [String: String] = [:]
        for (key, value) in request.uri.queryParameters { parameters[String(key)] = String(value) }
        let outcome = try await portal.receiveNotice(parameters)
        let ok = outcome == .settled || outcome == .alreadyPaid
        return .redirect(to: Routes.myDossier.link(code) + "?payment=" + (ok ? "ok" : "failed"), type: .normal)
    }

    @Sendable func rate(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        guard let citizen = context.citizen else { return Self.loginRedirect(request) }
        let code = try context.parameter("code")
        let form = try await FormData.read(request, limit: settings.maxBodyBytes)
        guard let score = form["score"].flatMap(RatingScore.init(rawValue:)) else { throw DomainError.invalid("score") }
        try await portal.rate(code: code, by: citizen, score: score, comment: form["comment"])
        return .redirect(to: Routes.myDossier.link(code), type: .normal)
    }
}

extension Array {
    subscript(safe index: Int) -> Element? { indices.contains(index) ? self[index] : nil }
}
