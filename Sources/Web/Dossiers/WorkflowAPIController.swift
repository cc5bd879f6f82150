import Domain
import Foundation
import Hummingbird

/// Workflows as data: officers read them; administrators replace them. A new version must be
/// consistent and keep every state that dossiers are in now.
struct WorkflowAPIController: Sendable {
    let catalogue: any CatalogueRepository
    let service: WorkflowService
    let settings: WebSettings

    func addRoutes(to groups: RouteGroups) {
        groups.officers.on(Routes.apiWorkflow, .get, one)
        groups.administrators.on(Routes.apiWorkflow, .put, replace)
    }

    @Sendable func one(_ request: Request, _ context: OfficerContext) async throws -> Response {
        guard let workflow = try await catalogue.workflow(code: try context.parameter("code")) else {
            throw DomainError.notFound("workflow.notFound")
        }
        return try JSONCoding.response(workflow)
    }

    @Sendable func replace(_ request: Request, _ context: AdminContext) async throws -> Response {
        let code = try context.parameter("code")
        let workflow = try await JSONCoding.decode(Workflow.self, from: request, limit: settings.maxBodyBytes)
        try await service.replace(workflow, code: code, by: AuditActor(context.officer, address: context.clientAddress))
        return try JSONCoding.response(workflow)
    }
}
