import Foundation

/// The procedure catalogue and the workflows procedures point to.
public protocol CatalogueRepository: Sendable {
    func fields() async throws -> [ProcedureField]
    func procedure(code: String) async throws -> Procedure?
    /// Procedures whose folded name or code contains every folded word of `query`.
    func search(_ query: ProcedureQuery) async throws -> [Procedure]
    func allProcedures() async throws -> [Procedure]
    /// Inserts or replaces procedures (and unknown fields) in one transaction.
    func importCatalogue(fields: [ProcedureField], procedures: [Procedure]) async throws -> Int
    func workflow(code: String) async throws -> Workflow?
    func saveWorkflow(_ workflow: Workflow) async throws
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
