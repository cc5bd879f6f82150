import Domain
import Foundation
import Hummingbird

/// The officers' work dossiers: open one per task, file the agency's documents in it, close it.
/// Officers of other agencies get "not found".
struct WorkDossiersController: Sendable {
    let service: WorkDossierService
    let documents: OfficialDocumentService
    let views: OfficialDocumentViews
    let pages: PageRenderer
    let settings: WebSettings

    func addRoutes(to groups: RouteGroups) {
        let officers = groups.officers
        officers.on(Routes.workDossiers, .get) { _, context in try await list(context, error: nil) }
        officers.on(Routes.workDossiers, .post, open)
        officers.on(Routes.workDossier, .get) { _, context in try await detail(context, error: nil) }
        officers.on(Routes.workDossierDocuments, .post) { request, context in
            try await act(request, context) { id, f in
                guard let document = f["documentId"].flatMap(Int64.init) else {
                    throw DomainError.invalid("documentId", "workDossier.badDocument")
                }
                try await service.add(id, documentId: document, by: context.officer, from: context.clientAddress)
            }
        }
        officers.on(Routes.workDossierClose, .post) { request, context in
            try await act(request, context) { id, f in
                guard let version = f["expectedVersion"].flatMap(Int.init) else { throw DomainError.invalid("expectedVersion") }
                _ = try await service.close(id, expectedVersion: version, by: context.officer, from: context.clientAddress)
            }
        }
    }

    func status(_ d: WorkDossier, _ language: Language) -> String {
        let key = d.closedAt == nil ? "wd_status_open" : d.fullyOnline == true ? "wd_status_online" : "wd_status_closed"
        return views.strings.text(key, language)
    }

    func list(_ context: OfficerContext, error: String?, status: HTTPResponse.Status = .ok) async throws -> Response {
        let lines = try await service.list(for: context.officer).map {
            WorkDossiersPage.Line(
                link: Routes.workDossier.link(String($0.id)), title: $0.title, status: self.status($0, context.language),
                count: $0.documentIds.count)
        }
        let page = WorkDossiersPage(
            canOpen: (try? WorkDossierService.checkOfficer(context.officer)) != nil, action: Routes.workDossiers.link(), dossiers: lines,
            none: lines.isEmpty, error: error)
        return try pages.render(page, context: context, status: status)
    }

    @Sendable func open(_ request: Request, _ context: OfficerContext) async throws -> Response {
        let f = try await FormData.read(request, limit: settings.maxBodyBytes)
        do {
            let d = try await service.open(title: f["title"] ?? "", by: context.officer, from: context.clientAddress)
            return .redirect(to: Routes.workDossier.link(String(d.id)), type: .normal)
        } catch let error as DomainError where error.kind == .invalid && !request.wantsJSON {
            return try await list(context, error: pages.message(error, context), status: error.kind.status)
        }
    }

    func id(_ context: OfficerContext) throws -> Int64 {
        guard let id = Int64(try context.parameter("id")) else { throw DomainError.notFound("workDossier.notFound") }
        return id
    }

    /// Runs a form and goes back to the dossier; a refused one shows the page with its message.
    func act(_ request: Request, _ context: OfficerContext, _ step: (Int64, FormData) async throws -> Void) async throws -> Response {
        let id = try id(context)
        let f = try await FormData.read(request, limit: settings.maxBodyBytes)
        do {
            try await step(id, f)
            return .redirect(to: Routes.workDossier.link(String(id)), type: .normal)
        } catch let error as DomainError where [.invalid, .conflict].contains(error.kind) && !request.wantsJSON {
            return try await detail(context, error: pages.message(error, context), status: error.kind.status)
        }
    }

    func detail(_ context: OfficerContext, error: String?, status: HTTPResponse.Status = .ok) async throws -> Response {
        let officer = context.officer
        let language = context.language
        let d = try await service.dossier(try id(context), for: officer)
        var filed: [WorkDossierPage.Document] = []
        for documentId in d.documentIds {
            guard let doc = try? await documents.document(documentId, for: officer) else { continue }
            filed.append(
                .init(
                    link: Routes.officialDocument.link(String(doc.id)), numberSymbol: doc.details.numberSymbol,
                    summary: doc.details.summary,
                    status: views.strings.text(
                        doc.direction == .outgoing ? "out_status_issued" : "doc_status_\(doc.status.rawValue)", language)))
        }
        let open = d.closedAt == nil && (try? WorkDossierService.checkOfficer(officer)) != nil
        var choices: [DocumentOption] = []
        if open {
            let year = try await documents.today().year
            var candidates = try await documents.assigned(to: officer)
            for direction in RegisterDirection.allCases {
                candidates += try await documents.entries(direction: direction, year: year, search: nil, for: officer)
            }
            var seen = Set(d.documentIds)
            for c in candidates where seen.insert(c.id).inserted {
                choices.append(
                    DocumentOption(
                        value: String(c.id), name: "\(c.details.numberSymbol) · \(c.details.summary.prefix(80))", selected: false))
            }
        }
        let idText = String(d.id)
        let page = WorkDossierPage(
            title: d.title, status: self.status(d, language), openedBy: d.openedBy, openedAt: Format.instant(d.openedAt),
            closedBy: d.closedBy, closedAt: d.closedAt.map(Format.instant), documents: filed, hasDocuments: !filed.isEmpty,
            choices: choices, canAdd: open && !choices.isEmpty, addAction: Routes.workDossierDocuments.link(idText),
            canClose: open && !d.documentIds.isEmpty, closeAction: Routes.workDossierClose.link(idText),
            listLink: Routes.workDossiers.link(), version: d.version, error: error)
        return try pages.render(page, context: context, status: status)
    }
}
