import Domain
import Foundation

/// The citizen's messages and their choice of channels (`notices` template).
struct NoticesPage: PageModel {
    static let template = "notices"

    /// One message, as sent.
    struct Item: Encodable, Sendable {
        let at: String
        let subject: String
        let text: String
        let link: String?
    }

    let items: [Item]
    let none: Bool
    let sms: Bool
    let email: Bool
    let action = Routes.accountNotices.link()
    let saved: Bool
    let error: String?

    init(_ notices: [CitizenNotice], channels: NotificationChannels, text: MessageText, language: Language, saved: Bool, error: String?) {
        items = notices.map { n in
            let shown = text.shown(n.params, language)
            return Item(
                at: Format.instant(n.createdAt), subject: text.subject(n.template, n.params, language),
                text: text.body(n.template, .sms, n.params, language), link: shown["link"])
        }
        none = notices.isEmpty
        sms = channels.sms
        email = channels.email
        self.saved = saved
        self.error = error
    }
}
