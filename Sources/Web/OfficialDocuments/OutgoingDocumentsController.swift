import Domain
import Foundation
import Hummingbird

/// The officers' pages of outgoing documents: a specialist drafts with the file to sign, the
/// agency's officers comment, the head of unit reviews, the signer signs and the signer or the
/// clerk issues. Officers of other agencies get "not found".
struct OutgoingDocumentsController: Sendable {
    let service: OutgoingDocumentService
    let views: OfficialDocumentViews
    let uploads: UploadPolicy
    let access: AccessAudit
    let pages: PageRenderer
    let settings: WebSettings
    let clock: Clock
    /// The exchange between systems, which sends to the outside recipients that are its peers (nil: none configured).
    var exchange: DocumentExchangeService? = nil

    func addRoutes(to groups: RouteGroups) {
        let officers = groups.officers
        officers.on(Routes.outgoingDocuments, .get, home)
        officers.on(Routes.outgoingNew, .get) { request, context in
            try OutgoingDocumentRules.checkDraft(by: context.officer)
            return try await form(context, fields: try await OutgoingReplyForm.fields(request, context, service: service), error: nil)
        }
        officers.on(Routes.outgoingNew, .post, create)
        officers.on(Routes.outgoingDocument, .get) { _, context in try await detail(context, error: nil) }
        officers.on(Routes.outgoingComment, .post) { request, context in
            try await act(request, context) { id, f in
                try await service.comment(id, text: f["comment"] ?? "", by: context.officer, from: context.clientAddress)
            }
        }
        officers.on(Routes.outgoingSubmit, .post) { request, context in
            try await act(request, context) { id, f in
                try await service.submit(id, expectedVersion: try version(f), by: context.officer, from: context.clientAddress)
            }
        }
        officers.on(Routes.outgoingReview, .post) { request, context in
            try await act(request, context) { id, f in
                guard let decision = f["decision"], ["approve", "return"].contains(decision) else { throw DomainError.invalid("decision") }
                try await service.review(
                    id, expectedVersion: try version(f), approve: decision == "approve", note: f["comment"] ?? "", by: context.officer,
                    from: context.clientAddress)
            }
        }
        officers.on(Routes.outgoingSign, .post) { request, context in
            try await act(request, context) { id, f in
                try await service.sign(id, expectedVersion: try version(f), by: context.officer, from: context.clientAddress)
            }
        }
        officers.on(Routes.outgoingIssue, .post) { request, context in
            try await act(request, context) { id, f in
                let issued = try await service.issue(id, expectedVersion: try version(f), by: context.officer, from: context.clientAddress)
                await sendByExchange(issued, context)
            }
        }
        officers.on(Routes.outgoingFile, .get, file)
        addExchangeRoutes(to: officers)
    }

    func version(_ f: FormData) throws -> Int {
        guard let version = f["expectedVersion"].flatMap(Int.init) else { throw DomainError.invalid("expectedVersion") }
        return version
    }

    func id(_ context: OfficerContext) throws -> Int64 {
        guard let id = Int64(try context.parameter("id")) else { throw DomainError.notFound("outgoing.notFound") }
        return id
    }

    @Sendable func home(_ request: Request, _ context: OfficerContext) async throws -> Response {
        let officer = context.officer
        let lists = try await service.worklist(for: officer)
        let shown: [OutgoingStatus] =
            officer.roles.contains(.leader)
            ? OutgoingStatus.allCases : officer.roles.contains(.clerk) ? [.signed, .issued] : [.drafting, .inReview, .issued]
        let steps = shown.map { status in
            let lines = (lists[status] ?? []).map { line($0, context.language) }
            return OutgoingHomePage.Step(
                id: "out-\(status.rawValue)", title: views.strings.text("out_step_\(status.rawValue)", context.language), lines: lines,
                none: lines.isEmpty)
        }
        let year = try await service.today().year
        let page = OutgoingHomePage(
            canDraft: !officer.roles.isDisjoint(with: [.specialist, .leader]), newLink: Routes.outgoingNew.link(),
            registerLink: Routes.documentRegister.link("di", String(year)), steps: steps)
        return try pages.render(page, context: context)
    }

    func line(_ d: OutgoingDocument, _ language: Language) -> OutgoingLine {
        OutgoingLine(
            link: Routes.outgoingDocument.link(String(d.id)), type: views.typeName(d.content.typeCode, language),
            summary: d.content.summary,
            status: views.strings.text("out_status_\(d.status.rawValue)", language), numberSymbol: d.numberSymbol, draftedBy: d.draftedBy)
    }

    func form(_ context: OfficerContext, fields f: FormData, error: String?, status: HTTPResponse.Status = .ok) async throws -> Response {
        let language = context.language
        let agencies = try await service.recipientAgencies(for: context.officer).filter { !Self.isCommune($0) }
        let page = OutgoingFormPage(
            summary: f["summary"] ?? "", others: f["others"] ?? "", people: f["people"] ?? "",
            types: views.typeOptions(selected: f["typeCode"] ?? "CV", language),
            urgencies: views.options(DocumentUrgency.self, prefix: "doc_urgency_", selected: f["urgency"], language),
            agencies: agencies.map {
                DocumentOption(value: $0.id, name: language == .en ? $0.nameEn : $0.name, selected: f["to-\($0.id)"] != nil)
            },
            action: Routes.outgoingNew.link(), error: error, replyTo: f[OutgoingReplyForm.field])
        return try pages.render(page, context: context, status: status)
    }

