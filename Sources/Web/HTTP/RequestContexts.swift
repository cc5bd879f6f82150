import Domain
import Hummingbird

/// What pages, forms and error answers read from any request context of the platform: the request
/// as the session middleware resolved it (caller, language, CSRF token, client address).
protocol WebContext: RequestContext {
    /// The context the session middleware filled in.
    var app: AppRequestContext { get }
}

extension WebContext {
    var language: Language { app.language }
    var clientAddress: String { app.clientAddress }
    var clientKey: String { app.clientKey }
    var csrfToken: String? { app.csrfToken }
    var languageSwitch: String? { app.languageSwitch }
    var maxBody: Int { app.maxBody }

    /// A path parameter that the route pattern guarantees.
    func parameter(_ name: String) throws -> String {
        guard let value = parameters.get(name) else { throw DomainError(.notFound, "http.notFound") }
        return value
    }
}

extension AppRequestContext: WebContext {
    var app: AppRequestContext { self }
}

/// What an officer route group requires beyond a logged-in officer: a role, or none.
protocol OfficerRequirement: Sendable {
    static var role: Role? { get }
}

/// Any logged-in officer.
enum AnyOfficer: OfficerRequirement { static var role: Role? { nil } }
/// An officer holding the administrator role.
enum Administrator: OfficerRequirement { static var role: Role? { .admin } }
/// An officer holding the receiving role (the one-stop counter).
enum ReceivingOfficer: OfficerRequirement { static var role: Role? { .receiving } }

/// The context of an officer route group: the officer is resolved once, before any handler runs,
/// and a caller without a session (401) or without the group's role (403) never reaches it.
struct OfficerRequestContext<Requirement: OfficerRequirement>: ChildRequestContext, WebContext {
    var coreContext: CoreRequestContextStorage
    let app: AppRequestContext
    /// The logged-in officer.
    let officer: Officer

    init(context: AppRequestContext) throws {
        guard let officer = context.officer else { throw DomainError(.unauthenticated, "auth.required") }
        if let role = Requirement.role, !officer.roles.contains(role) { throw DomainError.forbidden("auth.roleRequired") }
        self.coreContext = context.coreContext
        self.app = context
        self.officer = officer
    }

    var maxUploadSize: Int { app.maxBody }
}

/// Routes of any logged-in officer.
typealias OfficerContext = OfficerRequestContext<AnyOfficer>
/// Routes of administrators.
typealias AdminContext = OfficerRequestContext<Administrator>
/// Routes of the one-stop counter.
typealias ReceivingContext = OfficerRequestContext<ReceivingOfficer>

/// Thrown when a citizen page is asked for without a citizen session: the error middleware
/// answers with the citizen login page, which comes back to the page asked for.
struct CitizenLoginRequired: Error {}

/// The context of the citizen route group: the citizen is resolved once, before any handler runs.
struct CitizenRequestContext: ChildRequestContext, WebContext {
    var coreContext: CoreRequestContextStorage
    let app: AppRequestContext
    /// The logged-in citizen.
    let citizen: Citizen

    init(context: AppRequestContext) throws {
        guard let citizen = context.citizen else { throw CitizenLoginRequired() }
        self.coreContext = context.coreContext
        self.app = context
        self.citizen = citizen
    }

    var maxUploadSize: Int { app.maxBody }
}
