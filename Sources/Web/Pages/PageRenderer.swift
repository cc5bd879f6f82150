import Domain
import Foundation
import Hummingbird
import Mustache

/// Renders server-side pages: mustache templates (HTML-escaped by default) with the string
/// catalogue of the caller's language, the caller, the CSRF token and the site's links.
public struct PageRenderer: Sendable {
    let library: MustacheLibrary
    let strings: Strings

    /// Loads every template of the module's `Templates` folder.
    public static func load(strings: Strings) async throws -> PageRenderer {
        guard let url = Bundle.module.url(forResource: "Templates", withExtension: nil) else {
            throw DomainError(.notFound, "templates.missing")
        }
        return PageRenderer(library: try await MustacheLibrary(directory: url.path), strings: strings)
    }

    /// The page data without absent optionals, which mustache would otherwise render as "nil"
    /// and treat as present in `{{#section}}`.
    static func dropNils(_ value: Any) -> Any? {
        let mirror = Mirror(reflecting: value)
        if mirror.displayStyle == .optional {
            guard let wrapped = mirror.children.first?.value else { return nil }
            return dropNils(wrapped)
        }
        if let dictionary = value as? [String: Any] { return dictionary.compactMapValues(dropNils) }
        if let array = value as? [Any] { return array.compactMap(dropNils) }
        return value
    }

    /// The message of `error` in the caller's language.
    func message(_ error: DomainError, _ context: AppRequestContext) -> String {
        let (vi, en) = strings.message(for: error)
        return context.language == .en ? en : vi
    }

    /// An HTML response of `template` with `data` and the common page values.
    func render(_ template: String, _ data: [String: Any], context: AppRequestContext, status: HTTPResponse.Status = .ok) throws -> Response
    {
        var values = data
        values["t"] = strings.table(context.language)
        values["lang"] = context.language.rawValue
        values["isEnglish"] = context.language == .en
        values["languageSwitch"] = context.languageSwitch ?? (context.language == .en ? "?lang=vi" : "?lang=en")
        values["csrf"] = context.csrfToken ?? ""
        values["stylesheet"] = Routes.stylesheet.link()
        values["reportScript"] = Routes.reportScript.link()
        values["links"] = [
            "home": Routes.home.link(), "tracking": Routes.tracking.link(), "login": Routes.login.link(),
            "logout": Routes.logout.link(), "queue": Routes.queue.link(), "receive": Routes.receiptForm.link(),
            "procedures": Routes.procedures.link(), "citizenLogin": Routes.citizenLogin.link(), "register": Routes.register.link(),
            "verify": Routes.verify.link(), "reports": Routes.reports.link(), "newReport": Routes.newReport.link(),
            "officerReports": Routes.officerReports.link(), "operations": Routes.operations.link(),
            "dti": Routes.dti.link(),
        ]
        if let citizen = context.citizen, context.officer == nil {
            values["citizen"] = [
                "fullName": citizen.profile.fullName, "myDossiers": Routes.myDossiers.link(),
                "account": Routes.account.link(), "logout": Routes.citizenLogout.link(),
            ]
        }
        if let officer = context.officer {
            values["officer"] = [
                "fullName": officer.fullName, "username": officer.username,
                "roles": officer.roles.sorted().map { strings.text("role.\($0.rawValue)", context.language) }.joined(separator: ", "),
                "canReceive": officer.roles.contains(.receiving),
                "canOperate": officer.roles.contains(.leader) || officer.roles.contains(.admin),
            ]
        }
        guard let html = library.render(Self.dropNils(values) as Any, withTemplate: template) else {
            throw DomainError(.notFound, "templates.missing")
        }
        var headers = HTTPFields()
        headers[.contentType] = "text/html; charset=utf-8"
        headers[.cacheControl] = "no-store"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: html)))
    }
}
