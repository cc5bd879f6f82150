import Domain
import NIOCore
import Synchronization

/// Pages already rendered for callers without an account, by everything their text is made of:
/// the template, the language, the language switch's address and the page's encoded model. A page
/// is a function of these, so an entry is never stale and needs no invalidation on any instance; a
/// page that shows the caller's own form token is not kept. Most public traffic asks for the same
/// few pages (the home page, popular procedures), each rendered once instead of on every request.
final class RenderedPages: Sendable {
    /// What a page's text is made of.
    struct Key: Hashable, Sendable {
        let template: String
        let language: Language
        let languageSwitch: String?
        let model: TemplateObject
    }

    private struct State {
        var pages: [Key: ByteBuffer] = [:]
        var bytes = 0
    }

    private let state = Mutex(State())
    /// The bytes of text kept; when a page would exceed them, every page is dropped and kept again as asked.
    let limit: Int

    init(limit: Int = 16 << 20) { self.limit = limit }

    func page(_ key: Key) -> ByteBuffer? { state.withLock { $0.pages[key] } }

    func keep(_ page: ByteBuffer, for key: Key) {
        guard page.readableBytes <= limit / 4 else { return }
        state.withLock { state in
            if state.bytes + page.readableBytes > limit { state = State() }
            if state.pages.updateValue(page, forKey: key) == nil { state.bytes += page.readableBytes }
        }
    }
}
