import Foundation

/// What anyone holding a dossier's code may see: its progress, and no personal data at all.
public struct DossierProgress: Sendable, Hashable {
    /// One step of the history as shown to the public.
    public struct Step: Sendable, Hashable {
        public var action: String
        public var toState: String
        public var occurredAt: Date
        /// The agency that acted.
        public var agencyId: String
        public var stepDeadline: LocalDate?
        public var stepTimeliness: Timeliness?
        public init(
            action: String, toState: String, occurredAt: Date, agencyId: String, stepDeadline: LocalDate?, stepTimeliness: Timeliness?
        ) {
            self.action = action
            self.toState = toState
            self.occurredAt = occurredAt
            self.agencyId = agencyId
            self.stepDeadline = stepDeadline
            self.stepTimeliness = stepTimeliness
        }
    }

    public var code: String
    public var procedureCode: String
    public var workflowCode: String
    public var state: String
    public var receivedAt: Date?
    public var dueDate: LocalDate?
    public var finishedAt: Date?
    public var outcome: DossierOutcome?
    public var steps: [Step]

    public init(
        code: String, procedureCode: String, workflowCode: String, state: String, receivedAt: Date?,
        dueDate: LocalDate?, finishedAt: Date?, outcome: DossierOutcome?, steps: [Step]
    ) {
        self.code = code
        self.procedureCode = procedureCode
        self.workflowCode = workflowCode
        self.state = state
        self.receivedAt = receivedAt
        self.dueDate = dueDate
        self.finishedAt = finishedAt
        self.outcome = outcome
        self.steps = steps
    }
}
