import Domain
import Foundation
import Hummingbird

/// The officer's second factor and password: the code after the password, the enrolment a role
/// may require before anything else, the security page (enrol, remove) and changing the password.
struct SecondFactorController: Sendable {
    let service: OfficerSessionService
    let pages: PageRenderer
    let settings: WebSettings

    var factor: SecondFactor { service.secondFactor }

    func addRoutes(to groups: RouteGroups) {
        groups.open.on(Routes.loginCode, .get) { request, context in
            guard let hash = OfficerLoginCookies.pendingHash(request), try await service.pending(tokenHash: hash) != nil else {
                return .redirect(to: Routes.login.link(), type: .normal)
            }
            return try pages.render(TOTPCodePage(), context: context)
        }
        groups.open.on(Routes.loginCode, .post, code)
        groups.open.on(Routes.loginEnrol, .get) { request, context in try await forcedEnrolment(request, context, ticket: nil, error: nil) }
        groups.open.on(Routes.loginEnrol, .post, enrolAtLogin)
        groups.officers.on(Routes.officerSecurity, .get) { _, context in try await securityPage(context, ticket: nil, error: nil) }
        groups.officers.on(Routes.officerTOTP, .post, enrol)
        groups.officers.on(Routes.officerTOTPDisable, .post, disable)
        groups.officers.on(Routes.officerPassword, .get) { _, context in
            try pages.render(
                PasswordChangePage(action: Routes.officerPassword.link(), required: context.officer.mustChangePassword), context: context)
        }
        groups.officers.on(Routes.officerPassword, .post, changePassword)
    }

    @Sendable func code(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let form = try await FormData.read(request, limit: settings.maxBodyBytes)
        guard let hash = OfficerLoginCookies.pendingHash(request) else { return .redirect(to: Routes.login.link(), type: .normal) }
        let (token, keys) = OfficerSessions.newSession()
        do {
            _ = try await service.completeLogin(pendingHash: hash, code: form["code"] ?? "", from: context.clientAddress, keys: keys)
            return OfficerLoginCookies.session(token, request: request, settings: settings, redirect: Routes.queue.link())
        } catch let error as DomainError {
            return try pages.render(TOTPCodePage(error: pages.message(error, context)), context: context, status: error.kind.status)
        }
    }

    func forcedEnrolment(_ request: Request, _ context: AppRequestContext, ticket: String?, error: String?) async throws -> Response {
        guard let hash = OfficerLoginCookies.pendingHash(request), let pending = try await service.pending(tokenHash: hash),
            pending.mustEnrol
        else { return .redirect(to: Routes.login.link(), type: .normal) }
        var page = OfficerSecurityPage(forced: true, error: error)
        page.enrolment = try enrolment(pending.officer, ticket: ticket, action: Routes.loginEnrol.link())
        return try pages.render(page, context: context, status: error == nil ? .ok : .badRequest)
    }

    @Sendable func enrolAtLogin(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let form = try await FormData.read(request, limit: settings.maxBodyBytes)
        guard let hash = OfficerLoginCookies.pendingHash(request) else { return .redirect(to: Routes.login.link(), type: .normal) }
        let (token, keys) = OfficerSessions.newSession()
        do {
            let (_, codes) = try await service.enrolAndLogin(
                pendingHash: hash, ticket: form["ticket"] ?? "", code: form["code"] ?? "", from: context.clientAddress, keys: keys)
            // The codes page is the first of the session: the chrome shows the caller of the request,
            // so it is rendered without one and the cookie set on it.
            var response = try pages.render(RecoveryCodesPage(codes: codes), context: context)
            OfficerLoginCookies.set(token, on: &response, request: request, settings: settings)
            return response
        } catch let error as DomainError {
            return try await forcedEnrolment(request, context, ticket: form["ticket"], error: pages.message(error, context))
        }
    }

    /// The enrolment of `ticket` (after a wrong code, the same secret again) or a new one.
    func enrolment(_ officer: Officer, ticket: String?, action: String) throws -> OfficerSecurityPage.Enrolment {
        if let ticket, let secret = factor.secret(ofTicket: ticket, for: officer) {
            return OfficerSecurityPage.enrolment(secret: secret, ticket: ticket, username: officer.username, action: action)
        }
        let (secret, newTicket) = try factor.startEnrolment(for: officer)
        return OfficerSecurityPage.enrolment(secret: secret, ticket: newTicket, username: officer.username, action: action)
    }

    func securityPage(_ context: OfficerContext, ticket: String?, error: String?, status: HTTPResponse.Status = .ok) async throws
        -> Response
    {
        var page = OfficerSecurityPage(error: error)
        if let current = try await factor.status(of: context.officer) {
            page.enrolled = true
            page.recoveryLeft = current.recoveryCodesLeft
        } else {
            page.enrolment = try enrolment(context.officer, ticket: ticket, action: Routes.officerTOTP.link())
        }
        return try pages.render(page, context: context, status: status)
    }

    @Sendable func enrol(_ request: Request, _ context: OfficerContext) async throws -> Response {
        let form = try await FormData.read(request, limit: settings.maxBodyBytes)
        do {
            let codes = try await factor.confirmEnrolment(
                for: context.officer, ticket: form["ticket"] ?? "", code: form["code"] ?? "",
                by: AuditActor(context.officer, address: context.clientAddress))
            return try pages.render(RecoveryCodesPage(codes: codes), context: context)
        } catch let error as DomainError {
            return try await securityPage(context, ticket: form["ticket"], error: pages.message(error, context), status: error.kind.status)
        }
    }

    @Sendable func disable(_ request: Request, _ context: OfficerContext) async throws -> Response {
        let form = try await FormData.read(request, limit: settings.maxBodyBytes)
        do {
            try await factor.disable(
                for: context.officer, code: form["code"] ?? "", by: AuditActor(context.officer, address: context.clientAddress))
            return .redirect(to: Routes.officerSecurity.link(), type: .normal)
        } catch let error as DomainError {
            return try await securityPage(context, ticket: nil, error: pages.message(error, context), status: error.kind.status)
        }
    }

    @Sendable func changePassword(_ request: Request, _ context: OfficerContext) async throws -> Response {
        let form = try await FormData.read(request, limit: settings.maxBodyBytes)
        var page = PasswordChangePage(action: Routes.officerPassword.link(), required: context.officer.mustChangePassword)
        do {
            let password = form.fields["password"] ?? ""
            guard password == form.fields["passwordConfirm"] else {
                throw DomainError.invalid("passwordConfirm", "citizen.passwordMismatch")
            }
            try await service.changePassword(
                of: context.officer, current: form.fields["current"] ?? "", new: password, keepSession: context.app.sessionTokenHash,
                by: AuditActor(context.officer, address: context.clientAddress))
            page.done = true
            return try pages.render(page, context: context)
        } catch let error as DomainError {
            page.error = pages.message(error, context)
            return try pages.render(page, context: context, status: error.kind.status)
        }
    }
}
