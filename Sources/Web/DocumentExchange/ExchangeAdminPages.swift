import Domain
import Foundation
import Hummingbird

/// The administrators' pages of the document exchange: the peers (list, add or edit with the certificate PEM, delete) and the
/// outbox (pending items, dead letters with their last error, resend), through `DocumentExchangeService` as the JSON API:
/// each change validated and audited there.
struct ExchangeAdminPages: Sendable {
    let service: DocumentExchangeService
    let pages: PageRenderer
    let strings: Strings
    let settings: WebSettings

    static let notices = ["saved", "deleted", "resent"]

    func addRoutes(to groups: RouteGroups) {
        let admins = groups.administrators
        admins.on(Routes.adminExchangePeers, .get) { request, context in
            let query = request.uri.queryParameters
            let id = query.get("edit")
            let editing = id == nil ? nil : try await service.peers().first { $0.organisationId == id }
            var page = try await peersPage(context, form: editing.map { Self.form($0, editing: true) })
            page.done = notice(query.get("done"), context.language)
            return try pages.render(page, context: context)
        }
        admins.on(Routes.adminExchangePeers, .post, save)
        admins.on(Routes.adminExchangePeerDelete, .post) { request, context in
            _ = try await FormData.read(request, limit: settings.maxBodyBytes)
            try await service.deletePeer(
                try context.parameter("organisationId"), by: AuditActor(context.officer, address: context.clientAddress))
            return .redirect(to: Routes.adminExchangePeers.link() + "?done=deleted", type: .normal)
        }
        admins.on(Routes.adminExchangeOutbox, .get, outbox)
        admins.on(Routes.adminExchangeResend, .post) { request, context in
            _ = try await FormData.read(request, limit: settings.maxBodyBytes)
            guard let id = Int64(try context.parameter("id")) else { throw DomainError.notFound("exchange.notFound") }
            try await service.resend(id, by: AuditActor(context.officer, address: context.clientAddress))
            return .redirect(to: Routes.adminExchangeOutbox.link() + "?done=resent", type: .normal)
        }
    }

    func notice(_ code: String?, _ language: Language) -> String? {
        code.flatMap { Self.notices.contains($0) ? strings.text("xch_done_\($0)", language) : nil }
    }

    static func form(_ p: ExchangePeer, editing: Bool) -> ExchangePeersPage.Form {
        .init(organisationId: p.organisationId, name: p.name, endpoint: p.endpoint, certificatePEM: p.certificatePEM, editing: editing)
    }

    @Sendable func save(_ request: Request, _ context: AdminContext) async throws -> Response {
        let f = try await FormData.read(request, limit: settings.maxBodyBytes)
        let peer = ExchangePeer(
            organisationId: f["organisationId"] ?? "", name: f["name"] ?? "", endpoint: f["endpoint"] ?? "",
            certificatePEM: f["certificatePEM"] ?? "")
        do {
            _ = try await service.savePeer(peer, by: AuditActor(context.officer, address: context.clientAddress))
            return .redirect(to: Routes.adminExchangePeers.link() + "?done=saved", type: .normal)
        } catch let error as DomainError where error.kind == .invalid {
            var page = try await peersPage(context, form: Self.form(peer, editing: f["editing"] == "1"))
            page.error = pages.message(error, context)
            return try pages.render(page, context: context, status: .badRequest)
        }
    }

    func peersPage(_ context: AdminContext, form: ExchangePeersPage.Form?) async throws -> ExchangePeersPage {
        let list = Routes.adminExchangePeers.link()
        return ExchangePeersPage(
            action: list, outboxLink: Routes.adminExchangeOutbox.link(), organisationId: service.settings.organisation.id,
            peers: try await service.peers().map { p in
                .init(
                    organisationId: p.organisationId, name: p.name, endpoint: p.endpoint,
                    edit: list + "?edit=" + (p.organisationId.addingPercentEncoding(withAllowedCharacters: .urlQueryAllowed) ?? ""),
                    delete: Routes.adminExchangePeerDelete.link(p.organisationId))
            },
            form: form ?? .init(organisationId: "", name: "", endpoint: "", certificatePEM: "", editing: false))
    }

    @Sendable func outbox(_ request: Request, _ context: AdminContext) async throws -> Response {
        let query = request.uri.queryParameters
        guard let state = ExchangeItemState(rawValue: query.get("state") ?? ExchangeItemState.pending.rawValue) else {
            throw DomainError.invalid("state", "exchange.badState")
        }
        let language = context.language
        let (items, counts) = try await service.outbox(state)
        let link = Routes.adminExchangeOutbox.link()
        let page = ExchangeOutboxPage(
            peersLink: Routes.adminExchangePeers.link(), title: strings.text("xch_outbox_\(state.rawValue)", language),
            tabs: ExchangeItemState.allCases.map {
                .init(
                    label: strings.text("xch_outbox_\($0.rawValue)", language), link: link + "?state=\($0.rawValue)",
                    count: counts[$0, default: 0], current: $0 == state)
            },
            items: items.map { i in
                .init(
                    id: i.id, kind: strings.text("xch_kind_\(i.kind.rawValue)", language), peerId: i.peerId, packageId: i.packageId,
                    status: i.statusCode.map { strings.text("xch_status_\($0.name)", language) }, attempts: i.attempts,
                    nextAttemptAt: Format.instant(i.nextAttemptAt), lastError: i.lastError,
                    resend: i.state == .dead ? Routes.adminExchangeResend.link(String(i.id)) : nil)
            },
            done: notice(query.get("done"), language))
        return try pages.render(page, context: context)
    }
}
