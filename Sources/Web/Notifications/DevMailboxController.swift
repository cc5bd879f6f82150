import Domain
import Foundation
import Hummingbird

/// `GET /dev/messages` (development mode only): the notifications the platform sent.
struct DevMailboxController: Sendable {
    let outbox: any OutboxRepository
    let pages: PageRenderer

    func addRoutes(to groups: RouteGroups) {
        groups.open.on(Routes.devMessages, .get, list)
    }

    @Sendable func list(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let messages = try await outbox.mailbox(limit: 200).map(DevMessagesPage.Message.init)
        let counts = try await outbox.counts()
        return try pages.render(
            DevMessagesPage(messages: messages, none: messages.isEmpty, pending: counts["pending"] ?? 0, failed: counts["failed"] ?? 0),
            context: context)
    }
}

/// The development mailbox page: the messages delivered, newest first, and the outbox's backlog.
struct DevMessagesPage: PageModel {
    static let template = "dev-messages"

    /// One delivered message.
    struct Message: Encodable, Sendable {
        let channel: String
        let recipient: String
        let subject: String
        let body: String
        let at: String

        init(_ m: DeliveredMessage) {
            channel = m.channel.rawValue
            recipient = m.recipient
            subject = m.subject
            body = m.body
            at = Format.instant(m.deliveredAt)
        }
    }

    let messages: [Message]
    let none: Bool
    let pending: Int
    let failed: Int
}
