import Domain
import Foundation
import Hummingbird
import HummingbirdBcrypt

/// Officer login and logout, shared by the API (bearer tokens) and the login page (cookies).
struct SessionService: Sendable {
    let accounts: any AccountRepository
    let audit: any AuditLog
    let limiter: LoginRateLimiter
    let settings: WebSettings
    /// A bcrypt hash of nothing in particular, checked when the username is unknown so that
    /// timing does not reveal which usernames exist.
    let decoyHash: String

    /// A new session token and its officer, or an error (wrong credentials, too many attempts).
    func login(username: String, password: String, client: String) async throws -> (token: String, officer: Officer, csrf: String) {
        let name = username.trimmingCharacters(in: .whitespaces).lowercased()
        guard !name.isEmpty, name.count <= 100, !password.isEmpty, password.count <= 200 else {
            throw DomainError(.invalid, "auth.missingCredentials")
        }
        let keys = ["user:\(name)", "ip:\(client)"]
        if await limiter.isBlocked(user: keys[0], address: keys[1]) {
            try await audit.record(AuditEntry(actor: name, action: "login.blocked", ip: client, at: Date()))
            throw DomainError(.tooManyRequests, "auth.tooManyAttempts")
        }
        let found = try await accounts.credentials(username: name)
        let hash = found?.passwordHash ?? decoyHash
        let valid = await Task.detached { Bcrypt.verify(password, hash: hash) }.value
        guard let found, valid, found.officer.active else {
            await limiter.recordFailure(keys)
            try await audit.record(AuditEntry(actor: name, action: "login.failed", ip: client, at: Date()))
            throw DomainError(.unauthenticated, "auth.invalidCredentials")
        }
        await limiter.reset("user:\(name)")
        let token = Tokens.random()
        let csrf = Tokens.random()
        try await accounts.createSession(
            tokenHash: Tokens.hash(token), officerId: found.officer.id, csrfToken: csrf,
            expiresAt: Date().addingTimeInterval(Double(settings.sessionHours) * 3600))
        try await audit.record(AuditEntry(actor: name, action: "login", ip: client, at: Date()))
        return (token, found.officer, csrf)
    }

    func logout(_ context: AppRequestContext) async throws {
        guard let hash = context.sessionTokenHash else { return }
        try await accounts.deleteSession(tokenHash: hash)
        try await audit.record(AuditEntry(actor: context.officer?.username ?? "?", action: "logout", ip: context.clientAddress, at: Date()))
    }
}

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

    let sessions: SessionService
    let settings: WebSettings

    func addRoutes(to router: Router<AppRequestContext>) {
        router.on(Routes.apiSession, .post, create)
        router.on(Routes.apiSession, .delete, delete)
    }

    @Sendable func create(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let body = try await JSONCoding.decode(Credentials.self, from: request, limit: 16 << 10)
        let (token, officer, csrf) = try await sessions.login(
            username: body.username, password: body.password, client: context.clientAddress)
        return try JSONCoding.response(Created(token: token, csrfToken: csrf, officer: officer), status: .created)
    }

    @Sendable func delete(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        _ = try context.requireOfficer()
        try await sessions.logout(context)
        return Response(status: .noContent)
    }
}
