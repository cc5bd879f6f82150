import Domain
import Foundation
import Hummingbird

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// The sandbox gateway's own pages (checkout: pay or cancel) and the merchant side's
/// server-to-server callback. The gateway signs each notice and sends it twice: to the notify
/// URL over HTTP, then through the browser to the return URL.
struct SandboxGatewayController: Sendable {
    let provider: SandboxPaymentProvider
    let portal: PortalService
    let pages: PageRenderer
    let settings: WebSettings
    let clock: Clock

    func addRoutes(to groups: RouteGroups) {
        groups.open.on(Routes.sandboxCheckout, .get, checkout)
        groups.open.on(Routes.sandboxCheckout, .post, decide)
        groups.open.on(Routes.apiSandboxCallback, .post, callback)
    }

    @Sendable func checkout(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        var parameters: [String: String] = [:]
        for (key, value) in request.uri.queryParameters { parameters[String(key)] = String(value) }
        let order = try provider.verifiedCheckout(parameters, now: clock.now())
        return try pages.render(SandboxCheckoutPage(order), context: context)
    }

    @Sendable func decide(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let form = try await FormData.read(request, limit: settings.maxBodyBytes)
        let order = try provider.verifiedCheckout(form.fields, now: clock.now())
        let notice = provider.notice(
            order: order["order"] ?? "", amount: order["amount"] ?? "", succeeded: form["decision"] == "pay",
            transaction: "SBX" + Tokens.random().prefix(16).uppercased(), now: clock.now())
        if let notify = order["notify"], let url = URL(string: notify), url.scheme == "http" || url.scheme == "https" {
            await Self.post(notice, to: url)
        }
        return .redirect(to: (order["return"] ?? "/") + "?" + SandboxPaymentProvider.query(notice), type: .normal)
    }

    /// Delivers a notice server to server, as a gateway does; failures are left to the browser return.
    static func post(_ notice: [String: String], to url: URL) async {
        var request = URLRequest(url: url, timeoutInterval: 5)
        request.httpMethod = "POST"
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.httpBody = try? JSONSerialization.data(withJSONObject: notice)
        _ = try? await OutgoingHTTP.session.data(for: request)
    }

    /// `POST /api/v1/payments/sandbox/callback`: the gateway's notice as a JSON object of strings.
    @Sendable func callback(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let fields = try await JSONCoding.decode([String: String].self, from: request, limit: 16 << 10)
        let outcome = try await portal.receiveNotice(fields, address: context.clientAddress)
        return try JSONCoding.response(["outcome": outcome.rawValue])
    }
}
