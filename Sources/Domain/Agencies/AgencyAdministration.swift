import Foundation

/// What an administrator may change of an agency: its names, short code, kind (its level) and parent. The
/// electronic identifier stays: dossiers, officers and routing refer to it.
public struct AgencyChange: Sendable, Hashable {
    public var name: String
    public var nameEn: String
    public var shortCode: String?
    public var kind: AgencyKind
    public var parentId: String?

    public init(name: String, nameEn: String, shortCode: String?, kind: AgencyKind, parentId: String?) {
        self.name = name
        self.nameEn = nameEn
        self.shortCode = shortCode
        self.kind = kind
        self.parentId = parentId
    }
}

/// The administrators' changes of agencies: validated here (names, a unique short code, a parent that exists and is
/// not the agency or one of its own subordinates, one agency of a kind per commune), stored with the audit line in
/// one transaction; every instance's cache of agencies follows at once.
public struct AgencyAdministration: Sendable {
    let agencies: any AgencyRepository
    let clock: Clock

    public init(agencies: any AgencyRepository, clock: Clock) {
        self.agencies = agencies
        self.clock = clock
    }

    /// Every agency, by name.
    public func list() async throws -> [Agency] { try await agencies.agencies(kind: nil).sorted { $0.name < $1.name } }

    /// The agency `id`, or `agency.notFound`.
    public func agency(id: String) async throws -> Agency {
        guard let agency = try await agencies.agency(id: id) else { throw DomainError.notFound("agency.notFound") }
        return agency
    }

    /// Applies `change` to the agency `id`; returns the agency as saved.
    @discardableResult
    public func update(_ id: String, _ change: AgencyChange, by actor: AuditActor) async throws -> Agency {
        var agency = try await agency(id: id)
        let name = change.name.trimmingCharacters(in: .whitespacesAndNewlines)
        let nameEn = change.nameEn.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !name.isEmpty, name.count <= 200 else { throw DomainError.invalid("name", "agency.badName") }
        guard !nameEn.isEmpty, nameEn.count <= 200 else { throw DomainError.invalid("nameEn", "agency.badName") }
        let code = change.shortCode?.trimmingCharacters(in: .whitespaces).uppercased()
        if let code, !code.isEmpty {
            guard Self.isShortCode(code) else { throw DomainError.invalid("shortCode", "agency.badShortCode") }
            if let other = try await agencies.agency(shortCode: code), other.id != id {
                throw DomainError(.conflict, "agency.shortCodeTaken", ["code": code, "agency": other.name])
            }
        }
        if let parentId = change.parentId {
            guard try await agencies.agency(id: parentId) != nil else { throw DomainError.invalid("parentId", "agency.badParent") }
            var seen: Set<String> = []
            var next: String? = parentId
            while let current = next, seen.insert(current).inserted {
                if current == id { throw DomainError.invalid("parentId", "agency.parentCycle") }
                next = try await agencies.agency(id: current)?.parentId
            }
        }
        if let unit = agency.unitCode, change.kind != agency.kind,
            let other = try await agencies.communeAgency(unitCode: unit, kind: change.kind), other.id != id
        {
            throw DomainError(.conflict, "agency.kindTaken", ["agency": other.name])
        }
        let before = agency
        agency.name = name
        agency.nameEn = nameEn
        agency.shortCode = code?.isEmpty == false ? code : nil
        agency.kind = change.kind
        agency.parentId = change.parentId
        guard agency != before else { return agency }
        let detail = [
            before.name != agency.name ? "name" : nil, before.nameEn != agency.nameEn ? "nameEn" : nil,
            before.shortCode != agency.shortCode ? "shortCode \(before.shortCode ?? "-") → \(agency.shortCode ?? "-")" : nil,
            before.kind != agency.kind ? "kind \(before.kind.rawValue) → \(agency.kind.rawValue)" : nil,
            before.parentId != agency.parentId ? "parent \(before.parentId ?? "-") → \(agency.parentId ?? "-")" : nil,
        ].compactMap { $0 }.joined(separator: "; ")
        try await agencies.update(agency, audit: actor.entry("agency.update", target: id, detail: detail, at: clock.now()))
        return agency
    }

    /// A short code: 2–20 capital ASCII letters, digits, `-` or `_`.
    static func isShortCode(_ s: String) -> Bool {
        (2...20).contains(s.count) && s.allSatisfy { $0.isASCII && ($0.isUppercase || $0.isNumber || $0 == "-" || $0 == "_") }
    }
}
