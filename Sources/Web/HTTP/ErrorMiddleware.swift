import Domain
import Foundation
import Hummingbird
import Logging

/// Turns every error into a clear answer: JSON `{"error":{...}}` for the API, a page for the
/// browser, a redirect to the login page for a logged-out officer. Unexpected errors are logged
/// and answered with a 500 that reveals nothing. Every refusal (403: a role or agency refused, a
/// missing CSRF token) is written to the audit log, where floods of identical ones are aggregated.
struct ErrorMiddleware: RouterMiddleware {
    let strings: Strings
    let pages: PageRenderer
    let access: AccessAudit

    func handle(_ request: Request, context: AppRequestContext, next: (Request, AppRequestContext) async throws -> Response) async throws
        -> Response
    {
        do {
            return try await next(request, context)
        } catch let error as DomainError {
            return try await respond(error, request: request, context: context)
        } catch let limited as RateLimited {
            var response = try await respond(DomainError(.tooManyRequests, "rateLimit.exceeded"), request: request, context: context)
            response.headers[.retryAfter] = String(limited.retryAfter)
            return response
        } catch is CitizenLoginRequired {
            return Self.citizenLogin(request)
        } catch let error as any HTTPResponseError {
            return try await respond(DomainError.from(status: error.status), request: request, context: context)
        } catch {
            context.logger.error("unexpected error", metadata: ["error": "\(String(reflecting: error))", "path": "\(request.uri.path)"])
            let body = APIErrorBody(
                error: .init(
                    code: "internal", message: strings.text("error.internal", .vi),
                    messageEn: strings.text("error.internal", .en)))
            return try JSONCoding.response(body, status: .internalServerError)
        }
    }

    func respond(_ error: DomainError, request: Request, context: AppRequestContext) async throws -> Response {
        if error.kind == .forbidden { await recordDenial(error, request: request, context: context) }
        if error.kind == .unauthenticated && !request.wantsJSON && request.uri.path.hasPrefix("/officer") {
            return Response.redirect(to: Routes.login.link(), type: .found)
        }
        let (vi, en) = strings.message(for: error)
        if request.wantsJSON {
            var headers = HTTPFields()
            if error.kind == .unauthenticated { headers[.wwwAuthenticate] = "Bearer" }
            return try JSONCoding.response(
                APIErrorBody(error: .init(code: error.code, message: vi, messageEn: en)),
                status: error.kind.status, headers: headers)
        }
        return try pages.render(
            ErrorPage(message: context.language == .vi ? vi : en, code: error.code), context: context,
            status: error.kind.status)
    }

    /// Writes the refusal; a failing audit log is logged and does not change the answer.
    func recordDenial(_ error: DomainError, request: Request, context: AppRequestContext) async {
        let actor = context.officer?.username ?? context.citizen.map { "citizen:\($0.id)" } ?? "anonymous"
        do {
            try await access.denied(actor: actor, path: request.uri.path, code: error.code, address: context.clientAddress)
        } catch {
            context.logger.error("audit of a denial failed", metadata: ["error": "\(error)"])
        }
    }

    /// The citizen login page, coming back to the page asked for once logged in.
    static func citizenLogin(_ request: Request) -> Response {
        .redirect(
            to: Routes.citizenLogin.link() + "?next="
                + (request.uri.path.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""),
            type: .normal)
    }
}

/// The page of an error answered to a browser.
struct ErrorPage: PageModel {
    static let template = "error"
    let message: String
    let code: String
}
