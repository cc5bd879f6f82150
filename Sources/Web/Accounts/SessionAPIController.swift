import Domain
import Foundation
import Hummingbird

/// `POST /api/v1/session` (log in, get a bearer token) and `DELETE` (log out).
struct SessionAPIController: Sendable {
    struct Credentials: Decodable {
        let username: String
        let password: String
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
        let (token, officer, csrf) = try await sessions.login(
            username: body.username, password: body.password, client: context.clientAddress)
        return try JSONCoding.response(Created(token: token, csrfToken: csrf, officer: officer), status: .created)
    }

    @Sendable func delete(_ request: Request, _ context: OfficerContext) async throws -> Response {
        try await sessions.logout(context)
        return Response(status: .noContent)
    }
}
