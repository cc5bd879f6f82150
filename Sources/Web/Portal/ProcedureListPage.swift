import Domain
import Foundation

/// The procedure list of the portal (`procedures` template): the search form with its filters,
/// the procedures found (code and agency on each), or, when none, the closest names, the
/// popular services and a link to the whole list.
struct ProceduresPage: PageModel {
    static let template = "procedures"

    /// A choice of a filter's select box.
    struct Option: Encodable, Sendable {
        let value: String
        let name: String
        let selected: Bool
    }

    /// The life event the list shows.
    struct Event: Encodable, Sendable {
        let code: String
        let name: String
    }

    let q: String
    let event: Event?
    let fields: [Option]
    let levels: [Option]
    let agencies: [Option]
    let onlineLevels: [Option]
    let procedures: [ProcedureRow]
    let hasResults: Bool
    let count: String
    /// Words, a filter or an event narrowed the list.
    let narrowed: Bool
    let closest: [ProcedureRow]
    let hasClosest: Bool
    let popular: [ProcedureRow]
}

/// What the list page is built from besides the procedures found.
struct ProcedureListInputs: Sendable {
    /// The whole catalogue, folded once for this request.
    let finder: ProcedureFinder
    let fields: [ProcedureField]
    /// Display names of the competent agencies of the catalogue, by their catalogue value.
    let agencies: [String: String]
    let guide: ServiceGuide
}

extension ProceduresPage {
    init(_ search: ProcedureSearch, found: [Procedure], _ inputs: ProcedureListInputs, strings: Strings, language: Language) {
        let english = language == .en
        let f = search.filter
        func row(_ p: Procedure) -> ProcedureRow { PortalViews.procedureRow(p, english: english, agencies: inputs.agencies) }
        q = f.text
        event = search.event.map { Event(code: $0.code, name: english ? $0.nameEn : $0.name) }
        fields = inputs.fields.map { Option(value: $0.code, name: english ? $0.nameEn : $0.name, selected: $0.code == f.field) }
        levels = ProcedureLevel.allCases.map {
            Option(value: $0.rawValue, name: strings.text("find_level_\($0.rawValue)", language), selected: $0 == f.level)
        }
        agencies = inputs.agencies.sorted { $0.value < $1.value }.map {
            Option(value: $0.key, name: $0.value, selected: $0.key == f.agency)
        }
        onlineLevels = OnlineLevel.allCases.map {
            Option(value: $0.rawValue, name: strings.text("portal_online_\($0.rawValue)", language), selected: $0 == f.onlineLevel)
        }
        procedures = found.map(row)
        hasResults = !found.isEmpty
        count = PortalViews.procedureCount(found.count, strings: strings, language: language)
        narrowed = !f.isEmpty || search.event != nil
        closest = found.isEmpty ? inputs.finder.closest(to: f.text).map(row) : []
        hasClosest = !closest.isEmpty
        popular = found.isEmpty ? ServiceGuide.procedures(inputs.guide.popular, in: inputs.finder.catalogue).map(row) : []
    }
}
