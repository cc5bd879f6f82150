import Foundation

/// A plain milestone of a dossier as the applicant follows it: submitted, received, in progress, result
/// (ready, then handed over), or how it ended (refused, withdrawn, stopped), instead of the officers' steps.
public struct DossierMilestone: Sendable, Hashable {
    public enum Kind: String, Sendable { case submitted, received, processing, result, returned, ended }
    public enum Progress: String, Sendable { case done, current, upcoming }

    public var kind: Kind
    public var progress: Progress
    /// When it was reached.
    public var at: Date?
    /// The expected date of the result, while it is ahead.
    public var expected: LocalDate?
    /// The state a dossier ended in (`ended` only).
    public var state: String?

    public init(kind: Kind, progress: Progress, at: Date? = nil, expected: LocalDate? = nil, state: String? = nil) {
        self.kind = kind
        self.progress = progress
        self.at = at
        self.expected = expected
        self.state = state
    }
}

/// The milestones of a dossier's progress. A state's place comes from its status in the national
/// portal's list (`WorkflowState.nationalStatus`): 1 new, 2 received, 4-6 in progress (5, 6 waiting on
/// the applicant), 9 done, 10 returned; 3, 7 and 8 (refused, withdrawn, stopped) end it.
public enum DossierMilestones {
    /// The rank of a national status among the four milestones; nil for an ending one.
    static func rank(_ nationalStatus: Int) -> Int? {
        switch nationalStatus {
        case 1: 0
        case 2: 1
        case 9, 10: 3
        case 3, 7, 8: nil
        default: 2
        }
    }

    public static func of(_ p: DossierProgress, workflow: Workflow?) -> [DossierMilestone] {
        func status(_ state: String) -> Int { workflow?.state(state)?.nationalStatus ?? 4 }
        var reachedAt: [Int: Date] = [:]
        for step in p.steps {
            guard let r = rank(status(step.toState)) else { continue }
            for lower in 0...r where reachedAt[lower] == nil { reachedAt[lower] = step.occurredAt }
        }
        let highest = reachedAt.keys.max() ?? -1
        let now = status(p.state)
        let kinds: [DossierMilestone.Kind] = [.submitted, .received, .processing, now == 10 ? .returned : .result]
        guard rank(now) != nil else {
            // Ended: what was reached, then how it ended.
            let reached = (0...max(highest, 0)).map { DossierMilestone(kind: kinds[$0], progress: .done, at: reachedAt[$0]) }
            return reached + [DossierMilestone(kind: .ended, progress: .done, at: p.steps.last?.occurredAt, state: p.state)]
        }
        var out: [DossierMilestone] = []
        var currentGiven = false
        for (r, kind) in kinds.enumerated() {
            let done = reachedAt[r] != nil && (r != 2 || highest > 2)
            var m = DossierMilestone(kind: kind, progress: done ? .done : currentGiven ? .upcoming : .current, at: reachedAt[r])
            if !done { currentGiven = true }
            if r == 3, !done { m.expected = p.dueDate }
            out.append(m)
        }
        return out
    }
}
