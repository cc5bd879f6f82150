import Domain
import Foundation

/// The officers' search page (`dossier-search`): the form filled again with what was asked, the
/// results, or the empty state before a search and suggestions when nothing matched.
struct DossierSearchPage: PageModel {
    static let template = "dossier-search"

    /// A dossier found: its link opens the officer's dossier page, or the read-only oversight page
    /// for a dossier of another agency that the caller's province-wide scope covers.
    struct Row: Encodable, Sendable {
        let code: String
        let link: String
        let procedure: String
        let applicant: String
        let state: String
        let channel: String
        let receivedAt: String
        let dueDate: String
    }

    /// An option of a filter's select.
    struct Option: Encodable, Sendable {
        let code: String
        let name: String
        let selected: Bool
    }

    let code: String
    let name: String
    let phone: String
    let idNumber: String
    let from: String
    let to: String
    let states: [Option]
    let procedures: [Option]
    let channels: [Option]
    /// Whether any filter is set (the suggestions then offer to clear them).
    let filtered: Bool
    /// The same criteria without the filters.
    let unfiltered: String
    var searched = false
    var rows: [Row] = []
    var none = false
    var found = false
    var next: String?
    var error: String?

    /// The form for `criteria`, before any result.
    static func form(
        _ c: DossierSearchCriteria, workflow: Workflow, catalogue: any CatalogueRepository, strings: Strings, context: some WebContext
    ) async throws -> DossierSearchPage {
        let english = context.language == .en
        let states = workflow.states.map { Option(code: $0.code, name: english ? $0.nameEn : $0.name, selected: $0.code == c.state) }
        let procedures = try await catalogue.allProcedures().map {
            Option(code: $0.code, name: "\(english ? $0.nameEn : $0.name) · \($0.code)", selected: $0.code == c.procedure)
        }
        let channels = Channel.allCases.map {
            Option(code: $0.rawValue, name: strings.text("channel.\($0.rawValue)", context.language), selected: $0.rawValue == c.channel)
        }
        var plain: [String: String] = [:]
        for (key, value) in [("code", c.code), ("name", c.name), ("phone", c.phone), ("idNumber", c.idNumber)] {
            if let value { plain[key] = value }
        }
        return DossierSearchPage(
            code: c.code ?? "", name: c.name ?? "", phone: c.phone ?? "", idNumber: c.idNumber ?? "", from: c.receivedFrom ?? "",
            to: c.receivedTo ?? "", states: states, procedures: procedures, channels: channels,
            filtered: [c.state, c.procedure, c.channel, c.receivedFrom, c.receivedTo].contains { $0 != nil },
            unfiltered: link(FormData(fields: plain), cursor: nil))
    }

    /// The search page asking `form` again, from `cursor`.
    static func link(_ form: FormData, cursor: String?) -> String {
        var items = form.fields.filter { $0.key != "cursor" && !$0.value.isEmpty }
        if let cursor { items["cursor"] = cursor }
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        let query = items.keys.sorted().map { "\($0)=\(items[$0]!.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")" }
        return Routes.dossierSearch.link() + (query.isEmpty ? "" : "?" + query.joined(separator: "&"))
    }
}
