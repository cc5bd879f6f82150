import Domain
import Foundation
import Hummingbird
import Mustache

/// A page's typed model: one struct per template, built by the module's view code. Templates
/// read its properties by name; an absent optional is an absent value.
protocol PageModel: Encodable, Sendable {
    /// The template the model fills.
    static var template: String { get }
    /// The model as its template reads it.
    func templateObject() throws -> TemplateObject
}

extension PageModel {
    func templateObject() throws -> TemplateObject { try TemplateEncoder.object(self) }
}

/// Renders server-side pages: mustache templates (HTML-escaped by default) with the page's model,
/// the string catalogue of the caller's language, the caller, the CSRF token and the site's links.
public struct PageRenderer: Sendable {
    let library: MustacheLibrary
    let strings: Strings
    let rendered = RenderedPages()

    /// Loads every template of the module's `Templates` folder.
    public static func load(strings: Strings) async throws -> PageRenderer {
        guard let url = Bundle.module.url(forResource: "Templates", withExtension: nil) else {
            throw DomainError(.notFound, "templates.missing")
        }
        MustacheContentTypes.register(HTMLEscaping(), named: "HTML")
        return PageRenderer(library: try await MustacheLibrary(directory: url.path), strings: strings)
    }

    /// The message of `error` in the caller's language.
    func message(_ error: DomainError, _ context: some WebContext) -> String {
        let (vi, en) = strings.message(for: error)
        return context.language == .en ? en : vi
    }

    /// An HTML response of `page`'s template filled with `page`; a caller without an account is
    /// given the text already rendered for the same page, if any.
    func render<Page: PageModel>(_ page: Page, context: some WebContext, status: HTTPResponse.Status = .ok) throws -> Response {
        let app = context.app
        let model = try page.templateObject()
        let anonymous = app.officer == nil && app.citizen == nil
        let key = RenderedPages.Key(template: Page.template, language: app.language, languageSwitch: app.languageSwitch, model: model)
        if anonymous, let kept = rendered.page(key) { return response(kept, status: status) }
        let chrome = PageChrome(strings: strings, context: app)
        guard let html = library.render(PageEnvelope(chrome: chrome, model: model), withTemplate: Page.template) else {
            throw DomainError(.notFound, "templates.missing")
        }
        let body = ByteBuffer(string: html)
        if anonymous && !chrome.reads.csrf { rendered.keep(body, for: key) }
        return response(body, status: status)
    }

    /// The page as HTML text (for tests and for documents stored with a dossier).
    func text<Page: PageModel>(_ page: Page, context: some WebContext) throws -> String {
        let root = PageEnvelope(chrome: PageChrome(strings: strings, context: context.app), model: try page.templateObject())
        guard let html = library.render(root, withTemplate: Page.template) else { throw DomainError(.notFound, "templates.missing") }
        return html
    }

    private func response(_ body: ByteBuffer, status: HTTPResponse.Status) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "text/html; charset=utf-8"
        headers[.cacheControl] = "no-store"
        return Response(status: status, headers: headers, body: .init(byteBuffer: body))
    }
}

/// The root a template is rendered with: the values every page shares, then the page's model.
struct PageEnvelope: MustacheParent {
    let chrome: PageChrome
    let model: TemplateObject

    func child(named name: String) -> Any? { chrome.child(named: name) ?? model.child(named: name) }
}
