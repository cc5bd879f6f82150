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
    /// The identity provider's logout address for a citizen it signed in (nil: the local logout alone).
    var providerLogout: (@Sendable (String) async -> String?)?

    func addRoutes(to groups: RouteGroups) {
        groups.open.on(Routes.register, .get) { request, context in
            let next = Self.next(request.uri.queryParameters.get("next"))
            guard settings.localPasswordSignIn else { return try loginPage(next: next, error: Self.localDisabled, context: context) }
            return try pages.render(RegisterPage(next: next), context: context)
        }
        groups.open.on(Routes.register, .post, register)
        groups.open.on(Routes.citizenLogin, .get) { request, context in
            try loginPage(next: Self.next(request.uri.queryParameters.get("next")), error: nil, context: context)
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

    /// The refusal of a password login or registration where the province allows only its identity provider.
    static let localDisabled = DomainError(.forbidden, "auth.localDisabled")

    /// The login form with the sign-in ways the settings allow.
    func loginPage(next: String, error: DomainError?, login: String? = nil, context: AppRequestContext) throws -> Response {
        var page = CitizenLoginPage(next: next, error: error.map { pages.message($0, context) }, login: login)
        page.offer(settings)
        return try pages.render(page, context: context, status: error?.kind.status ?? .ok)
    }

    /// Today in the province, for checking a birth date.
    var today: LocalDate { LocalDate.local(clock.now(), utcOffsetSeconds: Format.offset).date }

    @Sendable func register(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let form = try await FormData.read(request, limit: settings.maxBodyBytes)
        let next = Self.next(form["next"])
        guard settings.localPasswordSignIn else { return try loginPage(next: next, error: Self.localDisabled, context: context) }
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
        guard settings.localPasswordSignIn else { return try loginPage(next: next, error: Self.localDisabled, context: context) }
        do {
            let citizen = try await identity.authenticate(
                ["login": form["login"] ?? "", "password": form.fields["password"] ?? ""],
                client: context.clientAddress)
            return try await startSession(for: citizen, request: request, redirect: next)
        } catch let error as DomainError {
            return try loginPage(next: next, error: error, login: form["login"] ?? "", context: context)
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
        var destination = Routes.home.link()
        if let providerLogout, let citizen = context.citizen, citizen.identityLevel > .selfDeclared,
            let location = await providerLogout(settings.origin + Routes.home.link())
        {
            destination = location
        }
        var response = Response.redirect(to: destination, type: .normal)
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
        var page = AccountPage(
            values: v, communes: try await PortalViews.communes(agencies, selected: v.unitCode),
            documents: try await documents.documents(citizenId: citizen.id), payments: try await portal.payments(of: citizen),
            error: error, saved: saved)
        page.verifiedLevel = citizen.identityLevel > .selfDeclared ? citizen.identityLevel.rawValue : nil
        return try pages.render(page, context: context, status: status)
    }
}
