import Foundation

/// The rules of a dossier's life, free of storage: receipt, transitions, the clock, timeliness.
public enum DossierRules {
    /// Longest note kept on an event.
    public static let maxNoteLength = 2000

    /// A new dossier and its first event. The code is allocated by the store.
    public static func receive(
        procedure: Procedure, workflow: Workflow, calendar: WorkingCalendar,
        channel: Channel, applicant: Applicant, receivingAgencyId: String,
        handlingAgencyId: String, actor: Officer?, now: Date, note: String?, feeAnswers: FeeAnswers = FeeAnswers()
    ) -> (Dossier, DossierEvent) {
        // An online submission waits for the desk to accept it, also when an officer records one
        // that arrived through another system; the clock starts at acceptance.
        let online = channel == .online
        let state = online ? workflow.onlineState : workflow.counterState
        let today = LocalDate.local(now, utcOffsetSeconds: calendar.utcOffsetSeconds).date
        var dossier = Dossier(
            procedureCode: procedure.code, workflowCode: workflow.code, state: state, channel: channel,
            receivingAgencyId: receivingAgencyId, handlingAgencyId: handlingAgencyId,
            applicant: applicant, submittedAt: now, receivedAt: nil, dueDate: nil, legalDueDate: nil,
            stepStartedAt: now, stepDeadline: nil, feeAmount: procedure.feeDue(feeAnswers, on: today))
        if !online { startClock(&dossier, procedure: procedure, calendar: calendar, now: now) }
        dossier.stepDeadline = stepDeadline(
            for: state, dossier: dossier, workflow: workflow,
            procedure: procedure, calendar: calendar, now: now)
        let event = DossierEvent(
            sequence: 1, action: online ? "submit" : "receive", fromState: nil, toState: state,
            actorId: actor?.id, actorName: actor?.fullName ?? applicant.fullName,
            actorRole: actor == nil ? nil : .receiving, agencyId: actor?.agencyId, occurredAt: now,
            note: note, stepDeadline: nil, stepTimeliness: nil, nextDeadline: dossier.stepDeadline,
            handlingAgencyId: handlingAgencyId, assigneeId: nil, dueDate: dossier.dueDate)
        return (dossier, event)
    }

    /// The transitions `actor` may perform on `dossier` now.
    public static func availableTransitions(for dossier: Dossier, workflow: Workflow, actor: Officer) -> [WorkflowTransition] {
        workflow.transitions(from: dossier.state).filter { permits($0, dossier: dossier, actor: actor) == nil }
    }

