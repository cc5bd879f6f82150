import Domain
import Foundation
import Hummingbird
import HummingbirdBcrypt

/// Citizen accounts: register, log in and out, and the profile declared once.
struct CitizenAccountController: Sendable {
    let citizens: any CitizenRepository
    let identity: any IdentityProvider
    let agencies: any AgencyRepository
    let documents: any DocumentRepository
    let portal: PortalService
    let audit: any AuditLog
    let pages: PageRenderer
    let settings: WebSettings
    let bcryptCost: Int

    func addRoutes(to router: Router<AppRequestContext>) {
        router.on(Routes.register, .get) { request, context in
            try pages.render("register", ["next": Self.next(request.uri.queryParameters.get("next"))], context: context)
        }
        router.on(Routes.register, .post, register)
        router.on(Routes.citizenLogin, .get) { request, context in
            try pages.render(
                "citizen-login",
                [
                    "next": Self.next(request.uri.queryParameters.get("next")),
                    "registerLink": Routes.register.link(),
                ], context: context)
        }
        router.on(Routes.citizenLogin, .post, login)
        router.on(Routes.citizenLogout, .post, logout)
        router.on(Routes.account, .get) { request, context in
            try await accountPage(context, values: nil, saved: request.uri.queryParameters.get("saved") == "1", error: nil)
        }
        router.on(Routes.account, .post, updateProfile)
    }

    /// A local path to go to after logging in; anything else goes to "my dossiers".
    static func next(_ raw: String?) -> String {
        guard let raw, raw.hasPrefix("/"), !raw.hasPrefix("//"), !raw.contains("\\"), raw.count <= 300 else {
            return Routes.myDossiers.link()
        }
        return raw
    }

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
                .normalised(today: LocalDate.local(Date(), utcOffsetSeconds: Format.offset).date)
            let cost = UInt8(bcryptCost)
            let hash = await Task.detached { Bcrypt.hash(password, cost: cost) }.value
            let citizen = try await citizens.register(profile, passwordHash: hash, now: Date())
            try await audit.record(
                AuditEntry(actor: "citizen:\(citizen.id)", action: "citizen.register", ip: context.clientAddress, at: Date()))
            return try await startSession(for: citizen, request: request, redirect: next)
        } catch let error as DomainError {
            return try pages.render(
                "register",
                [
                    "error": pages.message(error, context), "next": next, "fullName": form["fullName"] ?? "",
                    "phone": form["phone"] ?? "", "email": form["email"] ?? "",
                ],
                context: context, status: error.kind.status)
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
            return try pages.render(
                "citizen-login",
                [
                    "error": pages.message(error, context), "login": form["login"] ?? "", "next": next,
                    "registerLink": Routes.register.link(),
                ],
                context: context, status: error.kind.status)
        }
    }

    private func startSession(for citizen: Citizen, request: Request, redirect: String) async throws -> Response {
        let token = Tokens.random()
        try await citizens.createSession(
            tokenHash: Tokens.hash(token), citizenId: citizen.id, csrfToken: Tokens.random(),
            expiresAt: Date().addingTimeInterval(Double(settings.sessionHours) * 3600), now: Date())
        var response = Response.redirect(to: redirect, type: .normal)
        response.setCookie(
            Cookie(
                name: SessionMiddleware.citizenCookie, value: token, maxAge: settings.sessionHours * 3600,
                path: "/", secure: settings.isSecure(request), httpOnly: true, sameSite: .lax))
        return response
    }

    @Sendable func logout(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        if let hash = context.citizenSessionHash { try await citizens.deleteSession(tokenHash: hash) }
        var response = Response.redirect(to: Routes.home.link(), type: .normal)
        response.setCookie(Cookie(name: SessionMiddleware.citizenCookie, value: "", maxAge: 0, path: "/", httpOnly: true, sameSite: .lax))
        return response
    }

    @Sendable func updateProfile(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        guard let citizen = context.citizen else { return PortalPagesController.loginRedirect(request) }
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
            .normalised(today: LocalDate.local(Date(), utcOffsetSeconds: Format.offset).date)
            guard profile.phone != nil || profile.email != nil else { throw DomainError.invalid("phone", "citizen.needLogin") }
            if let unit = profile.unitCode, try await agencies.communeAgency(unitCode: unit, kind: .communeOneStop) == nil {
                throw DomainError.invalid("unitCode", "unit.notFound")
            }
            _ = try await citizens.updateProfile(citizenId: citizen.id, profile)
            try await audit.record(
                AuditEntry(actor: "citizen:\(citizen.id)", action: "citizen.profile", ip: context.clientAddress, at: Date()))
            return .redirect(to: Routes.account.link() + "?saved=1", type: .normal)
        } catch let error as DomainError {
            return try await accountPage(
                context, values: form.fields, saved: false, error: pages.message(error, context), status: error.kind.status)
        }
    }

    func accountPage(
        _ context: AppRequestContext, values: [String: String]?, saved: Bool, error: String?,
        status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        guard let citizen = context.citizen else {
            return .redirect(to: Routes.citizenLogin.link() + "?next=" + Routes.account.link(), type: .normal)
        }
        let p = citizen.profile
        let v =
            values ?? [
                "fullName": p.fullName, "birthDate": p.birthDate?.iso ?? "", "idNumber": p.idNumber ?? "",
                "unitCode": p.unitCode ?? "", "address": p.address ?? "", "phone": p.phone ?? "", "email": p.email ?? "",
            ]
        let docs: [[String: Any]] = try await documents.documents(citizenId: citizen.id).map { d in
            [
                "title": d.title, "fileName": d.fileName, "link": Routes.document.link(String(d.id)), "isResult": d.kind == .result,
                "createdAt": Format.instant(d.createdAt), "size": Format.fileSize(d.size),
            ]
        }
        let receipts: [[String: Any]] = try await portal.payments(of: citizen).map { pay in
            [
                "orderId": pay.orderId, "amount": Format.money(pay.amount), "paid": pay.status == .paid,
                "paidAt": pay.paidAt.map(Format.instant) as Any, "transaction": pay.providerTransaction as Any,
            ]
        }
        return try pages.render(
            "account",
            [
                "values": v, "communes": try await PortalViews.communes(agencies, selected: v["unitCode"]),
                "documents": docs, "hasDocuments": !docs.isEmpty, "receipts": receipts, "hasReceipts": !receipts.isEmpty,
                "error": error as Any, "saved": saved,
            ], context: context, status: status)
    }
}
