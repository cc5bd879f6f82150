import Foundation

/// Something that happens in a citizen's life (a birth, a marriage...) and the procedures of the
/// catalogue it usually calls for, by code, in the order they are usually done. It groups
/// existing procedures and adds no rule of its own.
public struct LifeEvent: Codable, Sendable, Hashable {
    /// The event's address in links (`birth`, `building-a-house`).
    public var code: String
    public var name: String
    public var nameEn: String
    public var procedures: [String]

    public init(code: String, name: String, nameEn: String, procedures: [String]) {
        self.code = code
        self.name = name
        self.nameEn = nameEn
        self.procedures = procedures
    }
}

/// What the portal offers besides search, as data: the services most asked for and the life
/// events, each a list of procedure codes (codes missing from the catalogue are not shown).
public struct ServiceGuide: Codable, Sendable, Hashable {
    public var popular: [String]
    public var lifeEvents: [LifeEvent]

    public init(popular: [String], lifeEvents: [LifeEvent]) {
        self.popular = popular
        self.lifeEvents = lifeEvents
    }

    /// The life event with `code`, if any.
    public func lifeEvent(_ code: String) -> LifeEvent? { lifeEvents.first { $0.code == code } }

    /// The procedures of `codes` found in `catalogue`, in the order of `codes`. A few codes are looked
    /// up in place: indexing the whole catalogue copied every procedure on each home page (half its time).
    public static func procedures(_ codes: [String], in catalogue: [Procedure]) -> [Procedure] {
        codes.compactMap { code in catalogue.first { $0.code == code } }
    }
}
