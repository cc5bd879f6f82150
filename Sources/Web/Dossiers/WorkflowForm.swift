import Domain

/// The fields of the workflow editing form, as shown or as posted (kept as typed, so that a refused form is shown again
/// with the administrator's changes). State `i` posts `s<i>_…`, transition `j` posts `t<j>_…`; the last row of each is
/// blank, for a new state or transition. A ticked `…_remove` removes the row (a removed state takes the moves into it,
/// and leaves the `from` of the others).
struct WorkflowForm: Sendable {
    /// One state's fields.
    struct StateRow: Sendable {
        var code = ""
        var name = ""
        var nameEn = ""
        var nationalStatus = ""
        var budgetPercent = ""
        var budgetDays = ""
        var clockStopped = false
        var outcome = ""
        var remove = false
        /// Whether the row is a state already saved (its code cannot change).
        var saved = false
    }

    /// One transition's fields.
    struct TransitionRow: Sendable {
        var action = ""
        var name = ""
        var nameEn = ""
        var from = ""
        var to = ""
        var role = ""
        var scope = ""
        var effect = ""
        var requiresNote = false
        var queues = true
        var remove = false
        var saved = false
    }

    var states: [StateRow]
    var transitions: [TransitionRow]

    /// The form of a saved workflow, with a blank row of each kind.
    init(_ workflow: Workflow) {
        states =
            workflow.states.map {
                StateRow(
                    code: $0.code, name: $0.name, nameEn: $0.nameEn, nationalStatus: String($0.nationalStatus),
                    budgetPercent: $0.budgetPercent.map(String.init) ?? "", budgetDays: $0.budgetDays.map(String.init) ?? "",
                    clockStopped: $0.clockStopped, outcome: $0.outcome?.rawValue ?? "", saved: true)
            } + [StateRow()]
        transitions =
            workflow.transitions.map {
                TransitionRow(
                    action: $0.action, name: $0.name, nameEn: $0.nameEn, from: $0.from.joined(separator: ", "), to: $0.to,
                    role: $0.role.rawValue, scope: $0.scope.rawValue, effect: $0.effect.rawValue, requiresNote: $0.requiresNote,
                    queues: $0.queues, saved: true)
            } + [TransitionRow(role: Role.receiving.rawValue, scope: ActorScope.handlingAgency.rawValue)]
    }

    /// The form as posted over `workflow` (rows of saved states and transitions keep their codes from it).
    init(posted form: FormData, over workflow: Workflow) {
        let savedStates = Set(workflow.states.map(\.code))
        let savedActions = Set(workflow.transitions.map(\.action))
        states = (0...min(workflow.states.count, 200)).map { i in
            let p = "s\(i)_"
            let code = form[p + "code"] ?? ""
            return StateRow(
                code: code, name: form[p + "name"] ?? "", nameEn: form[p + "nameEn"] ?? "",
                nationalStatus: form[p + "national"] ?? "", budgetPercent: form[p + "percent"] ?? "",
                budgetDays: form[p + "days"] ?? "", clockStopped: form[p + "clock"] == "on", outcome: form[p + "outcome"] ?? "",
                remove: form[p + "remove"] == "on", saved: savedStates.contains(code))
        }
        transitions = (0...min(workflow.transitions.count, 400)).map { j in
            let p = "t\(j)_"
            let action = form[p + "action"] ?? ""
            return TransitionRow(
                action: action, name: form[p + "name"] ?? "", nameEn: form[p + "nameEn"] ?? "", from: form[p + "from"] ?? "",
                to: form[p + "to"] ?? "", role: form[p + "role"] ?? "", scope: form[p + "scope"] ?? "",
                effect: form[p + "effect"] ?? "", requiresNote: form[p + "note"] == "on", queues: form[p + "queues"] == "on",
                remove: form[p + "remove"] == "on", saved: savedActions.contains(action))
        }
    }

    /// The workflow the form describes over `base` (its names, initial states and the result rules of the kept moves stay);
    /// a blank new row is ignored. Throws `workflow.invalid` naming the first field that cannot be read.
    func workflow(over base: Workflow) throws -> Workflow {
        func bad(_ detail: String) -> DomainError { DomainError(.invalid, "workflow.invalid", ["detail": detail]) }
        func number(_ text: String, _ detail: String) throws -> Int? {
            if text.isEmpty { return nil }
            guard let n = Int(text) else { throw bad(detail) }
            return n
        }
        var result = base
        result.states = []
        for row in states where !row.remove && !(row.code.isEmpty && row.name.isEmpty && row.nameEn.isEmpty) {
            guard !row.name.isEmpty, !row.nameEn.isEmpty else { throw bad("name of \(row.code)") }
            guard let national = try number(row.nationalStatus, "national portal status of \(row.code)") else {
                throw bad("national portal status of \(row.code)")
            }
            let outcome: DossierOutcome? = row.outcome.isEmpty ? nil : DossierOutcome(rawValue: row.outcome)
            if outcome == nil && !row.outcome.isEmpty { throw bad("outcome of \(row.code)") }
            result.states.append(
                WorkflowState(
                    code: row.code, name: row.name, nameEn: row.nameEn, nationalStatus: national,
                    budgetPercent: try number(row.budgetPercent, "budget of \(row.code)"),
                    budgetDays: try number(row.budgetDays, "budget days of \(row.code)"), clockStopped: row.clockStopped,
                    outcome: outcome))
        }
        result.transitions = []
        for row in transitions where !row.remove && !(row.action.isEmpty && row.name.isEmpty && row.nameEn.isEmpty) {
            guard !row.name.isEmpty, !row.nameEn.isEmpty else { throw bad("name of \(row.action)") }
            guard let role = Role(rawValue: row.role) else { throw bad("role of \(row.action)") }
            guard let scope = ActorScope(rawValue: row.scope) else { throw bad("scope of \(row.action)") }
            guard let effect = TransitionEffect(rawValue: row.effect.isEmpty ? "none" : row.effect) else {
                throw bad("effect of \(row.action)")
            }
            let from = row.from.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            result.transitions.append(
                WorkflowTransition(
                    action: row.action, name: row.name, nameEn: row.nameEn, from: from, to: row.to, role: role, scope: scope,
                    effect: effect, requiresNote: row.requiresNote, queues: row.queues, result: base.transition(row.action)?.result))
        }
        for row in states where row.remove { result = result.removingState(row.code) }
        return result
    }
}
