import Domain
import Hummingbird

/// The administrators' pages of field-report categories and their routing: the list with the form adding a category,
/// each category's form, and its routing rules (the agency that answers its reports in one commune, or anywhere).
/// Changes go through `FieldReportService` like the API's: validated, audited in the same transaction; a new report is
/// routed by the new rule at once (rules are read for every report; categories are cached and dropped on every instance).
struct ReportCategoryAdminPages: Sendable {
    let service: FieldReportService
    let reports: any FieldReportRepository
    let agencies: any AgencyRepository
    let pages: PageRenderer
    let strings: Strings
    let settings: WebSettings

    func addRoutes(to groups: RouteGroups) {
        groups.administrators.on(Routes.adminReportCategories, .get) { _, context in
            try pages.render(try await listPage(ReportCategoryFields(), form: nil, context), context: context)
        }
        groups.administrators.on(Routes.adminReportCategories, .post, add)
        groups.administrators.on(Routes.adminReportCategory, .get) { request, context in
            let category = try await category(context)
            var page = try await categoryPage(category, fields: ReportCategoryFields(category), form: nil, context)
            let done = request.uri.queryParameters.get("done")
            if done == "saved" || done == "routed" {
                page.done = strings.text("admin_report_category_done_\(done ?? "")", context.language)
            }
            return try pages.render(page, context: context)
        }
        groups.administrators.on(Routes.adminReportCategory, .post, save)
        groups.administrators.on(Routes.adminReportCategoryRoutes, .post, route)
    }

    @Sendable func add(_ request: Request, _ context: AdminContext) async throws -> Response {
        let form = try await FormData.read(request, limit: settings.maxBodyBytes)
        let fields = ReportCategoryFields(form)
        do {
            let category = try fields.category(
                responsible: form["responsible"] ?? "", provincialAgency: form["provincialAgency"] ?? "", base: nil)
            try category.validate()
            if try await service.categories().contains(where: { $0.code == category.code }) {
                throw DomainError(.conflict, "reportCategory.codeTaken", ["code": category.code])
            }
            try await service.saveCategory(category, by: AuditActor(context.officer, address: context.clientAddress))
            return .redirect(to: Routes.adminReportCategory.link(category.code) + "?done=saved", type: .normal)
        } catch let error as DomainError where error.kind != .notFound {
            var page = try await listPage(fields, form: form, context)
            page.error = pages.message(error, context)
            return try pages.render(page, context: context, status: error.kind.status)
        }
    }

    @Sendable func save(_ request: Request, _ context: AdminContext) async throws -> Response {
        let form = try await FormData.read(request, limit: settings.maxBodyBytes)
        let saved = try await category(context)
        var fields = ReportCategoryFields(form)
        fields.code = saved.code
        do {
            let category = try fields.category(
                responsible: form["responsible"] ?? "", provincialAgency: form["provincialAgency"] ?? "", base: saved)
            try await service.saveCategory(category, by: AuditActor(context.officer, address: context.clientAddress))
            return .redirect(to: Routes.adminReportCategory.link(saved.code) + "?done=saved", type: .normal)
        } catch let error as DomainError where error.kind != .notFound {
            var page = try await categoryPage(saved, fields: fields, form: form, context)
            page.error = pages.message(error, context)
            return try pages.render(page, context: context, status: error.kind.status)
        }
    }

    @Sendable func route(_ request: Request, _ context: AdminContext) async throws -> Response {
        let form = try await FormData.read(request, limit: settings.maxBodyBytes)
        let saved = try await category(context)
        do {
            try await service.setRoute(
                category: saved.code, unitCode: form["unitCode"], agencyId: form["agencyId"] ?? "",
                by: AuditActor(context.officer, address: context.clientAddress))
            return .redirect(to: Routes.adminReportCategory.link(saved.code) + "?done=routed", type: .normal)
        } catch let error as DomainError where error.kind != .notFound {
            var page = try await categoryPage(saved, fields: ReportCategoryFields(saved), form: form, context)
            page.error = pages.message(error, context)
            return try pages.render(page, context: context, status: error.kind.status)
        }
    }

