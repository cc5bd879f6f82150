import Domain
import Hummingbird

/// The confirmation an officer sees once on the queue after an action (post, redirect, get): the
/// action and the dossier, kept for a minute in a cookie that the queue reads and clears.
struct OfficerFlash: Encodable, Sendable {
    static let cookie = "motcua_flash"

    let message: String
    let code: String
    let link: String

    /// The redirect to the queue after `action` on the dossier `code`, carrying the confirmation.
    static func redirect(action: String, code: String, request: Request, settings: WebSettings) -> Response {
        var response = Response.redirect(to: Routes.queue.link(), type: .normal)
        response.setCookie(
            Cookie(
                name: cookie, value: "\(action)~\(code)", maxAge: 60, path: Routes.queue.link(), secure: settings.isSecure(request),
                httpOnly: true, sameSite: .lax))
        return response
    }

    /// The confirmation the request carries, when its action is one of `workflow` and its code well formed.
    static func read(_ request: Request, workflow: Workflow, strings: Strings, language: Language) -> OfficerFlash? {
        guard let value = request.cookies[cookie]?.value else { return nil }
        let parts = value.split(separator: "~", maxSplits: 1).map(String.init)
        guard parts.count == 2, let transition = workflow.transition(parts[0]), DossierCode.isWellFormed(parts[1]) else { return nil }
        let name = language == .en ? transition.nameEn : transition.name
        return OfficerFlash(
            message: strings.text("officer_flash_done", language, ["action": name, "code": parts[1]]), code: parts[1],
            link: Routes.dossier.link(parts[1]))
    }

    /// Clears the cookie once the queue has shown the confirmation.
    static func clear(_ response: inout Response, request: Request, settings: WebSettings) {
        response.setCookie(
            Cookie(
                name: cookie, value: "", maxAge: 0, path: Routes.queue.link(), secure: settings.isSecure(request), httpOnly: true,
                sameSite: .lax))
    }
}
