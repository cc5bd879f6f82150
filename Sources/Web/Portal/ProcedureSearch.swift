import Domain
import Foundation

/// What the procedure list's GET form asks for: words, the four filters and a life event. A
/// value that is not one of the form's choices is refused (400), not silently ignored.
struct ProcedureSearch: Sendable {
    var filter: ProcedureFilter
    var event: LifeEvent?

    /// Reads `q`, `field`, `level`, `agency`, `online` and `event`; an empty value means "any".
    static func read(_ form: FormData, fields: [ProcedureField], agencies: [String: String], guide: ServiceGuide) throws -> ProcedureSearch
    {
        func value(_ name: String) -> String? {
            guard let v = form[name]?.trimmingCharacters(in: .whitespaces), !v.isEmpty else { return nil }
            return v
        }
        func bad(_ name: String) -> DomainError { DomainError.invalid(name, "catalogue.badFilter") }
        var filter = ProcedureFilter(text: String((form["q"] ?? "").prefix(200)))
        if let field = value("field") {
            guard fields.contains(where: { $0.code == field }) else { throw bad("field") }
            filter.field = field
        }
        if let level = value("level") {
            guard let parsed = ProcedureLevel(rawValue: level) else { throw bad("level") }
            filter.level = parsed
        }
        if let agency = value("agency") {
            guard agencies[agency] != nil else { throw bad("agency") }
            filter.agency = agency
        }
        if let online = value("online") {
            guard let parsed = OnlineLevel(rawValue: online) else { throw bad("online") }
            filter.onlineLevel = parsed
        }
        var event: LifeEvent?
        if let code = value("event") {
            guard let found = guide.lifeEvent(code) else { throw bad("event") }
            event = found
        }
        return ProcedureSearch(filter: filter, event: event)
    }

    /// The procedures asked for: those matching the filter, and of the life event (in its order) when one is given.
    func run(_ finder: ProcedureFinder) -> [Procedure] {
        let found = finder.find(filter)
        return event.map { ServiceGuide.procedures($0.procedures, in: found) } ?? found
    }
}
