import Domain
import Foundation
import Hummingbird

/// The administrators' page of the national-portal status queue: the records waiting to be sent and the dead letters, each
/// dead letter with a button that sends it again.
struct PortalSyncPage: PageModel {
    static let template = "portal-sync"

    /// A record as listed.
    struct Row: Encodable, Sendable {
        let id: Int64
        let dossierCode: String
        let procedureCode: String
        let sequence: Int
        let nationalStatus: String
        let occurredAt: String
        let attempts: Int
        let nextAttemptAt: String
        let lastError: String?
        let resendAction: String
    }

    let pendingCount: Int
    let deadCount: Int
    let sentCount: Int
    let pending: [Row]
    let dead: [Row]
    var resent: Int64?
    var error: String?
}

/// Serves the national-portal queue page (administrators only) and its "send again" form.
struct PortalSyncPagesController: Sendable {
    let service: PortalSyncService
    let pages: PageRenderer

    func addRoutes(to groups: RouteGroups) {
        groups.administrators.on(Routes.portalSync, .get) { request, context in
            let resent = request.uri.queryParameters.get("resent").flatMap { Int64($0) }
            return try pages.render(try await page(context, resent: resent, error: nil), context: context)
        }
        groups.administrators.on(Routes.portalSyncResend, .post, resend)
    }

    @Sendable func resend(_ request: Request, _ context: AdminContext) async throws -> Response {
        do {
            guard let id = Int64(try context.parameter("id")) else { throw DomainError.notFound("portalSync.notFound") }
            try await service.resend(id: id, by: AuditActor(context.officer, address: context.clientAddress))
            return .redirect(to: Routes.portalSync.link() + "?resent=\(id)", type: .normal)
        } catch let error as DomainError {
            let page = try await page(context, resent: nil, error: pages.message(error, context))
            return try pages.render(page, context: context, status: error.kind.status)
        }
    }

    private func page(_ context: AdminContext, resent: Int64?, error: String?) async throws -> PortalSyncPage {
        let (pending, counts) = try await service.list(.pending)
        let (dead, _) = try await service.list(.dead)
        let english = context.language == .en
        func row(_ r: PortalSyncRecord) -> PortalSyncPage.Row {
            let status = NationalPortalStatus.named(r.nationalStatus)
            return PortalSyncPage.Row(
                id: r.id, dossierCode: r.dossierCode, procedureCode: r.procedureCode, sequence: r.sequence,
                nationalStatus: "\(r.nationalStatus) · " + ((english ? status?.nameEn : status?.name) ?? ""),
                occurredAt: Format.instant(r.occurredAt), attempts: r.attempts, nextAttemptAt: Format.instant(r.nextAttemptAt),
                lastError: r.lastError, resendAction: Routes.portalSyncResend.link(String(r.id)))
        }
        return PortalSyncPage(
            pendingCount: counts[.pending] ?? 0, deadCount: counts[.dead] ?? 0, sentCount: counts[.sent] ?? 0,
            pending: pending.map(row), dead: dead.map(row), resent: resent, error: error)
    }
}