    /// Applies `request` to `dossier`: the updated dossier and the event to append (its sequence is
    /// set by the store). Throws a `DomainError` that says why the transition is refused.
    public static func apply(_ request: TransitionRequest, to dossier: Dossier, context c: TransitionContext) throws -> (
        Dossier, DossierEvent
    ) {
        guard request.expectedVersion == dossier.version else { throw DomainError.conflict("dossier.staleVersion") }
        guard let transition = c.workflow.transition(request.action) else {
            throw DomainError(.invalid, "transition.unknownAction", ["action": request.action])
        }
        guard transition.from.contains(dossier.state) else {
            throw DomainError(.conflict, "transition.notFromState", ["action": request.action, "state": dossier.state])
        }
        if let refusal = permits(transition, dossier: dossier, actor: c.actor) { throw refusal }
        let note = request.note?.trimmingCharacters(in: .whitespacesAndNewlines)
        if let note, note.count > maxNoteLength { throw DomainError.invalid("note", "tooLong") }
        if transition.requiresNote && (note ?? "").isEmpty { throw DomainError.invalid("note", "required") }

        let from = dossier.state
        let today = LocalDate.local(c.now, utcOffsetSeconds: c.calendar.utcOffsetSeconds).date
        let closedDeadline = dossier.stepDeadline
        let closedTimeliness = closedDeadline.map { judge(day: today, deadline: $0) }

        var next = dossier
        switch transition.to {
        case WorkflowTransition.resume:
            guard let resume = dossier.resumeState else { throw DomainError.conflict("transition.nothingToResume") }
            next.state = resume
        case WorkflowTransition.same: break
        default: next.state = transition.to
        }
        try applyEffect(transition, request: request, to: &next, from: from, context: c, today: today)
        if let outcome = c.workflow.state(next.state)?.outcome {
            next.finishedAt = c.now
            next.outcome = outcome
            if next.resolvedAt == nil && outcome != .withdrawn { resolve(&next, now: c.now, today: today, calendar: c.calendar) }
            if next.resolvedAt == nil { next.resolvedAt = c.now }
        }

        next.version = dossier.version + 1
        if next.state != from || transition.effect == .assign || transition.effect == .transfer {
            next.stepStartedAt = c.now
            next.stepDeadline = stepDeadline(
                for: next.state, dossier: next, workflow: c.workflow,
                procedure: c.procedure, calendar: c.calendar, now: c.now)
        }
        let event = DossierEvent(
            dossierId: dossier.id, sequence: 0, action: transition.action, fromState: from, toState: next.state,
            actorId: c.actor.id > 0 ? c.actor.id : nil, actorName: c.actor.fullName, actorRole: transition.role, agencyId: c.actor.agencyId,
            occurredAt: c.now, note: (note?.isEmpty ?? true) ? nil : note,
            stepDeadline: next.state != from ? closedDeadline : nil,
            stepTimeliness: next.state != from ? closedTimeliness : nil,
            nextDeadline: next.stepDeadline, handlingAgencyId: next.handlingAgencyId,
            assigneeId: next.assigneeId, dueDate: next.dueDate)
        return (next, event)
    }

    /// Why `actor` may not perform `transition` on `dossier`, or nil when they may.
    static func permits(_ transition: WorkflowTransition, dossier: Dossier, actor: Officer) -> DomainError? {
        guard actor.active, actor.roles.contains(transition.role) else { return DomainError.forbidden("transition.wrongRole") }
        let agency = transition.scope == .receivingAgency ? dossier.receivingAgencyId : dossier.handlingAgencyId
        guard actor.agencyId == agency else { return DomainError.forbidden("transition.wrongAgency") }
        if transition.role == .specialist, let assignee = dossier.assigneeId, assignee != actor.id {
            return DomainError.forbidden("transition.notAssignee")
        }
        if transition.effect == .apologize && dossier.apologized { return DomainError.conflict("dossier.alreadyApologized") }
        return nil
    }

