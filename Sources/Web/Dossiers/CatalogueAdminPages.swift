import Domain
import Hummingbird

/// The administrators' pages of the procedure catalogue: the list (search and filters) and a procedure's
/// edit page. Every change goes through `CatalogueService`, as the catalogue's API does: validated,
/// audited in the same transaction, and served at once on every instance.
struct CatalogueAdminPages: Sendable {
    let catalogue: any CatalogueRepository
    let service: CatalogueService
    let agencies: any AgencyRepository
    let pages: PageRenderer
    let strings: Strings
    let settings: WebSettings
    /// The list's finder, kept while the catalogue is unchanged.
    let finders = ProcedureFinderCache()

    /// The flash messages of the edit page after a change.
    static let doneMessages: Set<String> = ["saved", "unchanged"]

    func addRoutes(to groups: RouteGroups) {
        groups.administrators.on(Routes.adminProcedures, .get, list)
        groups.administrators.on(Routes.adminProcedure, .get) { request, context in
            let procedure = try await procedure(context)
            var page = try await editPage(procedure, CatalogueEditForm.fields(of: procedure), context)
            page.done = request.uri.queryParameters.get("done").flatMap {
                Self.doneMessages.contains($0) ? strings.text("admin_catalogue_done_\($0)", context.language) : nil
            }
            return try pages.render(page, context: context)
        }
        groups.administrators.on(Routes.adminProcedure, .post, save)
    }

    @Sendable func list(_ request: Request, _ context: AdminContext) async throws -> Response {
        let all = try await catalogue.allProcedures()
        let language = context.language
        let english = language == .en
        let fields = try await catalogue.fields()
        let names = try await PortalViews.agencyNames(all, agencies: agencies, strings: strings, language: language)
        let search = try ProcedureSearch.read(request.formQuery, fields: fields, agencies: names, guide: try await catalogue.serviceGuide())
        let found = search.run(finders.finder(all))
        let f = search.filter
        let page = CatalogueAdminListPage(
            action: Routes.adminProcedures.link(), query: f.text,
            fields: fields.map { .init(value: $0.code, label: english ? $0.nameEn : $0.name, selected: $0.code == f.field) },
            agencies: names.sorted { $0.value < $1.value }.map { .init(value: $0.key, label: $0.value, selected: $0.key == f.agency) },
            onlineLevels: OnlineLevel.allCases.map {
                .init(value: $0.rawValue, label: strings.text("portal_online_\($0.rawValue)", language), selected: $0 == f.onlineLevel)
            },
            procedures: found.map { p in
                .init(
                    code: p.code, name: english ? p.nameEn : p.name, link: Routes.adminProcedure.link(p.code),
                    agency: names[p.competentAgency] ?? p.competentAgency, timeLimit: p.timeLimit.label(english: english),
                    fees: p.fees.isEmpty
                        ? Format.fee(0, english: english) : p.fees.map { Format.fee($0.amount, english: english) }.joined(separator: " · "),
                    online: strings.text("portal_online_\(p.onlineLevel.rawValue)", language))
            },
            count: PortalViews.procedureCount(found.count, strings: strings, language: language))
        return try pages.render(page, context: context)
    }

    /// Saves the form through the service and redirects to the page with a flash message, or re-renders
    /// the form with the values sent and the refusal.
    @Sendable func save(_ request: Request, _ context: AdminContext) async throws -> Response {
        let form = try await FormData.read(request, limit: settings.maxBodyBytes)
        let procedure = try await procedure(context)
        do {
            let edit = try CatalogueEditForm.edit(form, of: procedure)
            let changed = try await service.updateProcedure(
                code: procedure.code, edit: edit, by: AuditActor(context.officer, address: context.clientAddress))
            return .redirect(to: Routes.adminProcedure.link(procedure.code) + "?done=\(changed ? "saved" : "unchanged")", type: .normal)
        } catch let error as DomainError where error.kind == .invalid {
            var page = try await editPage(procedure, form.fields.filter { $0.key != "_csrf" }, context)
            page.error = pages.message(error, context)
            return try pages.render(page, context: context, status: .badRequest)
        }
    }

    private func procedure(_ context: AdminContext) async throws -> Procedure {
        guard let found = try await catalogue.procedure(code: try context.parameter("code")) else {
            throw DomainError.notFound("procedure.notFound")
        }
        return found
    }

    /// The edit page of `p` showing the form values `f` (the stored ones, or those of a refused attempt).
    private func editPage(_ p: Procedure, _ f: [String: String], _ context: AdminContext) async throws -> CatalogueAdminPage {
        let language = context.language
        func choices<T: RawRepresentable & CaseIterable>(_ all: T.Type, _ selected: String?, _ prefix: String) -> [CatalogueAdminPage
            .Choice]
        where T.RawValue == String {
            T.allCases.map {
                .init(value: $0.rawValue, label: strings.text(prefix + $0.rawValue, language), selected: $0.rawValue == selected)
            }
        }
        func rows(_ prefix: String) -> Int {
            (0..<CatalogueEditForm.maxRows).last { f["\(prefix)_\($0)_name"] != nil }.map { $0 + 1 } ?? 0
        }
        let feeCount = rows("fee")
        let fees = (0...feeCount).map { i -> CatalogueAdminPage.FeeRow in
            let v = { (name: String) in f["fee_\(i)_\(name)"] ?? "" }
            let kept = Int(v("from")).flatMap { p.fees.indices.contains($0) ? p.fees[$0] : nil }
            return .init(
                index: i, number: i + 1, name: v("name"), nameEn: v("nameEn"), amount: v("amount"), note: v("note"), basis: v("basis"),
                from: v("from"), pers: choices(FeeBasis.self, v("per").isEmpty ? nil : v("per"), "admin_catalogue_per_"),
                exemptions: kept?.exemptions.map(\.basis) ?? [], isNew: v("from").isEmpty)
        }
        let documentCount = max(rows("doc"), p.documents.count)
        let documents = (0...documentCount).map { i -> CatalogueAdminPage.DocumentRow in
            let v = { (name: String) in f["doc_\(i)_\(name)"] ?? "" }
            return .init(
                index: i, number: i + 1, name: v("name"), nameEn: v("nameEn"), originals: v("originals"), copies: v("copies"),
                conditional: v("conditional") == "on", electronic: v("electronic") == "on", isNew: i >= p.documents.count)
        }
        return CatalogueAdminPage(
            back: Routes.adminProcedures.link(), action: Routes.adminProcedure.link(p.code), portalLink: Routes.procedure.link(p.code),
            code: p.code, name: language == .en ? p.nameEn : p.name, fees: fees, limitValue: f["limitValue"] ?? "",
            limitBasis: f["limitBasis"] ?? "", units: choices(TimeLimitUnit.self, f["limitUnit"], "admin_catalogue_unit_"),
            onlineLevels: choices(OnlineLevel.self, f["onlineLevel"], "portal_online_"), levelBasis: f["levelBasis"] ?? "",
            onlineOnly: f["onlineOnly"] == "on", onlineOnlySince: f["onlineOnlySince"] ?? "",
            onlineOnlyBasis: f["onlineOnlyBasis"] ?? "", documents: documents)
    }
}
