import Domain
import Foundation
import Hummingbird

/// The officers' pages of incoming documents: the clerk registers one with its scan, the leader
/// assigns it (bút phê) to a lead unit and coordinating units, the lead unit closes it.
struct OfficialDocumentPagesController: Sendable {
    let service: OfficialDocumentService
    let views: OfficialDocumentViews
    let uploads: UploadPolicy
    let access: AccessAudit
    let pages: PageRenderer
    let settings: WebSettings
    let clock: Clock
    /// Outgoing documents, for the replies to an incoming document (none when the module is off).
    var outgoing: OutgoingDocumentService?

    func addRoutes(to groups: RouteGroups) {
        let officers = groups.officers
        officers.on(Routes.officialDocuments, .get, home)
        officers.on(Routes.officialDocumentNew, .get) { _, context in
            try OfficialDocumentRules.checkRegister(by: context.officer)
            return try await form(context, values: [:], error: nil)
        }
        officers.on(Routes.officialDocumentNew, .post, register)
        officers.on(Routes.officialDocument, .get) { request, context in
            try await detail(try context.parameter("id"), context, created: request.formQuery["new"] == "1", error: nil)
        }
        officers.on(Routes.officialDocumentAssign, .post, assign)
        officers.on(Routes.officialDocumentClose, .post, close)
        officers.on(Routes.officialDocumentFile, .get, file)
    }

    @Sendable func home(_ request: Request, _ context: OfficerContext) async throws -> Response {
        let officer = context.officer
        let today = try await service.today()
        var awaiting: [DocumentLine] = []
        for d in try await service.awaitingAssignment(by: officer) {
            awaiting.append(try await views.line(d, today: today, language: context.language))
        }
        var assigned: [DocumentLine] = []
        for d in try await service.assigned(to: officer) {
            assigned.append(try await views.line(d, today: today, language: context.language))
        }
        let registers = try await service.registers(for: officer).map {
            DocumentsHomePage.Register(
                label: views.registerTitle($0.direction, year: $0.year, context.language),
                link: Routes.documentRegister.link(OfficialDocumentViews.segment($0.direction), String($0.year)), count: $0.count)
        }
        let page = DocumentsHomePage(
            canRegister: officer.roles.contains(.clerk), newLink: Routes.officialDocumentNew.link(),
            currentRegister: Routes.documentRegister.link("den", String(today.year)), registers: registers,
            canAssign: officer.roles.contains(.leader), awaiting: awaiting, noneAwaiting: awaiting.isEmpty, assigned: assigned,
            noneAssigned: assigned.isEmpty)
        return try pages.render(page, context: context)
    }

    func form(_ context: OfficerContext, values: [String: String], error: String?, status: HTTPResponse.Status = .ok) async throws
        -> Response
    {
        var v = values
        if v["documentDate"] == nil { v["documentDate"] = try await service.today().iso }
        if v["submissionKey"] == nil { v["submissionKey"] = Tokens.random() }
        let page = DocumentFormPage(
            values: v, types: views.typeOptions(selected: v["typeCode"] ?? "CV", context.language),
            urgencies: views.options(DocumentUrgency.self, prefix: "doc_urgency_", selected: v["urgency"], context.language),
            confidentialities: views.options(
                DocumentConfidentiality.self, prefix: "doc_confidentiality_", selected: v["confidentiality"], context.language),
            action: Routes.officialDocumentNew.link(), error: error)
        return try pages.render(page, context: context, status: status)
    }

    @Sendable func register(_ request: Request, _ context: OfficerContext) async throws -> Response {
        let officer = context.officer
        try OfficialDocumentRules.checkRegister(by: officer)
        let form = try await MultipartForm.read(request, settings: settings, files: 1)
        let f = form.fields
        let key = f["submissionKey"]
        if let key {
            guard Tokens.wellFormed(key) else { throw DomainError.invalid("submissionKey") }
            if let done = try await service.registered(submissionKey: key, by: officer) {
                return .redirect(to: Routes.officialDocument.link(String(done.id)) + "?new=1", type: .normal)
            }
        }
        do {
            let details = try OfficialDocumentForm.details(f)
            try await service.check(details, by: officer)
            var files: [Int64] = []
            if let scan = form.file(OfficialDocumentForm.scanField) {
                _ = try uploads.check(scan, allowed: [.pdf, .jpeg, .png], wrongType: "officialDocument.scanType")
                files.append(try await uploads.store(scan, title: details.numberSymbol, citizenId: nil, now: clock.now()).id)
            }
            let stored = try await service.registerIncoming(
                details, attachments: files, submissionKey: key, by: officer, from: context.clientAddress)
            return .redirect(to: Routes.officialDocument.link(String(stored.id)) + "?new=1", type: .normal)
        } catch let error as DomainError where error.kind != .forbidden && !request.wantsJSON {
            return try await self.form(context, values: f.fields, error: pages.message(error, context), status: error.kind.status)
        }
    }

