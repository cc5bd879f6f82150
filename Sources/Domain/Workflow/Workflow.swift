/// What a transition does beyond moving the dossier to another state. The behaviour of each effect
/// is code; which transition carries which effect, from which states, for which role, is data.
/// Entering a terminal state (one with an outcome) always finishes the dossier.
public enum TransitionEffect: String, Codable, Sendable, CaseIterable {
    case none
    /// Online dossier accepted: the clock starts and the appointment date is set.
    case accept
    /// A leader gives the dossier to a specialist of the handling agency.
    case assign
    /// The dossier moves to another agency or level.
    case transfer
    /// The clock stops until the applicant supplements.
    case requestSupplement
    /// The applicant supplemented: the clock restarts with the days that were left (the time waiting
    /// for the applicant does not count; Decree 118/2025/NĐ-CP, which replaced Decree 61/2018/NĐ-CP on
    /// the one-stop mechanism from 1 July 2025).
    case supplement
    /// A fee or tax must be paid first; the clock stops.
    case requestPayment
    /// Payment confirmed: the clock restarts.
    case confirmPayment
    /// Apology with a new return date, allowed once.
    case apologize
    /// The result is approved and signed: the outcome is decided and judged against the clock.
    case approve
}

/// Which agency of the dossier the actor must belong to.
public enum ActorScope: String, Codable, Sendable {
    /// The one-stop desk that received the dossier.
    case receivingAgency
    /// The agency currently handling the dossier.
    case handlingAgency
}

/// How a finished dossier ended.
public enum DossierOutcome: String, Codable, Sendable, CaseIterable {
    case returned, refused, stopped, withdrawn
}

/// A state of a workflow: its national status code, its time budget, whether the clock runs.
public struct WorkflowState: Codable, Sendable, Hashable {
    public var code: String
    public var name: String
    public var nameEn: String
    /// Status code used when syncing with the national portal: one of `NationalPortalStatus.all`.
    public var nationalStatus: Int
    /// Time budget of this step as a share (percent) of the procedure's processing time.
    public var budgetPercent: Int?
    /// Time budget of this step in working days; takes precedence over `budgetPercent`.
    public var budgetDays: Int?
    /// While a dossier waits here the processing clock is stopped (waiting for the applicant).
    public var clockStopped: Bool
    /// Set on terminal states: how the dossier ended.
    public var outcome: DossierOutcome?

    public init(
        code: String, name: String, nameEn: String, nationalStatus: Int, budgetPercent: Int? = nil,
        budgetDays: Int? = nil, clockStopped: Bool = false, outcome: DossierOutcome? = nil
    ) {
        self.code = code
        self.name = name
        self.nameEn = nameEn
        self.nationalStatus = nationalStatus
        self.budgetPercent = budgetPercent
        self.budgetDays = budgetDays
        self.clockStopped = clockStopped
        self.outcome = outcome
    }

    public var isTerminal: Bool { outcome != nil }
}

/// A move allowed in a workflow: from which states, to which, by which role, with which effect.
public struct WorkflowTransition: Codable, Sendable, Hashable {
    /// Target meaning "back to the state the dossier was in before the side path".
    public static let resume = "@resume"
    /// Target meaning "stay in the current state".
    public static let same = "@same"

    public var action: String
    public var name: String
    public var nameEn: String
    public var from: [String]
    public var to: String
    public var role: Role
    public var scope: ActorScope
    public var effect: TransitionEffect
    public var requiresNote: Bool
    /// Whether a dossier in one of the `from` states shows in the queue of this role. Side
    /// actions possible almost anywhere (apologise, stop, withdraw) set it to false.
    public var queues: Bool
    /// Whether the dossier's result file must be attached first; nil when the move does not look at it.
    public var result: ResultRule?

    public init(
        action: String, name: String, nameEn: String, from: [String], to: String, role: Role,
        scope: ActorScope, effect: TransitionEffect = .none, requiresNote: Bool = false, queues: Bool = true,
        result: ResultRule? = nil
    ) {
        self.action = action
        self.name = name
        self.nameEn = nameEn
        self.from = from
        self.to = to
        self.role = role
        self.scope = scope
        self.effect = effect
        self.requiresNote = requiresNote
        self.queues = queues
        self.result = result
    }

    private enum CodingKeys: String, CodingKey {
        case action, name, nameEn, from, to, role, scope, effect, requiresNote, queues, result
    }

