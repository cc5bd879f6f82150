import Domain
import Foundation
import Hummingbird
import HummingbirdBcrypt

/// Citizen accounts: register, log in and out, and the profile declared once.
struct CitizenAccountController: Sendable {
    let accounts: CitizenAccountService
    let identity: any IdentityProvider
    let agencies: any AgencyRepository
    let documents: any DocumentRepository
    let portal: PortalService
    let pages: PageRenderer
    let settings: WebSettings
    let clock: Clock
    let bcryptCost: Int

    func addRoutes(to groups: RouteGroups) {
        groups.open.on(Routes.register, .get) { request, context in
            try pages.render(RegisterPage(next: Self.next(request.uri.queryParameters.get("next"))), context: context)
        }
        groups.open.on(Routes.register, .post, register)
        groups.open.on(Routes.citizenLogin, .get) { request, context in
            try pages.render(CitizenLoginPage(next: Self.next(request.uri.queryParameters.get("next"))), context: context)
        }
        groups.open.on(Routes.citizenLogin, .post, login)
        groups.open.on(Routes.citizenLogout, .post, logout)
        groups.citizens.on(Routes.account, .get) { request, context in
            try await accountPage(context, values: nil, saved: request.uri.queryParameters.get("saved") == "1", error: nil)
        }
        groups.citizens.on(Routes.account, .post, updateProfile)
    }

    /// A local path to go to after logging in; anything else goes to "my dossiers".
    static func next(_ raw: String?) -> String { SafeRedirect.localPath(raw) ?? Routes.myDossiers.link() }

    /// Today in the province, for checking a birth date.
    var today: LocalDate { LocalDate.local(clock.now(), utcOffsetSeconds: Format.offset).date }

    @Sendable func register(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let form = try await FormData.read(request, limit: settings.maxBodyBytes)
        let next = Self.next(form["next"])
        do {
            let password = form.fields["password"] ?? ""
            guard password.count >= 8, password.count <= 200 else { throw DomainError.invalid("password", "citizen.weakPassword") }
            guard password == form.fields["passwordConfirm"] else {
                throw DomainError.invalid("passwordConfirm", "citizen.passwordMismatch")
            }
            guard form["phone"] != nil || form["email"] != nil else { throw DomainError.invalid("phone", "citizen.needLogin") }
            let profile = try CitizenProfile(fullName: form["fullName"] ?? "", phone: form["phone"], email: form["email"])
                .normalised(today: today)
            // A taken phone or e-mail is found before hashing, but answered after the same hashing, so
            // that it is no faster than a new account (the store's unique check stays the last word).
            var taken = false
            for login in [profile.phone, profile.email].compactMap({ $0 }) where try await accounts.credentials(login: login) != nil {
                taken = true
            }
            let cost = UInt8(bcryptCost)
            let hash = await Task.detached { Bcrypt.hash(password, cost: cost) }.value
            if taken { throw DomainError.conflict("citizen.exists") }
            let citizen = try await accounts.register(
                profile, passwordHash: hash, consented: form["consent"] == "yes", address: context.clientAddress)
            return try await startSession(for: citizen, request: request, redirect: next)
        } catch let error as DomainError {
            let page = RegisterPage(
                next: next, error: pages.message(error, context), fullName: form["fullName"] ?? "", phone: form["phone"] ?? "",
                email: form["email"] ?? "")
            return try pages.render(page, context: context, status: error.kind.status)
        }
    }

    @Sendable func login(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let form = try await FormData.read(request, limit: settings.maxBodyBytes)
        let next = Self.next(form["next"])
        do {
            let citizen = try await identity.authenticate(
                ["login": form["login"] ?? "", "password": form.fields["password"] ?? ""],
                client: context.clientAddress)
            return try await startSession(for: citizen, request: request, redirect: next)
        } catch let error as DomainError {
            let page = CitizenLoginPage(next: next, error: pages.message(error, context), login: form["login"] ?? "")
            return try pages.render(page, context: context, status: error.kind.status)
        }
    }

    private func startSession(for citizen: Citizen, request: Request, redirect: String) async throws -> Response {
        let token = Tokens.random()
        try await accounts.startSession(
            for: citizen, tokenHash: Tokens.hash(token), csrfToken: Tokens.random(), hours: settings.sessionHours)
        var response = Response.redirect(to: redirect, type: .normal)
        response.setCookie(
            Cookie(
                name: SessionMiddleware.citizenCookie, value: token, maxAge: settings.sessionHours * 3600,
                path: "/", secure: settings.isSecure(request), httpOnly: true, sameSite: .lax))
        return response
    }

    @Sendable func logout(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        if let hash = context.citizenSessionHash {
            try await accounts.endSession(tokenHash: hash, citizen: context.citizen, address: context.clientAddress)
        }
        var response = Response.redirect(to: Routes.home.link(), type: .normal)
        response.setCookie(Cookie(name: SessionMiddleware.citizenCookie, value: "", maxAge: 0, path: "/", httpOnly: true, sameSite: .lax))
        return response
    }

    @Sendable func updateProfile(_ request: Request, _ context: CitizenRequestContext) async throws -> Response {
        let form = try await FormData.read(request, limit: settings.maxBodyBytes)
        do {
            let birth: LocalDate?
            if let text = form["birthDate"] {
                guard let day = LocalDate(iso: text) else { throw DomainError.invalid("birthDate") }
                birth = day
            } else {
                birth = nil
            }
            let profile = try CitizenProfile(
                fullName: form["fullName"] ?? "", birthDate: birth, idNumber: form["idNumber"],
                unitCode: form["unitCode"], address: form["address"], phone: form["phone"], email: form["email"]
            )
            .normalised(today: today)
            _ = try await accounts.updateProfile(of: context.citizen, to: profile, address: context.clientAddress)
            return .redirect(to: Routes.account.link() + "?saved=1", type: .normal)
        } catch let error as DomainError {
            return try await accountPage(
                context, values: .init(form: form.fields), saved: false, error: pages.message(error, context),
                status: error.kind.status)
        }
    }

    func accountPage(
        _ context: CitizenRequestContext, values: AccountPage.Values?, saved: Bool, error: String?,
        status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let citizen = context.citizen
        let v = values ?? AccountPage.Values(citizen.profile)
        let page = AccountPage(
            values: v, communes: try await PortalViews.communes(agencies, selected: v.unitCode),
            documents: try await documents.documents(citizenId: citizen.id), payments: try await portal.payments(of: citizen),
            error: error, saved: saved)
        return try pages.render(page, context: context, status: status)
    }
}
