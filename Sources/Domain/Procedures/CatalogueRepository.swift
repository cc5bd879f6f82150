import Foundation

/// The procedure catalogue and the workflows procedures point to.
public protocol CatalogueRepository: Sendable {
    func fields() async throws -> [ProcedureField]
    func procedure(code: String) async throws -> Procedure?
    /// Procedures whose folded name or code contains every folded word of `query`.
    func search(_ query: ProcedureQuery) async throws -> [Procedure]
    func allProcedures() async throws -> [Procedure]
    /// The popular services and life events the portal offers (seeded data).
    func serviceGuide() async throws -> ServiceGuide
    /// Inserts or replaces procedures (and unknown fields) in one transaction, with `audit` when given.
    func importCatalogue(fields: [ProcedureField], procedures: [Procedure], audit: AuditEntry?) async throws -> Int
    func workflow(code: String) async throws -> Workflow?
    /// Every workflow, by name.
    func workflows() async throws -> [Workflow]
    /// Inserts or replaces a workflow and writes `audit`, in one transaction.
    func saveWorkflow(_ workflow: Workflow, audit: AuditEntry) async throws
}

extension CatalogueRepository {
    /// Inserts or replaces procedures (and unknown fields) without an audit line (seeding).
    public func importCatalogue(fields: [ProcedureField], procedures: [Procedure]) async throws -> Int {
        try await importCatalogue(fields: fields, procedures: procedures, audit: nil)
    }
}

/// Filters for a catalogue search.
public struct ProcedureQuery: Sendable, Hashable {
    public var text: String
    public var field: String?
    public var level: ProcedureLevel?
    public var limit: Int
    public init(text: String = "", field: String? = nil, level: ProcedureLevel? = nil, limit: Int = 50) {
        self.text = text
        self.field = field
        self.level = level
        self.limit = limit
    }
}
