import Domain
import Foundation
import Hummingbird

/// Workflows as data: officers read them; administrators replace them. A new version must be
/// consistent and keep every state that dossiers are in now.
struct WorkflowAPIController: Sendable {
    let catalogue: any CatalogueRepository
    let dossiers: any DossierRepository
    let audit: any AuditLog
    let settings: WebSettings

    func addRoutes(to router: Router<AppRequestContext>) {
        router.on(Routes.apiWorkflow, .get, one)
        router.on(Routes.apiWorkflow, .put, replace)
    }

    @Sendable func one(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        _ = try context.requireOfficer()
        guard let workflow = try await catalogue.workflow(code: try context.parameter("code")) else {
            throw DomainError.notFound("workflow.notFound")
        }
        return try JSONCoding.response(workflow)
    }

    @Sendable func replace(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let officer = try context.requireOfficer(role: .admin)
        let code = try context.parameter("code")
        let workflow = try await JSONCoding.decode(Workflow.self, from: request, limit: settings.maxBodyBytes)
        guard workflow.code == code else { throw DomainError.invalid("code") }
        try workflow.validate()
        let missing = try await dossiers.statesInUse(workflowCode: code).subtracting(workflow.states.map(\.code))
        if !missing.isEmpty {
            throw DomainError(.conflict, "workflow.stateInUse", ["states": missing.sorted().joined(separator: ", ")])
        }
        try await catalogue.saveWorkflow(workflow)
        try await audit.record(
            AuditEntry(
                actor: officer.username, action: "workflow.replace", target: code,
                detail: "\(workflow.states.count) states, \(workflow.transitions.count) transitions",
                ip: context.clientAddress, at: Date()))
        return try JSONCoding.response(workflow)
    }
}
