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
        try workflow.validate()
        let missing = try await dossiers.statesInUse(workflowCode: code).subtracting(workflow.states.map(\.code))
        if !missing.isEmpty {
            throw DomainError(.conflict, "workflow.stateInUse", ["states": missing.sorted().joined(separator: ", ")])
        }
        let line = actor.entry(
            "workflow.replace", target: code,
            detail: "\(workflow.states.count) states, \(workflow.transitions.count) transitions", at: clock.now())
        try await catalogue.saveWorkflow(workflow, audit: line)
    }
}