    func detail(_ idText: String, _ context: OfficerContext, created: Bool, error: String?, status: HTTPResponse.Status = .ok)
        async throws -> Response
    {
        let officer = context.officer
        guard let id = Int64(idText) else { throw DomainError.notFound("officialDocument.notFound") }
        let d = try await service.document(id, for: officer)
        let language = context.language
        let today = try await service.today()
        let canAssign = (try? OfficialDocumentRules.checkAssign(d, by: officer)) != nil
        let canClose = (try? OfficialDocumentRules.checkClose(d, by: officer)) != nil
        var units: [DocumentOption] = []
        var coordinatingUnits: [DocumentOption] = []
        if canAssign {
            let choices = try await service.assignableUnits(for: d)
            let lead = d.assignment?.leadAgencyId
            let co = Set(d.assignment?.coordinatingAgencyIds ?? [])
            units = choices.map { .init(value: $0.id, name: language == .en ? $0.nameEn : $0.name, selected: $0.id == lead) }
            coordinatingUnits = choices.map {
                .init(value: $0.id, name: language == .en ? $0.nameEn : $0.name, selected: co.contains($0.id))
            }
        }
        var coordinating: [String] = []
        for a in d.assignment?.coordinatingAgencyIds ?? [] { coordinating.append(try await views.agencyName(a, language)) }
        let files = d.attachments.enumerated().map {
            DocumentPage.File(link: Routes.officialDocumentFile.link(String(d.id), String($0.element)), name: "\($0.offset + 1)")
        }
        var page = DocumentPage(
            line: try await views.line(d, today: today, language: language), recipients: d.details.recipients,
            registeredBy: d.registeredBy,
            registerLink: Routes.documentRegister.link(OfficialDocumentViews.segment(d.direction), String(d.year)),
            files: files, hasFiles: !files.isEmpty, instruction: d.assignment?.instruction, coordinating: coordinating,
            hasCoordinating: !coordinating.isEmpty, assignedBy: d.assignment?.assignedBy,
            handlingNote: d.handling?.note, handledBy: d.handling?.handledBy, handledAt: d.handling.map { Format.instant($0.handledAt) },
            canAssign: canAssign, units: units, coordinatingUnits: coordinatingUnits,
            assignAction: Routes.officialDocumentAssign.link(idText), canClose: canClose,
            closeAction: Routes.officialDocumentClose.link(idText), version: d.version, created: created, error: error)
        page.replies = try await replies(d, context)
        return try pages.render(page, context: context, status: status)
    }

    @Sendable func assign(_ request: Request, _ context: OfficerContext) async throws -> Response {
        let idText = try context.parameter("id")
        guard let id = Int64(idText) else { throw DomainError.notFound("officialDocument.notFound") }
        let f = try await FormData.read(request, limit: settings.maxBodyBytes)
        do {
            guard let version = f["expectedVersion"].flatMap(Int.init) else { throw DomainError.invalid("expectedVersion") }
            guard let days = f["workingDays"].flatMap(Int.init) else {
                throw DomainError.invalid("workingDays", "officialDocument.badDeadline")
            }
            _ = try await service.assign(
                id, expectedVersion: version, lead: f["leadAgencyId"] ?? "", coordinating: OfficialDocumentForm.coordinating(f),
                instruction: f["instruction"] ?? "", workingDays: days, by: context.officer, from: context.clientAddress)
            return .redirect(to: Routes.officialDocument.link(idText), type: .normal)
        } catch let error as DomainError where [.invalid, .conflict].contains(error.kind) && !request.wantsJSON {
            return try await detail(idText, context, created: false, error: pages.message(error, context), status: error.kind.status)
        }
    }

    @Sendable func close(_ request: Request, _ context: OfficerContext) async throws -> Response {
        let idText = try context.parameter("id")
        guard let id = Int64(idText) else { throw DomainError.notFound("officialDocument.notFound") }
        let f = try await FormData.read(request, limit: settings.maxBodyBytes)
        do {
            guard let version = f["expectedVersion"].flatMap(Int.init) else { throw DomainError.invalid("expectedVersion") }
            _ = try await service.close(
                id, expectedVersion: version, note: f["note"] ?? "", by: context.officer, from: context.clientAddress)
            return .redirect(to: Routes.officialDocument.link(idText), type: .normal)
        } catch let error as DomainError where [.invalid, .conflict].contains(error.kind) && !request.wantsJSON {
            return try await detail(idText, context, created: false, error: pages.message(error, context), status: error.kind.status)
        }
    }

    /// A scan of a document the officer's agency may see; "not found" otherwise. Each download is audited.
    @Sendable func file(_ request: Request, _ context: OfficerContext) async throws -> Response {
        guard let id = Int64(try context.parameter("id")), let fileId = Int64(try context.parameter("file")) else {
            throw DomainError.notFound("officialDocument.notFound")
        }
        let d = try await service.document(id, for: context.officer)
        guard d.attachments.contains(fileId), let stored = try await uploads.documents.document(id: fileId),
            let body = try await uploads.blobs.body(stored.sha256)
        else { throw DomainError.notFound("officialDocument.notFound") }
        try await access.downloaded(documentId: fileId, by: context.officer.username, address: context.clientAddress)
        let ascii = stored.fileName.unicodeScalars.map { $0.isASCII && $0 != "\"" ? String($0) : "_" }.joined()
        return Response(
            status: .ok,
            headers: [
                .contentType: stored.mediaType.rawValue, .contentDisposition: "inline; filename=\"\(ascii)\"",
                .cacheControl: "private, no-store",
            ], body: body)
    }
}
