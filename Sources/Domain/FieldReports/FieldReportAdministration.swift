import Foundation

/// Administrators' changes of field reports: categories, the routing table, the escalation run
/// on demand, Open311 keys; each change and its audit line are written together.
extension FieldReportService {
    /// Adds or replaces a category (its supervising provincial agency must exist).
    public func saveCategory(_ category: ReportCategory, by actor: AuditActor) async throws {
        try category.validate()
        guard try await agencies.agency(shortCode: category.provincialAgency) != nil else { throw DomainError.invalid("provincialAgency") }
        try await reports.saveCategory(category, audit: actor.entry("reportCategory.save", target: category.code, at: now()))
    }

    /// Routes reports of `category` (in commune `unitCode`, or anywhere) to `agencyId`.
    public func setRoute(category: String, unitCode: String?, agencyId: String, by actor: AuditActor) async throws {
        guard try await categories().contains(where: { $0.code == category }) else { throw DomainError.invalid("category") }
        if let unit = unitCode { guard ReceiptInput.isUnitCode(unit) else { throw DomainError.invalid("unitCode") } }
        guard try await agencies.agency(id: agencyId) != nil else { throw DomainError.invalid("agencyId") }
        let line = actor.entry("reportRoute.set", target: "\(category)/\(unitCode ?? "*")", detail: agencyId, at: now())
        try await reports.setRoute(category: category, unitCode: unitCode, agencyId: agencyId, audit: line)
    }

    /// Runs the escalation of overdue reports now, for an administrator; returns how many moved.
    public func escalateOverdue(by actor: AuditActor) async throws -> Int {
        let moved = try await escalateOverdue()
        try await reports.record(actor.entry("report.escalateOverdue", detail: String(moved), at: now()))
        return moved
    }

    /// Registers an Open311 API key (by its hash) for `client`; a known hash is left as it is. With
    /// an actor, the creation is audited in the same transaction.
    public func addAPIKey(keyHash: String, client: String, by actor: AuditActor?) async throws {
        let at = now()
        try await reports.addAPIKey(keyHash: keyHash, client: client, now: at, audit: actor?.entry("apikey.create", target: client, at: at))
    }

    /// The name of the client an Open311 API key (by its hash) belongs to.
    public func apiClient(keyHash: String) async throws -> String? { try await reports.apiClient(keyHash: keyHash) }

    /// The province's communes (the 2025 tree), for place names and select boxes.
    public func communes() async throws -> [AdministrativeUnit] {
        try await agencies.units(tree: "2025", parentCode: provinceCode)
    }
}
