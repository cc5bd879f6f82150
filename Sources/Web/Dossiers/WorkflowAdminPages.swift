import Domain
import Hummingbird

/// The administrators' pages of workflows: the list, and each workflow's state diagram with the form editing its states
/// and transitions. A change goes through `WorkflowService.replace`, like the API's: validated, refused (409) while a
/// removed state holds dossiers, saved with its audit line in one transaction, every instance's cache dropped.
struct WorkflowAdminPages: Sendable {
    let service: WorkflowService
    let pages: PageRenderer
    let strings: Strings
    let settings: WebSettings

    func addRoutes(to groups: RouteGroups) {
        groups.administrators.on(Routes.adminWorkflows, .get) { _, context in
            let rows = try await service.workflows().map {
                WorkflowAdminListPage.Row(
                    link: Routes.adminWorkflow.link($0.code), code: $0.code, name: context.language == .en ? $0.nameEn : $0.name,
                    states: $0.states.count, transitions: $0.transitions.count)
            }
            return try pages.render(WorkflowAdminListPage(workflows: rows), context: context)
        }
        groups.administrators.on(Routes.adminWorkflow, .get) { request, context in
            let (workflow, counts) = try await service.workflow(code: try context.parameter("code"))
            var page = self.page(workflow, form: WorkflowForm(workflow), counts: counts, context)
            if request.uri.queryParameters.get("done") == "saved" { page.done = strings.text("admin_workflow_saved", context.language) }
            return try pages.render(page, context: context)
        }
        groups.administrators.on(Routes.adminWorkflow, .post, save)
    }

    @Sendable func save(_ request: Request, _ context: AdminContext) async throws -> Response {
        let form = try await FormData.read(request, limit: settings.maxBodyBytes)
        let code = try context.parameter("code")
        let (saved, counts) = try await service.workflow(code: code)
        let posted = WorkflowForm(posted: form, over: saved)
        do {
            let workflow = try posted.workflow(over: saved)
            try await service.replace(workflow, code: code, by: AuditActor(context.officer, address: context.clientAddress))
            return .redirect(to: Routes.adminWorkflow.link(code) + "?done=saved", type: .normal)
        } catch let error as DomainError where error.kind != .notFound {
            var page = self.page(saved, form: posted, counts: counts, context)
            page.error = pages.message(error, context)
            return try pages.render(page, context: context, status: error.kind.status)
        }
    }

    /// The page of `workflow` (the diagram is always the saved workflow's) with `form` in its editing form.
    func page(_ workflow: Workflow, form: WorkflowForm, counts: [String: Int], _ context: AdminContext) -> WorkflowAdminPage {
        let english = context.language == .en
        let language = context.language
        func stateName(_ code: String) -> String {
            if code == WorkflowTransition.same { return strings.text("admin_workflow_same", language) }
            if code == WorkflowTransition.resume { return strings.text("admin_workflow_resume", language) }
            return workflow.state(code).map { english ? $0.nameEn : $0.name } ?? code
        }
        func choices(_ values: [String], _ selected: String, _ label: (String) -> String) -> [WorkflowAdminPage.Choice] {
            values.map { .init(value: $0, label: label($0), selected: $0 == selected) }
        }
        let name = english ? workflow.nameEn : workflow.name
        let title = strings.text("admin_workflow_diagram_title", language, ["name": name])
        let description = strings.text(
            "admin_workflow_diagram_description", language,
            ["states": String(workflow.states.count), "transitions": String(workflow.transitions.count)])
        let nationals = NationalPortalStatus.all.map { String($0.code) }
        let outcomes = [""] + DossierOutcome.allCases.map(\.rawValue)
        return WorkflowAdminPage(
            back: Routes.adminWorkflows.link(), code: workflow.code, name: name,
            diagram: WorkflowDiagram.svg(workflow, english: english, title: title, description: description) {
                strings.text("admin_workflow_from_many", language, ["n": String($0)])
            },
            moves: workflow.transitions.map {
                .init(
                    name: english ? $0.nameEn : $0.name, from: $0.from.map(stateName).joined(separator: "; "), to: stateName($0.to),
                    role: strings.text("role.\($0.role.rawValue)", language))
            },
            action: Routes.adminWorkflow.link(workflow.code),
            states: form.states.enumerated().map { i, row in
                .init(
                    index: i, code: row.code, saved: row.saved, name: row.name, nameEn: row.nameEn,
                    national: choices(nationals, row.nationalStatus) { code in
                        let status = Int(code).flatMap(NationalPortalStatus.named)
                        return "\(code). " + ((english ? status?.nameEn : status?.name) ?? "")
                    },
                    budgetPercent: row.budgetPercent, budgetDays: row.budgetDays, clockStopped: row.clockStopped,
                    outcomes: choices(outcomes, row.outcome) {
                        strings.text($0.isEmpty ? "admin_workflow_outcome_none" : "admin_workflow_outcome_\($0)", language)
                    },
                    remove: row.remove, dossiers: counts[row.code] ?? 0)
            },
            transitions: form.transitions.enumerated().map { j, row in
                .init(
                    index: j, action: row.action, saved: row.saved, name: row.name, nameEn: row.nameEn, from: row.from, to: row.to,
                    roles: choices(Role.allCases.sorted().map(\.rawValue), row.role) { strings.text("role.\($0)", language) },
                    scopes: choices(["handlingAgency", "receivingAgency"], row.scope) {
                        strings.text("admin_workflow_scope_\($0)", language)
                    },
                    effects: choices(TransitionEffect.allCases.map(\.rawValue), row.effect.isEmpty ? "none" : row.effect) {
                        strings.text("admin_workflow_effect_\($0)", language)
                    },
                    requiresNote: row.requiresNote, queues: row.queues, remove: row.remove)
            },
            targets: workflow.states.map(\.code) + [WorkflowTransition.same, WorkflowTransition.resume])
    }
}
