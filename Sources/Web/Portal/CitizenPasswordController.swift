import Domain
import Foundation
import Hummingbird
import HummingbirdBcrypt

/// Citizens' passwords: changing one (the other sessions end) and resetting a forgotten one with
/// a code sent to the account's phone or e-mail. The request page answers the same whether or
/// not the account exists; both reset pages are rate-limited per client address.
struct CitizenPasswordController: Sendable {
    let accounts: CitizenAccountService
    let passwords: CitizenPasswordService
    let limiter: RequestRateLimiter
    let pages: PageRenderer
    let settings: WebSettings
    let bcryptCost: Int

    func addRoutes(to groups: RouteGroups) {
        groups.citizens.on(Routes.citizenPassword, .get) { _, context in
            try pages.render(PasswordChangePage(action: Routes.citizenPassword.link()), context: context)
        }
        groups.citizens.on(Routes.citizenPassword, .post, change)
        groups.open.on(Routes.passwordReset, .get) { _, context in try pages.render(PasswordResetPage(), context: context) }
        groups.open.on(Routes.passwordReset, .post, requestCode)
        groups.open.on(Routes.passwordResetCode, .get) { request, context in
            try pages.render(PasswordResetPage(confirm: true, login: request.uri.queryParameters.get("login") ?? ""), context: context)
        }
        groups.open.on(Routes.passwordResetCode, .post, reset)
    }

    func hash(_ password: String) async -> String {
        let cost = UInt8(bcryptCost)
        return await Task.detached { Bcrypt.hash(password, cost: cost) }.value
    }

    @Sendable func change(_ request: Request, _ context: CitizenRequestContext) async throws -> Response {
        let form = try await FormData.read(request, limit: settings.maxBodyBytes)
        var page = PasswordChangePage(action: Routes.citizenPassword.link())
        do {
            let current = form.fields["current"] ?? ""
            let password = form.fields["password"] ?? ""
            let login = context.citizen.profile.phone ?? context.citizen.profile.email ?? ""
            guard let stored = try await accounts.credentials(login: login)?.passwordHash, !current.isEmpty, current.count <= 200,
                await Task.detached(operation: { Bcrypt.verify(current, hash: stored) }).value
            else { throw DomainError.invalid("current", "password.wrongCurrent") }
            try PasswordRules.check(password, differentFrom: current)
            guard password == form.fields["passwordConfirm"] else {
                throw DomainError.invalid("passwordConfirm", "citizen.passwordMismatch")
            }
            try await passwords.changePassword(
                of: context.citizen, passwordHash: await hash(password), keepSession: context.app.citizenSessionHash,
                address: context.clientAddress)
            page.done = true
            return try pages.render(page, context: context)
        } catch let error as DomainError {
            page.error = pages.message(error, context)
            return try pages.render(page, context: context, status: error.kind.status)
        }
    }

    @Sendable func requestCode(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let form = try await FormData.read(request, limit: settings.maxBodyBytes)
        let login = LocalIdentityProvider.normalisedLogin(form["login"] ?? "")
        guard !login.isEmpty, login.count <= 254 else {
            let error = DomainError.invalid("login", "auth.missingCredentials")
            return try pages.render(PasswordResetPage(error: pages.message(error, context)), context: context, status: .badRequest)
        }
        guard try await limiter.allow(context.clientAddress) else { throw DomainError(.tooManyRequests, "auth.tooManyAttempts") }
        let code = Self.newCode()
        try await passwords.requestReset(
            login: login, code: code, codeHash: Tokens.hash(code), language: context.language.rawValue, address: context.clientAddress)
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "@.-_")
        return .redirect(
            to: Routes.passwordResetCode.link() + "?login=" + (login.addingPercentEncoding(withAllowedCharacters: allowed) ?? ""),
            type: .normal)
    }

    @Sendable func reset(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let form = try await FormData.read(request, limit: settings.maxBodyBytes)
        let login = LocalIdentityProvider.normalisedLogin(form["login"] ?? "")
        var page = PasswordResetPage(confirm: true, login: login)
        do {
            guard try await limiter.allow(context.clientAddress) else { throw DomainError(.tooManyRequests, "auth.tooManyAttempts") }
            let code = (form["code"] ?? "").filter(\.isNumber)
            let password = form.fields["password"] ?? ""
            guard !login.isEmpty, login.count <= 254, code.count == 6 else { throw DomainError.invalid("code", "reset.invalidCode") }
            try PasswordRules.check(password)
            guard password == form.fields["passwordConfirm"] else {
                throw DomainError.invalid("passwordConfirm", "citizen.passwordMismatch")
            }
            let (citizen, resetId) = try await passwords.checkReset(
                login: login, codeHash: Tokens.hash(code), address: context.clientAddress)
            try await passwords.completeReset(
                citizen: citizen, resetId: resetId, passwordHash: await hash(password), address: context.clientAddress)
            return try pages.render(PasswordResetPage(done: true), context: context)
        } catch let error as DomainError {
            page.error = pages.message(error, context)
            return try pages.render(page, context: context, status: error.kind.status)
        }
    }

    /// Six random digits.
    static func newCode() -> String {
        var generator = SystemRandomNumberGenerator()
        let value = String(generator.next(upperBound: UInt32(1_000_000)))
        return String(repeating: "0", count: 6 - value.count) + value
    }
}

/// Resetting a forgotten password (`password-reset` template): asking for a code, then the code
/// and the new password, then done.
struct PasswordResetPage: PageModel {
    static let template = "password-reset"
    let requestAction = Routes.passwordReset.link()
    let confirmAction = Routes.passwordResetCode.link()
    let loginLink = Routes.citizenLogin.link()
    var confirm = false
    var login = ""
    var done = false
    var error: String?
}
