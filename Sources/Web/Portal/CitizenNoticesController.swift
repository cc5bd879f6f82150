import Domain
import Foundation
import Hummingbird

/// The citizen's messages in their account, and the channels (SMS, e-mail) they are sent by.
struct CitizenNoticesController: Sendable {
    let notices: CitizenNoticeService
    let pages: PageRenderer
    let settings: WebSettings

    func addRoutes(to groups: RouteGroups) {
        groups.citizens.on(Routes.accountNotices, .get) { request, context in
            try await page(context, saved: request.uri.queryParameters.get("saved") == "1", error: nil)
        }
        groups.citizens.on(Routes.accountNotices, .post, choose)
    }

    @Sendable func choose(_ request: Request, _ context: CitizenRequestContext) async throws -> Response {
        let form = try await FormData.read(request, limit: settings.maxBodyBytes)
        do {
            // A ticked box sends "on"; an unticked one sends nothing.
            func ticked(_ name: String) throws -> Bool {
                guard let value = form.fields[name] else { return false }
                guard value == "on" else { throw DomainError.invalid("channel", "notify.badChannel") }
                return true
            }
            let channels = NotificationChannels(sms: try ticked("sms"), email: try ticked("email"))
            try await notices.choose(channels, by: context.citizen, address: context.clientAddress)
            return .redirect(to: Routes.accountNotices.link() + "?saved=1", type: .normal)
        } catch let error as DomainError {
            return try await page(context, saved: false, error: pages.message(error, context), status: error.kind.status)
        }
    }

    func page(_ context: CitizenRequestContext, saved: Bool, error: String?, status: HTTPResponse.Status = .ok) async throws -> Response {
        let citizen = context.citizen
        let page = NoticesPage(
            try await notices.notices(of: citizen), channels: try await notices.channels(of: citizen),
            text: MessageText(strings: pages.strings, base: ""), language: context.language, saved: saved, error: error)
        return try pages.render(page, context: context, status: status)
    }
}