    private func category(_ context: AdminContext) async throws -> ReportCategory {
        let code = try context.parameter("code")
        guard let category = try await service.categories().first(where: { $0.code == code }) else {
            throw DomainError.notFound("reportCategory.notFound")
        }
        return category
    }

    private func responsibleChoices(_ selected: String, _ context: AdminContext) -> [OfficerAdminListPage.Choice] {
        ["communeCommittee", "communePolice"].map {
            .init(value: $0, label: strings.text("agency_kind_\($0)", context.language), selected: $0 == selected)
        }
    }

    private func provincialChoices(_ selected: String, _ context: AdminContext) async throws -> [OfficerAdminListPage.Choice] {
        let english = context.language == .en
        return try await agencies.agencies(kind: nil).filter { $0.shortCode != nil && $0.unitCode == nil }.sorted { $0.name < $1.name }.map
        {
            .init(value: $0.shortCode ?? "", label: english ? $0.nameEn : $0.name, selected: $0.shortCode == selected)
        }
    }

    private func listPage(_ fields: ReportCategoryFields, form: FormData?, _ context: AdminContext) async throws
        -> ReportCategoryAdminListPage
    {
        let english = context.language == .en
        let language = context.language
        let routes = try await reports.routes()
        return ReportCategoryAdminListPage(
            action: Routes.adminReportCategories.link(),
            categories: try await service.categories().map { c in
                .init(
                    link: Routes.adminReportCategory.link(c.code), code: c.code, name: english ? c.nameEn : c.name,
                    group: english ? c.groupEn : c.group,
                    time: c.handleHours.map { strings.text("admin_report_category_hours", language, ["n": String($0)]) }
                        ?? strings.text("admin_report_category_days", language, ["n": String(c.handleDays)]),
                    responsible: strings.text("agency_kind_\(c.responsible)", language),
                    routes: routes.filter { $0.category == c.code }.count)
            },
            form: fields, responsible: responsibleChoices(form?["responsible"] ?? "communeCommittee", context),
            provincialAgencies: try await provincialChoices(form?["provincialAgency"] ?? "", context))
    }

    private func categoryPage(_ category: ReportCategory, fields: ReportCategoryFields, form: FormData?, _ context: AdminContext)
        async throws -> ReportCategoryAdminPage
    {
        let english = context.language == .en
        let all = try await agencies.agencies(kind: nil).sorted { $0.name < $1.name }
        let agencyNames = Dictionary(all.map { ($0.id, english ? $0.nameEn : $0.name) }, uniquingKeysWith: { first, _ in first })
        let communes = try await service.communes().sorted { $0.name < $1.name }
        let unitNames = Dictionary(communes.map { ($0.code, $0.name) }, uniquingKeysWith: { first, _ in first })
        let anywhere = strings.text("admin_report_route_anywhere", context.language)
        return ReportCategoryAdminPage(
            back: Routes.adminReportCategories.link(), action: Routes.adminReportCategory.link(category.code),
            routeAction: Routes.adminReportCategoryRoutes.link(category.code), title: english ? category.nameEn : category.name,
            form: fields, responsible: responsibleChoices(form?["responsible"] ?? category.responsible, context),
            provincialAgencies: try await provincialChoices(form?["provincialAgency"] ?? category.provincialAgency, context),
            routes: try await reports.routes().filter { $0.category == category.code }.map {
                .init(place: $0.unitCode.map { unitNames[$0] ?? $0 } ?? anywhere, agency: agencyNames[$0.agencyId] ?? $0.agencyId)
            },
            units: communes.map { .init(value: $0.code, label: $0.name, selected: $0.code == form?["unitCode"]) },
            agencies: all.map { .init(value: $0.id, label: english ? $0.nameEn : $0.name, selected: $0.id == form?["agencyId"]) })
    }
}
