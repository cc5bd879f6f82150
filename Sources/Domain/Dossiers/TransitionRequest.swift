import Foundation

/// What an officer asks to do to a dossier.
public struct TransitionRequest: Codable, Sendable, Hashable {
    public var action: String
    /// The version the officer saw; the transition fails with a conflict if the dossier moved since.
    public var expectedVersion: Int
    public var note: String?
    public var assigneeId: Int64?
    public var targetAgencyId: String?
    public var newDueDate: LocalDate?
    public var amount: Int?

    public init(
        action: String, expectedVersion: Int, note: String? = nil, assigneeId: Int64? = nil,
        targetAgencyId: String? = nil, newDueDate: LocalDate? = nil, amount: Int? = nil
    ) {
        self.action = action
        self.expectedVersion = expectedVersion
        self.note = note
        self.assigneeId = assigneeId
        self.targetAgencyId = targetAgencyId
        self.newDueDate = newDueDate
        self.amount = amount
    }
}

/// Everything the rules need to decide a transition, resolved beforehand by the service.
public struct TransitionContext: Sendable {
    public var workflow: Workflow
    public var procedure: Procedure
    public var calendar: WorkingCalendar
    public var actor: Officer
    public var now: Date
    /// The officer named by `assigneeId`, when the request names one.
    public var assignee: Officer?
    /// The agency named by `targetAgencyId`, when the request names one.
    public var targetAgency: Agency?

    public init(
        workflow: Workflow, procedure: Procedure, calendar: WorkingCalendar, actor: Officer, now: Date,
        assignee: Officer? = nil, targetAgency: Agency? = nil
    ) {
        self.workflow = workflow
        self.procedure = procedure
        self.calendar = calendar
        self.actor = actor
        self.now = now
        self.assignee = assignee
        self.targetAgency = targetAgency
    }
}
