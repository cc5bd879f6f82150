import Domain
import Foundation
import Hummingbird

/// `POST /api/v1/session` (log in, get a bearer token) and `DELETE` (log out).
struct SessionAPIController: Sendable {
    struct Credentials: Decodable {
        let username: String
        let password: String
        /// The second factor's current code (or a recovery code), for an officer who has one.
        let code: String?
    }
    struct Created: Encodable, Sendable {
        let token: String
        let csrfToken: String
        let officer: Officer
    }

    let sessions: OfficerSessions

    func addRoutes(to groups: RouteGroups) {
        groups.open.on(Routes.apiSession, .post, create)
        groups.officers.on(Routes.apiSession, .delete, delete)
    }

    @Sendable func create(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let body = try await JSONCoding.decode(Credentials.self, from: request, limit: 16 << 10)
        let (token, outcome, csrf) = try await sessions.login(
            username: body.username, password: body.password, code: body.code, client: context.clientAddress)
        guard case .signedIn(let officer) = outcome else {
            // The API cannot enrol: that is done once on the officer's security page.
            throw outcome == .codeRequired
                ? DomainError(.unauthenticated, "auth.codeRequired") : DomainError.forbidden("auth.enrolmentRequired")
        }
        return try JSONCoding.response(Created(token: token, csrfToken: csrf, officer: officer), status: .created)
    }

    @Sendable func delete(_ request: Request, _ context: OfficerContext) async throws -> Response {
        try await sessions.logout(context)
        return Response(status: .noContent)
    }
}