    /// Communes are addressed by identifier on the form's free lines, not ticked among hundreds.
    static func isCommune(_ agency: Agency) -> Bool { [.communeCommittee, .communeOneStop, .communePolice].contains(agency.kind) }

    @Sendable func create(_ request: Request, _ context: OfficerContext) async throws -> Response {
        let officer = context.officer
        try OutgoingDocumentRules.checkDraft(by: officer)
        let form = try await MultipartForm.read(request, settings: settings, files: 1)
        let f = form.fields
        do {
            let content = try OutgoingForm.content(f, agencies: try await service.recipientAgencies(for: officer))
            _ = try await service.check(content, by: officer)
            guard let part = form.file(OutgoingForm.fileField) else { throw DomainError.invalid("file", "outgoing.fileRequired") }
            _ = try uploads.check(part, allowed: [.pdf], wrongType: "outgoing.fileType")
            let file = try await uploads.store(part, title: content.summary, citizenId: nil, now: clock.now())
            let draft = try await service.draft(
                content, file: file, replyTo: try OutgoingReplyForm.replyTo(f), by: officer, from: context.clientAddress)
            return .redirect(to: Routes.outgoingDocument.link(String(draft.id)), type: .normal)
        } catch let error as DomainError where error.kind == .invalid && !request.wantsJSON {
            return try await self.form(context, fields: f, error: pages.message(error, context), status: error.kind.status)
        }
    }

    /// Runs a step's form and goes back to the document; a refused step shows the page with its message.
    func act(_ request: Request, _ context: OfficerContext, _ step: (Int64, FormData) async throws -> Void) async throws -> Response {
        let id = try id(context)
        let f = try await FormData.read(request, limit: settings.maxBodyBytes)
        do {
            try await step(id, f)
            return .redirect(to: Routes.outgoingDocument.link(String(id)), type: .normal)
        } catch let error as DomainError where [.invalid, .conflict].contains(error.kind) && !request.wantsJSON {
            return try await detail(context, error: pages.message(error, context), status: error.kind.status)
        }
    }

    func detail(_ context: OfficerContext, error: String?, status: HTTPResponse.Status = .ok) async throws -> Response {
        let officer = context.officer
        let d = try await service.document(try id(context), for: officer)
        let language = context.language
        let strings = views.strings
        let idText = String(d.id)
        func allowed(_ check: (OutgoingDocument, Officer) throws -> Void) -> Bool { (try? check(d, officer)) != nil }
        let page = OutgoingPage(
            id: d.id, type: views.typeName(d.content.typeCode, language), summary: d.content.summary,
            urgency: d.content.urgency == .normal ? nil : strings.text("doc_urgency_\(d.content.urgency.rawValue)", language),
            status: strings.text("out_status_\(d.status.rawValue)", language), draftedBy: d.draftedBy, reviewedBy: d.reviewedBy,
            signerName: d.signature?.signerName, signedAt: d.signature.map { Format.instant($0.signature.signedAt) },
            certificateSerial: d.signature?.signature.certificateSerial, sha256: d.sha256, numberSymbol: d.numberSymbol,
            registerLink: d.registerDocumentId.map { Routes.officialDocument.link(String($0)) },
            verifyLink: Routes.verify.link(), fileLink: Routes.outgoingFile.link(idText),
            recipients: try await recipientLines(d, officer, language),
            comments: d.comments.map { .init(author: $0.author, body: $0.body, at: Format.instant($0.at)) },
            hasComments: !d.comments.isEmpty,
            version: d.version, canComment: allowed(OutgoingDocumentRules.checkComment),
            canSubmit: allowed(OutgoingDocumentRules.checkSubmit),
            canReview: allowed(OutgoingDocumentRules.checkReview), canSign: allowed(OutgoingDocumentRules.checkSign),
            canIssue: allowed(OutgoingDocumentRules.checkIssue), commentAction: Routes.outgoingComment.link(idText),
            submitAction: Routes.outgoingSubmit.link(idText), reviewAction: Routes.outgoingReview.link(idText),
            signAction: Routes.outgoingSign.link(idText), issueAction: Routes.outgoingIssue.link(idText), error: error)
        return try pages.render(page, context: context, status: status)
    }

    /// The file of a document of the officer's agency; "not found" otherwise. Each download is audited.
    @Sendable func file(_ request: Request, _ context: OfficerContext) async throws -> Response {
        let d = try await service.document(try id(context), for: context.officer)
        guard let stored = try await uploads.documents.document(id: d.fileId), let body = try await uploads.blobs.body(stored.sha256) else {
            throw DomainError.notFound("outgoing.notFound")
        }
        try await access.downloaded(documentId: d.fileId, by: context.officer.username, address: context.clientAddress)
        return Response(
            status: .ok,
            headers: [
                .contentType: stored.mediaType.rawValue, .contentDisposition: "inline; filename=\"van-ban-di-\(d.id).pdf\"",
                .cacheControl: "private, no-store",
            ], body: body)
    }
}
