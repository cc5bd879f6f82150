import Foundation

/// Administrators' replacements of workflows: a new version must be consistent and keep every
/// state that dossiers are in now; it is saved with its audit line in one transaction.
public struct WorkflowService: Sendable {
    let catalogue: any CatalogueRepository
    let dossiers: any DossierRepository
    let clock: Clock

    public init(catalogue: any CatalogueRepository, dossiers: any DossierRepository, clock: Clock) {
        self.catalogue = catalogue
        self.dossiers = dossiers
        self.clock = clock
    }

    /// Replaces the workflow `code` with `workflow`.
    public func replace(_ workflow: Workflow, code: String, by actor: AuditActor) async throws {
        guard workflow.code == code else { throw DomainError.invalid("code") }
        let kept = Set(workflow.states.map(\.code))
        let missing = try await dossiers.dossierCounts(workflowCode: code).filter { !kept.contains($0.key) }
        if !missing.isEmpty {
            throw DomainError(
                .conflict, "workflow.stateInUse",
                ["states": missing.keys.sorted().joined(separator: ", "), "count": String(missing.values.reduce(0, +))])
        }
        try workflow.validate()
        let line = actor.entry(
            "workflow.replace", target: code,
            detail: "\(workflow.states.count) states, \(workflow.transitions.count) transitions", at: clock.now())
        try await catalogue.saveWorkflow(workflow, audit: line)
    }

    /// Every workflow, by name.
    public func workflows() async throws -> [Workflow] { try await catalogue.workflows() }

    /// The workflow `code` and how many dossiers are in each of its states.
    public func workflow(code: String) async throws -> (workflow: Workflow, dossiers: [String: Int]) {
        guard let workflow = try await catalogue.workflow(code: code) else { throw DomainError.notFound("workflow.notFound") }
        return (workflow, try await dossiers.dossierCounts(workflowCode: code))
    }
}