    private static func applyEffect(
        _ t: WorkflowTransition, request: TransitionRequest, to d: inout Dossier,
        from: String, context c: TransitionContext, today: LocalDate
    ) throws {
        switch t.effect {
        case .none: break
        case .accept:
            startClock(&d, procedure: c.procedure, calendar: c.calendar, now: c.now)
        case .assign:
            guard let id = request.assigneeId else { throw DomainError.invalid("assigneeId", "required") }
            guard let assignee = c.assignee, assignee.id == id, assignee.active,
                assignee.agencyId == d.handlingAgencyId, assignee.roles.contains(.specialist)
            else {
                throw DomainError.invalid("assigneeId", "transition.badAssignee")
            }
            d.assigneeId = assignee.id
        case .transfer:
            guard let target = request.targetAgencyId else { throw DomainError.invalid("targetAgencyId", "required") }
            guard let agency = c.targetAgency, agency.id == target, agency.id != d.handlingAgencyId,
                agency.kind != .communeOneStop, agency.kind != .serviceCentre
            else {
                throw DomainError.invalid("targetAgencyId", "transition.badTarget")
            }
            d.handlingAgencyId = agency.id
            d.assigneeId = nil
        case .requestSupplement, .requestPayment:
            d.resumeState = from
            if t.effect == .requestSupplement {
                d.supplementCount += 1
            } else {
                if let amount = request.amount {
                    guard (0...1_000_000_000_000).contains(amount) else { throw DomainError.invalid("amount") }
                    d.feeAmount = amount
                }
                // Nothing to pay (a free procedure): payment is not asked for.
                guard d.feeAmount > 0 else { throw DomainError.conflict("dossier.nothingToPay") }
            }
            // A clock already past its date does not stop: late days are not forgiven by a side path.
            if let legal = d.legalDueDate, today <= legal { d.pausedLegalDays = c.calendar.workingDays(after: today, through: legal) }
            if let due = d.dueDate, today <= due { d.pausedAppointmentDays = c.calendar.workingDays(after: today, through: due) }
        case .supplement, .confirmPayment:
            let restart = c.calendar.effectiveReceiptDay(c.now, cutoffMinute: c.procedure.cutoffMinute ?? 24 * 60)
            if let days = d.pausedLegalDays { d.legalDueDate = c.calendar.addingWorkingDays(days, after: restart) }
            if let days = d.pausedAppointmentDays { d.dueDate = c.calendar.addingWorkingDays(days, after: restart) }
            d.pausedLegalDays = nil
            d.pausedAppointmentDays = nil
            d.resumeState = nil
            if t.effect == .confirmPayment { d.paidAt = c.now }
        case .apologize:
            guard let newDate = request.newDueDate else { throw DomainError.invalid("newDueDate", "required") }
            guard let due = d.dueDate else { throw DomainError.conflict("dossier.noDueDate") }
            guard today < due else { throw DomainError.conflict("dossier.apologyTooLate") }
            guard newDate > due, c.calendar.isWorkingDay(newDate) else { throw DomainError.invalid("newDueDate", "dossier.badNewDueDate") }
            d.apologized = true
            d.dueDate = newDate
        case .approve:
            resolve(&d, now: c.now, today: today, calendar: c.calendar)
        }
    }

    /// Records when the outcome was decided and judges the dossier against its legal due date.
    /// While the clock is stopped the legal date is the one a restart today would give, since
    /// time spent waiting for the applicant does not count.
    private static func resolve(_ d: inout Dossier, now: Date, today: LocalDate, calendar: WorkingCalendar) {
        d.resolvedAt = now
        guard var legal = d.legalDueDate else { return }
        if let days = d.pausedLegalDays { legal = calendar.addingWorkingDays(days, after: calendar.workingDayOnOrAfter(today)) }
        d.timeliness = d.supplementCount > 1 ? .late : judge(day: today, deadline: legal)
    }

    private static func startClock(_ d: inout Dossier, procedure: Procedure, calendar: WorkingCalendar, now: Date) {
        d.receivedAt = now
        let due = calendar.dueDate(receivedAt: now, limit: procedure.timeLimit, cutoffMinute: procedure.cutoffMinute)
        d.dueDate = due
        d.legalDueDate = due
    }

    /// The deadline of the step that starts when a dossier enters `state` at `now`.
    public static func stepDeadline(
        for state: String, dossier: Dossier, workflow: Workflow, procedure: Procedure,
        calendar: WorkingCalendar, now: Date
    ) -> LocalDate? {
        guard let s = workflow.state(state), !s.isTerminal, !s.clockStopped else { return nil }
        let days: Int
        if let fixed = s.budgetDays {
            days = fixed
        } else if let percent = s.budgetPercent, procedure.timeLimit.unit == .workingDays {
            days = (procedure.timeLimit.value * percent + 99) / 100
        } else {
            // A share of a limit in calendar days, hours or the same day is not a number of working days: the step has the whole limit.
            return dossier.dueDate
        }
        let start = calendar.effectiveReceiptDay(now, cutoffMinute: procedure.cutoffMinute ?? 24 * 60)
        let deadline = calendar.addingWorkingDays(days, after: start)
        if let due = dossier.dueDate, due < deadline { return due }
        return deadline
    }

    /// Early when done before the deadline day, on time on that day, late after it.
    public static func judge(day: LocalDate, deadline: LocalDate) -> Timeliness {
        day < deadline ? .early : (day == deadline ? .onTime : .late)
    }
}
