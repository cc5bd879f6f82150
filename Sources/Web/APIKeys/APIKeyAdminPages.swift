import Domain
import Hummingbird

/// The administrators' pages of API keys: list, issue (the whole key shown once, never again) and revoke,
/// through `APIKeyService`, as the JSON API: each change validated and audited there.
struct APIKeyAdminPages: Sendable {
    let service: APIKeyService
    let agencies: any AgencyRepository
    let pages: PageRenderer
    let strings: Strings
    let settings: WebSettings

    func addRoutes(to groups: RouteGroups) {
        groups.administrators.on(Routes.adminAPIKeys, .get) { request, context in
            var page = try await page(context, form: nil)
            if request.uri.queryParameters.get("done") == "revoked" {
                page.done = strings.text("admin_api_keys_done_revoked", context.language)
            }
            return try pages.render(page, context: context)
        }
        groups.administrators.on(Routes.adminAPIKeys, .post, create)
        groups.administrators.on(Routes.adminAPIKeyRevoke, .post) { request, context in
            _ = try await FormData.read(request, limit: settings.maxBodyBytes)
            try await service.revoke(
                id: try APIKeyAPIController.id(context), by: AuditActor(context.officer, address: context.clientAddress))
            return .redirect(to: Routes.adminAPIKeys.link() + "?done=revoked", type: .normal)
        }
    }

    @Sendable func create(_ request: Request, _ context: AdminContext) async throws -> Response {
        let form = try await FormData.read(request, limit: settings.maxBodyBytes)
        do {
            let scopes = Set(try await service.scopes().map(\.code).filter { form["scope_\($0)"] == "on" })
            let (key, secret) = try await service.create(
                client: form["client"] ?? "", agencyId: form["agencyId"], scopes: scopes,
                by: AuditActor(context.officer, address: context.clientAddress))
            var page = try await page(context, form: nil)
            page.created = .init(prefix: key.prefix, secret: secret)
            var response = try pages.render(page, context: context, status: .created)
            response.headers[.cacheControl] = "no-store"
            return response
        } catch let error as DomainError where error.kind == .invalid {
            var page = try await page(context, form: form)
            page.error = pages.message(error, context)
            return try pages.render(page, context: context, status: .badRequest)
        }
    }

    private func page(_ context: AdminContext, form: FormData?) async throws -> APIKeyAdminPage {
        let english = context.language == .en
        let all = try await agencies.agencies(kind: nil).sorted { $0.name < $1.name }
        let names = Dictionary(all.map { ($0.id, english ? $0.nameEn : $0.name) }, uniquingKeysWith: { first, _ in first })
        let scopes = try await service.scopes()
        let scopeNames = Dictionary(uniqueKeysWithValues: scopes.map { ($0.code, english ? $0.nameEn : $0.name) })
        let never = strings.text("admin_api_keys_never", context.language)
        return APIKeyAdminPage(
            action: Routes.adminAPIKeys.link(),
            keys: try await service.list().map { k in
                .init(
                    prefix: k.prefix, client: k.client, agency: k.agencyId.map { names[$0] ?? $0 },
                    scopes: k.scopes.map { scopeNames[$0] ?? $0 }.joined(separator: "; "), createdBy: k.createdBy,
                    createdAt: Format.instant(k.createdAt), lastUsedAt: k.lastUsedAt.map(Format.instant) ?? never,
                    revokedAt: k.revokedAt.map(Format.instant), revoke: Routes.adminAPIKeyRevoke.link(String(k.id)))
            },
            agencies: all.map { .init(value: $0.id, label: english ? $0.nameEn : $0.name, selected: $0.id == form?["agencyId"]) },
            scopes: scopes.map {
                .init(value: $0.code, label: "\(english ? $0.nameEn : $0.name) (\($0.code))", selected: form?["scope_\($0.code)"] == "on")
            },
            newClient: form?["client"] ?? "")
    }
}
