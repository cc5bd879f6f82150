import Domain
import Hummingbird

/// The administrators' pages of officer accounts: list and search, create, roles, deactivate or
/// reactivate, reset the password or the second factor. Every change goes through `OfficerAdministration`.
struct OfficerAdminPages: Sendable {
    let service: OfficerAdministration
    let agencies: any AgencyRepository
    let pages: PageRenderer
    let strings: Strings
    let settings: WebSettings

    /// The flash messages of changes that redirect back to the officer's page.
    static let doneMessages: Set<String> = ["roles", "activated", "deactivated", "secondFactor"]

    func addRoutes(to groups: RouteGroups) {
        groups.administrators.on(Routes.adminOfficers, .get) { request, context in
            try pages.render(try await listPage(request.formQuery, context, form: nil), context: context)
        }
        groups.administrators.on(Routes.adminOfficers, .post, create)
        groups.administrators.on(Routes.adminOfficer, .get) { request, context in
            let done = request.uri.queryParameters.get("done").flatMap { Self.doneMessages.contains($0) ? $0 : nil }
            var page = try await officerPage(try id(context), context)
            page.done = done.map { strings.text("admin_officer_done_\($0)", context.language) }
            return try pages.render(page, context: context)
        }
        groups.administrators.on(Routes.adminOfficerRoles, .post) { request, context in
            try await change(request, context) { id, form, actor in
                try await service.setRoles(id, roles: roles(form), by: actor)
                return "roles"
            }
        }
        groups.administrators.on(Routes.adminOfficerActive, .post) { request, context in
            try await change(request, context) { id, form, actor in
                let active = form["active"] == "true"
                try await service.setActive(id, active: active, by: actor)
                return active ? "activated" : "deactivated"
            }
        }
        groups.administrators.on(Routes.adminOfficerSecondFactor, .post) { request, context in
            try await change(request, context) { id, _, actor in
                try await service.resetSecondFactor(id, by: actor)
                return "secondFactor"
            }
        }
        groups.administrators.on(Routes.adminOfficerPassword, .post, resetPassword)
    }

    @Sendable func create(_ request: Request, _ context: AdminContext) async throws -> Response {
        let form = try await FormData.read(request, limit: settings.maxBodyBytes)
        do {
            let made = try await service.create(
                username: form["username"] ?? "", fullName: form["fullName"] ?? "", agencyId: form["agencyId"] ?? "",
                roles: roles(form), by: AuditActor(context.officer, address: context.clientAddress))
            var page = try await listPage(FormData(fields: [:]), context, form: nil)
            page.created = OfficerAdminPage.Password(
                username: made.officer.username, password: made.temporaryPassword, link: Routes.adminOfficer.link(String(made.officer.id)))
            return try pages.render(page, context: context, status: .created)
        } catch let error as DomainError {
            var page = try await listPage(FormData(fields: [:]), context, form: form)
            page.error = pages.message(error, context)
            return try pages.render(page, context: context, status: error.kind.status)
        }
    }

    @Sendable func resetPassword(_ request: Request, _ context: AdminContext) async throws -> Response {
        _ = try await FormData.read(request, limit: settings.maxBodyBytes)
        let id = try id(context)
        let password = try await service.resetPassword(id, by: AuditActor(context.officer, address: context.clientAddress))
        var page = try await officerPage(id, context)
        page.password = OfficerAdminPage.Password(username: page.username, password: password, link: Routes.adminOfficer.link(String(id)))
        return try pages.render(page, context: context)
    }

