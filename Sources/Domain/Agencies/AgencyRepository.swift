import Foundation

/// Agencies, officers and administrative units.
public protocol AgencyRepository: Sendable {
    func agency(id: String) async throws -> Agency?
    func agency(shortCode: String) async throws -> Agency?
    /// The commune-level agency of `kind` serving commune `unitCode`.
    func communeAgency(unitCode: String, kind: AgencyKind) async throws -> Agency?
    func agencies(kind: AgencyKind?) async throws -> [Agency]
    /// Saves the names, short code, kind and parent of `agency` with `audit`, in one transaction.
    func update(_ agency: Agency, audit: AuditEntry) async throws
    func officer(id: Int64) async throws -> Officer?
    func officers(agencyId: String) async throws -> [Officer]
    func units(tree: String, parentCode: String?) async throws -> [AdministrativeUnit]
}
