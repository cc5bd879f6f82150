import Domain
import Mustache

/// What every page shows around its content: the caller (officer or citizen), the language and its
/// switch, the CSRF token, the string catalogue (`t`) and the site's links.
struct PageChrome: MustacheParent {
    let strings: Strings
    let context: AppRequestContext
    /// What the page read of the caller's own values.
    let reads = Reads()

    /// Whether the page showed the caller's form token (a page that did is the caller's own).
    final class Reads {
        var csrf = false
    }

    func child(named name: String) -> Any? {
        switch name {
        case "t": return strings.table(context.language)
        case "lang": return context.language.rawValue
        case "isEnglish": return context.language == .en
        case "languageSwitch": return context.languageSwitch ?? (context.language == .en ? "?lang=vi" : "?lang=en")
        case "csrf":
            reads.csrf = true
            return context.csrfToken ?? ""
        case "stylesheet": return StaticAsset.stylesheet.link(Routes.stylesheet)
        case "icon": return StaticAsset.icon.link(Routes.icon)
        case "reportScript": return StaticAsset.reportScript.link(Routes.reportScript)
        case "printScript": return StaticAsset.printScript.link(Routes.printScript)
        case "links": return Self.links
        case "citizen": return context.officer == nil ? context.citizen.map(CitizenBadge.init) : nil
        case "officer": return context.officer.map { OfficerBadge($0, strings: strings, language: context.language) }
        default: return nil
        }
    }

    /// The site's links, by the names templates use.
    static let links: [String: String] = [
        "home": Routes.home.link(), "tracking": Routes.tracking.link(), "login": Routes.login.link(),
        "logout": Routes.logout.link(), "officerSecurity": Routes.officerSecurity.link(), "queue": Routes.queue.link(),
        "receive": Routes.receiptForm.link(),
        "procedures": Routes.procedures.link(), "citizenLogin": Routes.citizenLogin.link(), "register": Routes.register.link(),
        "verify": Routes.verify.link(), "reports": Routes.reports.link(), "newReport": Routes.newReport.link(),
        "officerReports": Routes.officerReports.link(), "operations": Routes.operations.link(),
        "dti": Routes.dti.link(), "calendarYears": Routes.calendarYears.link(),
        "adminOfficers": Routes.adminOfficers.link(),
        "adminWorkflows": Routes.adminWorkflows.link(), "adminAgencies": Routes.adminAgencies.link(),
        "adminReportCategories": Routes.adminReportCategories.link(),
        "adminProcedures": Routes.adminProcedures.link(),
        "adminAPIKeys": Routes.adminAPIKeys.link(),
        "adminExchange": Routes.adminExchangePeers.link(),
        "officialDocuments": Routes.officialDocuments.link(),
        "dossierSearch": Routes.dossierSearch.link(),
    ]
}

/// The logged-in citizen in the page header.
struct CitizenBadge: Sendable {
    let fullName: String
    let myDossiers = Routes.myDossiers.link()
    let account = Routes.account.link()
    let logout = Routes.citizenLogout.link()

    init(_ citizen: Citizen) { fullName = citizen.profile.fullName }
}

/// The logged-in officer in the page header.
struct OfficerBadge: Sendable {
    let fullName: String
    let username: String
    let roles: String
    let canReceive: Bool
    let canOperate: Bool
    let isAdmin: Bool

    init(_ officer: Officer, strings: Strings, language: Language) {
        fullName = officer.fullName
        username = officer.username
        roles = officer.roles.sorted().map { strings.text("role.\($0.rawValue)", language) }.joined(separator: ", ")
        canReceive = officer.roles.contains(.receiving)
        canOperate = officer.roles.contains(.leader) || officer.roles.contains(.admin)
        isAdmin = officer.roles.contains(.admin)
    }
}
