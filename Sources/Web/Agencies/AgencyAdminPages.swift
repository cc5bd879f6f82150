import Domain
import Hummingbird

/// The administrators' pages of agencies: the list (search, filter by kind) and each agency's form (names in both
/// languages, short code, kind, parent). Every change goes through `AgencyAdministration`: validated, audited in the
/// same transaction, seen at once by every instance.
struct AgencyAdminPages: Sendable {
    let service: AgencyAdministration
    let pages: PageRenderer
    let strings: Strings
    let settings: WebSettings

    func addRoutes(to groups: RouteGroups) {
        groups.administrators.on(Routes.adminAgencies, .get) { request, context in
            try pages.render(try await listPage(request.formQuery, context), context: context)
        }
        groups.administrators.on(Routes.adminAgency, .get) { request, context in
            let agency = try await service.agency(id: try context.parameter("id"))
            var page = try await agencyPage(agency, form: nil, context)
            if request.uri.queryParameters.get("done") == "saved" { page.done = strings.text("admin_agency_saved", context.language) }
            return try pages.render(page, context: context)
        }
        groups.administrators.on(Routes.adminAgency, .post, save)
    }

    @Sendable func save(_ request: Request, _ context: AdminContext) async throws -> Response {
        let form = try await FormData.read(request, limit: settings.maxBodyBytes)
        let agency = try await service.agency(id: try context.parameter("id"))
        do {
            guard let kind = AgencyKind(rawValue: form["kind"] ?? "") else { throw DomainError.invalid("kind", "agency.badKind") }
            let change = AgencyChange(
                name: form["name"] ?? "", nameEn: form["nameEn"] ?? "", shortCode: form["shortCode"], kind: kind,
                parentId: form["parentId"])
            try await service.update(agency.id, change, by: AuditActor(context.officer, address: context.clientAddress))
            return .redirect(to: Routes.adminAgency.link(agency.id) + "?done=saved", type: .normal)
        } catch let error as DomainError where error.kind != .notFound {
            var page = try await agencyPage(agency, form: form, context)
            page.error = pages.message(error, context)
            return try pages.render(page, context: context, status: error.kind.status)
        }
    }

    private func kindChoices(_ selected: String?, _ context: AdminContext) -> [OfficerAdminListPage.Choice] {
        AgencyKind.allCases.map {
            .init(
                value: $0.rawValue, label: strings.text("agency_kind_\($0.rawValue)", context.language), selected: $0.rawValue == selected)
        }
    }

    private func listPage(_ query: FormData, _ context: AdminContext) async throws -> AgencyAdminListPage {
        let english = context.language == .en
        let all = try await service.list()
        let names = Dictionary(all.map { ($0.id, english ? $0.nameEn : $0.name) }, uniquingKeysWith: { first, _ in first })
        let text = query["q"].map { VietnameseFolding.fold(String($0.prefix(100))) } ?? ""
        let kind = query["kind"].flatMap(AgencyKind.init(rawValue:))
        let found = all.filter { agency in
            (kind == nil || agency.kind == kind)
                && (text.isEmpty
                    || [agency.name, agency.nameEn, agency.id, agency.shortCode ?? ""].contains {
                        VietnameseFolding.fold($0).contains(text)
                    })
        }
        return AgencyAdminListPage(
            action: Routes.adminAgencies.link(), query: query["q"] ?? "", kinds: kindChoices(kind?.rawValue, context),
            agencies: found.map {
                .init(
                    link: Routes.adminAgency.link($0.id), id: $0.id, shortCode: $0.shortCode ?? "", name: english ? $0.nameEn : $0.name,
                    kind: strings.text("agency_kind_\($0.kind.rawValue)", context.language),
                    parent: $0.parentId.flatMap { names[$0] } ?? "")
            })
    }

    /// The page of `agency`, its form filled from `form` when a refused change is shown again.
    private func agencyPage(_ agency: Agency, form: FormData?, _ context: AdminContext) async throws -> AgencyAdminPage {
        let english = context.language == .en
        let parent = form.map { $0["parentId"] } ?? agency.parentId
        let others = try await service.list().filter { $0.id != agency.id }
        return AgencyAdminPage(
            back: Routes.adminAgencies.link(), action: Routes.adminAgency.link(agency.id), id: agency.id,
            title: english ? agency.nameEn : agency.name, name: form?.fields["name"] ?? agency.name,
            nameEn: form?.fields["nameEn"] ?? agency.nameEn, shortCode: form?.fields["shortCode"] ?? agency.shortCode ?? "",
            kinds: kindChoices(form?["kind"] ?? agency.kind.rawValue, context),
            parents: others.map { .init(value: $0.id, label: english ? $0.nameEn : $0.name, selected: $0.id == parent) })
    }
}
