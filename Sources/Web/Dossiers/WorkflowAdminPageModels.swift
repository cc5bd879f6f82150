import Domain

/// The administrators' list of workflows.
struct WorkflowAdminListPage: PageModel {
    static let template = "admin-workflows"

    /// A workflow as listed.
    struct Row: Encodable, Sendable {
        let link: String
        let code: String
        let name: String
        let states: Int
        let transitions: Int
    }

    let workflows: [Row]
}

/// One workflow's page: its state diagram (SVG, with the same moves as a table for screen readers) and the form
/// editing its states and transitions.
struct WorkflowAdminPage: PageModel {
    static let template = "admin-workflow"

    /// A choice of a select.
    typealias Choice = OfficerAdminListPage.Choice

    /// A move as the table next to the diagram reads it.
    struct Move: Encodable, Sendable {
        let name: String
        let from: String
        let to: String
        let role: String
    }

    /// A state's row of the editing form.
    struct StateRow: Encodable, Sendable {
        let index: Int
        let code: String
        let saved: Bool
        let name: String
        let nameEn: String
        let national: [Choice]
        let budgetPercent: String
        let budgetDays: String
        let clockStopped: Bool
        let outcomes: [Choice]
        let remove: Bool
        /// How many dossiers are in the state now.
        let dossiers: Int
    }

    /// A transition's row of the editing form.
    struct TransitionRow: Encodable, Sendable {
        let index: Int
        let action: String
        let saved: Bool
        let name: String
        let nameEn: String
        let from: String
        let to: String
        let roles: [Choice]
        let scopes: [Choice]
        let effects: [Choice]
        let requiresNote: Bool
        let queues: Bool
        let remove: Bool
    }

    let back: String
    let code: String
    let name: String
    /// The diagram, drawn by `WorkflowDiagram` (markup escaped there).
    let diagram: String
    let moves: [Move]
    let action: String
    let states: [StateRow]
    let transitions: [TransitionRow]
    /// State codes a move may go to, for the form's list of suggestions.
    let targets: [String]
    var done: String?
    var error: String?
}