    /// Applies a change to the officer of the path, then redirects to their page with its flash
    /// message, or re-renders the page with the refusal.
    private func change(
        _ request: Request, _ context: AdminContext, _ apply: (Int64, FormData, AuditActor) async throws -> String
    ) async throws -> Response {
        let form = try await FormData.read(request, limit: settings.maxBodyBytes)
        let id = try id(context)
        do {
            let done = try await apply(id, form, AuditActor(context.officer, address: context.clientAddress))
            return .redirect(to: Routes.adminOfficer.link(String(id)) + "?done=\(done)", type: .normal)
        } catch let error as DomainError where error.kind != .notFound {
            var page = try await officerPage(id, context)
            page.error = pages.message(error, context)
            return try pages.render(page, context: context, status: error.kind.status)
        }
    }

    private func id(_ context: AdminContext) throws -> Int64 {
        guard let id = Int64(try context.parameter("id")) else { throw DomainError.notFound("officer.notFound") }
        return id
    }

    private func roles(_ form: FormData) -> Set<Role> { Set(Role.allCases.filter { form["role_\($0.rawValue)"] == "on" }) }

    private func roleChoices(_ chosen: Set<Role>, _ context: AdminContext) -> [OfficerAdminListPage.Choice] {
        Role.allCases.sorted().map {
            .init(value: $0.rawValue, label: strings.text("role.\($0.rawValue)", context.language), selected: chosen.contains($0))
        }
    }

    private func roleNames(_ roles: Set<Role>, _ context: AdminContext) -> String {
        roles.sorted().map { strings.text("role.\($0.rawValue)", context.language) }.joined(separator: ", ")
    }

    private func listPage(_ query: FormData, _ context: AdminContext, form: FormData?) async throws -> OfficerAdminListPage {
        let all = try await agencies.agencies(kind: nil).sorted { $0.name < $1.name }
        let english = context.language == .en
        let names = Dictionary(all.map { ($0.id, english ? $0.nameEn : $0.name) }, uniquingKeysWith: { first, _ in first })
        let role = query["role"].flatMap(Role.init(rawValue:))
        let state = query["state"]
        let filter = OfficerFilter(
            text: query["q"].map { String($0.prefix(100)) }, agencyId: query["agency"], role: role,
            active: state == "active" ? true : state == "inactive" ? false : nil)
        let found = try await service.list(filter)
        func agencyChoices(_ selected: String?) -> [OfficerAdminListPage.Choice] {
            all.map { .init(value: $0.id, label: english ? $0.nameEn : $0.name, selected: $0.id == selected) }
        }
        return OfficerAdminListPage(
            action: Routes.adminOfficers.link(), query: query["q"] ?? "", agencies: agencyChoices(query["agency"]),
            roles: roleChoices(role.map { [$0] } ?? [], context),
            states: ["active", "inactive"].map {
                .init(value: $0, label: strings.text("admin_officer_state_\($0)", context.language), selected: $0 == state)
            },
            officers: found.map {
                .init(
                    link: Routes.adminOfficer.link(String($0.id)), username: $0.username, fullName: $0.fullName,
                    agency: names[$0.agencyId] ?? $0.agencyId, roles: roleNames($0.roles, context), active: $0.active)
            },
            newRoles: roleChoices(form.map(roles) ?? [], context), newAgencies: agencyChoices(form?["agencyId"]),
            newUsername: form?["username"] ?? "", newFullName: form?["fullName"] ?? "")
    }

    private func officerPage(_ id: Int64, _ context: AdminContext) async throws -> OfficerAdminPage {
        let officer = try await service.officer(id: id)
        let agency = try await agencies.agency(id: officer.agencyId)
        let link = String(id)
        return OfficerAdminPage(
            back: Routes.adminOfficers.link(), username: officer.username, fullName: officer.fullName,
            agency: (context.language == .en ? agency?.nameEn : agency?.name) ?? officer.agencyId, active: officer.active,
            roles: roleChoices(officer.roles, context), rolesAction: Routes.adminOfficerRoles.link(link),
            activeAction: Routes.adminOfficerActive.link(link), passwordAction: Routes.adminOfficerPassword.link(link),
            secondFactorAction: Routes.adminOfficerSecondFactor.link(link))
    }
}
