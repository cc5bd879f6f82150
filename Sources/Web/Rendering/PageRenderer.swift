import Domain
import Foundation
import Hummingbird
import Mustache

/// A page's typed model: one struct per template, built by the module's view code. Templates
/// read its properties by name; an absent optional is an absent value.
protocol PageModel: Encodable, Sendable {
    /// The template the model fills.
    static var template: String { get }
}

/// Renders server-side pages: mustache templates (HTML-escaped by default) with the page's model,
/// the string catalogue of the caller's language, the caller, the CSRF token and the site's links.
public struct PageRenderer: Sendable {
    let library: MustacheLibrary
    let strings: Strings

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

    /// An HTML response of `page`'s template filled with `page`.
    func render<Page: PageModel>(_ page: Page, context: some WebContext, status: HTTPResponse.Status = .ok) throws -> Response {
        try html(Page.template, model: page, context: context.app, status: status)
    }

    /// The page as HTML text (for tests and for documents stored with a dossier).
    func text<Page: PageModel>(_ page: Page, context: some WebContext) throws -> String {
        let root = PageEnvelope(chrome: PageChrome(strings: strings, context: context.app), model: page)
        guard let html = library.render(root, withTemplate: Page.template) else { throw DomainError(.notFound, "templates.missing") }
        return html
    }

    private func html(_ template: String, model: Any, context: AppRequestContext, status: HTTPResponse.Status) throws -> Response {
        let root = PageEnvelope(chrome: PageChrome(strings: strings, context: context), model: model)
        guard let html = library.render(root, withTemplate: template) else { throw DomainError(.notFound, "templates.missing") }
        var headers = HTTPFields()
        headers[.contentType] = "text/html; charset=utf-8"
        headers[.cacheControl] = "no-store"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: html)))
    }
}

/// The root a template is rendered with: the values every page shares, then the page's model.
struct PageEnvelope: MustacheParent {
    let chrome: PageChrome
    let model: Any

    func child(named name: String) -> Any? {
        if let value = chrome.child(named: name) { return value }
        return Reflection.child(of: model, named: name)
    }
}

/// Reads a property of a page model by name, an absent optional being absent.
enum Reflection {
    static func child(of object: Any, named name: String) -> Any? {
        if let parent = object as? any MustacheParent { return parent.child(named: name) }
        for child in Mirror(reflecting: object).children where child.label == name { return unwrap(child.value) }
        return nil
    }

    static func unwrap(_ value: Any) -> Any? {
        let mirror = Mirror(reflecting: value)
        guard mirror.displayStyle == .optional else { return value }
        guard let wrapped = mirror.children.first?.value else { return nil }
        return unwrap(wrapped)
    }
}
