import Domain
import Foundation
import Hummingbird

/// `GET /dev/messages` (development mode only): the notifications the platform sent.
struct DevMailboxController: Sendable {
    let outbox: any OutboxRepository
    let pages: PageRenderer

    func addRoutes(to router: Router<AppRequestContext>) {
        router.on(Routes.devMessages, .get, list)
    }

    @Sendable func list(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let messages: [[String: Any]] = try await outbox.mailbox(limit: 200).map { m in
            [
                "channel": m.channel.rawValue, "recipient": m.recipient, "subject": m.subject, "body": m.body,
                "at": Format.instant(m.deliveredAt),
            ]
        }
        let counts = try await outbox.counts()
        return try pages.render(
            "dev-messages",
            [
                "messages": messages, "none": messages.isEmpty,
                "pending": counts["pending"] ?? 0, "failed": counts["failed"] ?? 0,
            ],
            context: context)
    }
}