    /// Decodes a transition; `effect` defaults to none, `requiresNote` to false, `queues` to true, `result` to nil.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            action: try c.decode(String.self, forKey: .action), name: try c.decode(String.self, forKey: .name),
            nameEn: try c.decode(String.self, forKey: .nameEn), from: try c.decode([String].self, forKey: .from),
            to: try c.decode(String.self, forKey: .to), role: try c.decode(Role.self, forKey: .role),
            scope: try c.decode(ActorScope.self, forKey: .scope),
            effect: try c.decodeIfPresent(TransitionEffect.self, forKey: .effect) ?? .none,
            requiresNote: try c.decodeIfPresent(Bool.self, forKey: .requiresNote) ?? false,
            queues: try c.decodeIfPresent(Bool.self, forKey: .queues) ?? true,
            result: try c.decodeIfPresent(ResultRule.self, forKey: .result))
    }
}

/// A workflow: states and transitions, kept as data an administrator can change.
public struct Workflow: Codable, Sendable {
    public var code: String
    public var name: String
    public var nameEn: String
    /// State of a dossier received at the counter (clock started at once).
    public var counterState: String
    /// State of a dossier submitted online (waiting for the one-stop desk to accept it).
    public var onlineState: String
    public var states: [WorkflowState]
    public var transitions: [WorkflowTransition]
    /// Where the states' national portal status codes come from (cited in the data, required when the workflow is saved).
    public var nationalStatusSource: String?

    public init(
        code: String, name: String, nameEn: String, counterState: String, onlineState: String,
        states: [WorkflowState], transitions: [WorkflowTransition], nationalStatusSource: String? = nil
    ) {
        self.code = code
        self.name = name
        self.nameEn = nameEn
        self.counterState = counterState
        self.onlineState = onlineState
        self.states = states
        self.transitions = transitions
        self.nationalStatusSource = nationalStatusSource
    }

    public func state(_ code: String) -> WorkflowState? { states.first { $0.code == code } }
    public func transition(_ action: String) -> WorkflowTransition? { transitions.first { $0.action == action } }

    /// Transitions leaving `state`.
    public func transitions(from state: String) -> [WorkflowTransition] {
        transitions.filter { $0.from.contains(state) }
    }

    /// State codes and actions are identifiers: ASCII letters, digits and `_`, at most 64.
    static func isIdentifier(_ s: String) -> Bool {
        !s.isEmpty && s.count <= 64 && s.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }
    }

    /// Checks that the workflow is consistent: known states, reachable targets, one of each action.
    public func validate() throws {
        let codes = Set(states.map(\.code))
        func need(_ ok: Bool, _ what: String) throws {
            if !ok { throw DomainError(.invalid, "workflow.invalid", ["detail": what]) }
        }
        try need(!code.isEmpty, "code")
        try need(codes.count == states.count, "duplicate state")
        try need(codes.contains(counterState) && codes.contains(onlineState), "initial states")
        try need(Set(transitions.map(\.action)).count == transitions.count, "duplicate action")
        try need((states.map(\.code) + transitions.map(\.action)).allSatisfy(Self.isIdentifier), "codes must be letters, digits or _")
        for t in transitions {
            try need(!t.from.isEmpty && t.from.allSatisfy(codes.contains), "from of \(t.action)")
            try need(
                codes.contains(t.to) || t.to == WorkflowTransition.resume || t.to == WorkflowTransition.same,
                "to of \(t.action)")
            try need(t.from.allSatisfy { state($0)?.isTerminal == false }, "transition from terminal state \(t.action)")
        }
        let source = nationalStatusSource?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        try need(!source.isEmpty && source.count <= 1000, "nationalStatusSource")
        for s in states {
            try need(NationalPortalStatus.named(s.nationalStatus) != nil, "national portal status of \(s.code)")
            try need(s.budgetPercent.map { (0...100).contains($0) } ?? true, "budget of \(s.code)")
            try need(s.budgetDays.map { $0 >= 0 } ?? true, "budget days of \(s.code)")
        }
        if !states.contains(where: \.isTerminal) { throw DomainError(.invalid, "workflow.noFinalState") }
        let unreachable = states.map(\.code).filter { !reachable.contains($0) }
        if !unreachable.isEmpty { throw DomainError(.invalid, "workflow.unreachable", ["states": unreachable.joined(separator: ", ")]) }
    }

    /// The states a dossier can reach from the counter or the online state by the transitions
    /// (`@same` and `@resume` lead to no new state).
    public var reachable: Set<String> {
        var seen: Set<String> = [counterState, onlineState]
        var next = Array(seen)
        while let state = next.popLast() {
            for t in transitions(from: state) where !seen.contains(t.to) && self.state(t.to) != nil {
                seen.insert(t.to)
                next.append(t.to)
            }
        }
        return seen
    }

    /// The workflow without state `code`, and without the moves into it; it leaves the `from` of the other moves.
    public func removingState(_ code: String) -> Workflow {
        var copy = self
        copy.states.removeAll { $0.code == code }
        copy.transitions = transitions.compactMap { t in
            var t = t
            t.from.removeAll { $0 == code }
            return t.to == code || t.from.isEmpty ? nil : t
        }
        return copy
    }
}
