import Domain
import Foundation
import Hummingbird

/// The citizen portal's catalogue and submission pages: find a procedure, submit it online
/// (declared once, documents reused) or save it as a draft.
struct PortalPagesController: Sendable {
    let portal: PortalService
    let catalogue: any CatalogueRepository
    let agencies: any AgencyRepository
    let documents: any DocumentRepository
    let uploads: UploadPolicy
    let pages: PageRenderer
    let settings: WebSettings
    let clock: Clock
    /// The procedure list's finder, kept while the catalogue is unchanged.
    let finders = ProcedureFinderCache()

    var strings: Strings { pages.strings }

    func addRoutes(to groups: RouteGroups) {
        groups.open.on(Routes.procedures, .get, procedureList)
        groups.open.on(Routes.procedure, .get, procedurePage)
        groups.citizens.on(Routes.submission, .get) { _, context in
            try await submissionForm(try context.parameter("code"), context, draft: nil, error: nil, status: .ok)
        }
        groups.citizens.on(Routes.submission, .post, submit)
    }

    // MARK: catalogue

    @Sendable func procedureList(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        // The catalogue, its fields, the agencies and the guide are all cached in the process.
        let all = try await catalogue.allProcedures()
        let inputs = ProcedureListInputs(
            finder: finders.finder(all), fields: try await catalogue.fields(),
            agencies: try await PortalViews.agencyNames(all, agencies: agencies, strings: strings, language: context.language),
            guide: try await catalogue.serviceGuide())
        let search = try ProcedureSearch.read(request.formQuery, fields: inputs.fields, agencies: inputs.agencies, guide: inputs.guide)
        let page = ProceduresPage(search, found: search.run(inputs.finder), inputs, strings: strings, language: context.language)
        return try pages.render(page, context: context)
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
        return try pages.render(ProcedurePage(p, field: field, agency: agency, english: english), context: context)
    }

    // MARK: submission

    func submissionForm(
        _ code: String, _ context: CitizenRequestContext, draft given: SubmissionDraft?, error: String?,
        status: HTTPResponse.Status, saved: Bool = false, missing: [Int] = []
    ) async throws -> Response {
        let citizen = context.citizen
        guard let p = try await catalogue.procedure(code: code) else { throw DomainError.notFound("procedure.notFound") }
        var draft: SubmissionDraft
        if let given {
            draft = given
        } else if let stored = try await portal.draft(of: citizen, procedureCode: code) {
            draft = stored
        } else {
            draft = SubmissionDraft(
                applicant: citizen.applicant, communeCode: citizen.profile.unitCode, note: nil, documents: [:],
                submissionKey: Tokens.random(), updatedAt: clock.now())
        }
        draft = draft.filled(from: citizen)
        let page = SubmissionPage(
            p, draft: draft, store: try await documents.documents(citizenId: citizen.id),
            communes: try await PortalViews.communes(agencies, selected: draft.communeCode), english: context.language == .en,
            maxMB: settings.maxUploadBytes / (1 << 20), error: error, saved: saved, missing: missing)
        return try pages.render(page, context: context, status: status)
    }

    @Sendable func submit(_ request: Request, _ context: CitizenRequestContext) async throws -> Response {
        let citizen = context.citizen
        let code = try context.parameter("code")
        guard let procedure = try await catalogue.procedure(code: code) else { throw DomainError.notFound("procedure.notFound") }
        let form = try await MultipartForm.read(request, settings: settings, files: procedure.documents.count)
        let f = form.fields
        var draft = SubmissionDraft(
            applicant: Applicant(
                fullName: f["fullName"] ?? "", idNumber: f["idNumber"] ?? "", phone: f["phone"].map(CitizenProfile.normalisedPhone) ?? "",
                email: f["email"]?.lowercased(), address: f["address"] ?? "", unitCode: citizen.profile.unitCode),
            communeCode: procedure.level == .commune ? f["communeCode"] : nil, note: f["note"], documents: [:],
            submissionKey: f["submissionKey"] ?? Tokens.random(), updatedAt: clock.now())
        if let copies = f["copies"], !copies.isEmpty { draft.feeAnswers = FeeAnswers(copies: Int(copies) ?? -1) }
        if f["intent"] != "save", let done = try await portal.submitted(with: draft.submissionKey, by: citizen) {
            return .redirect(to: Routes.myDossier.link(done.code) + "?submitted=1", type: .normal)
        }
        do {
            try draft.feeAnswers?.validate(today: LocalDate.local(clock.now(), utcOffsetSeconds: Format.offset).date)
            // Files chosen now join the citizen's store first, so nothing is uploaded twice even
            // when the submission itself is refused.
            var uploadedNow = Set<Int>()
            // Every file checked (type, size, the citizen's quota) before the first is stored.
            let files = procedure.documents.indices.compactMap { form.file("file-\($0)") }
            for file in files { _ = try uploads.check(file) }
            try await uploads.checkQuota(files, citizenId: citizen.id)
            for (index, requirement) in procedure.documents.enumerated() {
                if let file = form.file("file-\(index)") {
                    let stored = try await uploads.store(file, title: requirement.name, citizenId: citizen.id, now: clock.now())
                    draft.documents[String(index)] = stored.id
                    uploadedNow.insert(index)
                } else if let picked = f["doc-\(index)"].flatMap(Int64.init) {
                    draft.documents[String(index)] = picked
                }
            }
            if f["intent"] == "save" {
                try await portal.saveDraft(draft, of: citizen, procedureCode: code)
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
            // The form comes back with what was sent; a draft is kept only when the citizen asks ("Lưu nháp").
            // Missing documents come back as a summary linking each to its upload field.
            let missing = (error.args["requirements"] ?? "").split(separator: ",").compactMap { Int($0) }
            let message = missing.isEmpty ? pages.message(error, context) : pages.strings.text("submission_missing", context.language)
            return try await submissionForm(
                code, context, draft: draft, error: message, status: error.kind.status, missing: missing)
        }
    }
}

extension Array {
    subscript(safe index: Int) -> Element? { indices.contains(index) ? self[index] : nil }
}
