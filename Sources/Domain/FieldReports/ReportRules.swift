import Foundation

/// What can be done to a field report.
public enum ReportAction: String, Codable, Sendable, CaseIterable {
    case accept, reject, assign, start, answer, forward, escalate, requestInfo, merge, classify, close
    case reopen, rate, hide, unhide, redact
}

/// An action on a report with its inputs.
public struct ReportActionRequest: Codable, Sendable, Hashable {
    public var action: ReportAction
    public var expectedVersion: Int
    public var note: String?
    public var assigneeId: Int64?
    public var targetAgencyId: String?
    public var categoryCode: String?
    public var duplicateOf: Int64?
    public var score: RatingScore?
    public var publicDescription: String?

    public init(
        action: ReportAction, expectedVersion: Int, note: String? = nil, assigneeId: Int64? = nil, targetAgencyId: String? = nil,
        categoryCode: String? = nil, duplicateOf: Int64? = nil, score: RatingScore? = nil, publicDescription: String? = nil
    ) {
        self.action = action
        self.expectedVersion = expectedVersion
        self.note = note
        self.assigneeId = assigneeId
        self.targetAgencyId = targetAgencyId
        self.categoryCode = categoryCode
        self.duplicateOf = duplicateOf
        self.score = score
        self.publicDescription = publicDescription
    }
}

/// Who acts on a report.
public enum ReportActor: Sendable, Hashable {
    case officer(Officer)
    /// The citizen account that made the report.
    case reporter(Citizen)
    /// The platform itself (escalation of overdue reports).
    case system

    var name: String {
        switch self {
        case .officer(let o): o.fullName
        case .reporter: "reporter"
        case .system: "system"
        }
    }
    var id: Int64? { if case .officer(let o) = self { o.id } else { nil } }
}

/// Everything the report rules need beyond the report and the request, resolved beforehand.
public struct ReportContext: Sendable {
    public var actor: ReportActor
    public var now: Date
    public var today: LocalDate
    public var calendar: WorkingCalendar
    public var category: ReportCategory
    /// Days after the answer during which the reporter may reopen.
    public var reopenDays: Int
    public var assignee: Officer?
    public var targetAgency: Agency?
    public var newCategory: ReportCategory?
    /// The open report of the same category this one duplicates (for `merge`).
    public var original: FieldReport?

    public init(
        actor: ReportActor, now: Date, today: LocalDate, calendar: WorkingCalendar, category: ReportCategory, reopenDays: Int,
        assignee: Officer? = nil, targetAgency: Agency? = nil, newCategory: ReportCategory? = nil, original: FieldReport? = nil
    ) {
        self.actor = actor
        self.now = now
        self.today = today
        self.calendar = calendar
        self.category = category
        self.reopenDays = reopenDays
        self.assignee = assignee
        self.targetAgency = targetAgency
        self.newCategory = newCategory
        self.original = original
    }
}

/// The rules of a field report's life: who may do what from which status, and the deadlines.
public enum ReportRules {
    public static let maxText = 4000

    /// Deadlines of a report received at `receivedAt` in `category`: accept or reject by, answer by, and for a
    /// category counted in hours the instant the answer is due (hours run round the clock; accepting is due by
    /// the answer's day at the latest).
    public static func deadlines(receivedAt: Date, category: ReportCategory, calendar: WorkingCalendar) -> (
        acceptBy: LocalDate, answerBy: LocalDate, answerDueAt: Date?
    ) {
        let start = calendar.effectiveReceiptDay(receivedAt, cutoffMinute: 24 * 60 - 1)
        let acceptBy = calendar.addingWorkingDays(category.rejectDays, after: start)
        guard let hours = category.handleHours else {
            return (acceptBy, calendar.addingWorkingDays(category.handleDays, after: start), nil)
        }
        let due = receivedAt.addingTimeInterval(TimeInterval(hours * 3600))
        let dueDay = LocalDate.local(due, utcOffsetSeconds: calendar.utcOffsetSeconds).date
        return (min(acceptBy, dueDay), dueDay, due)
    }

    /// Statuses each action may start from.
    static func allowedFrom(_ action: ReportAction) -> Set<ReportStatus> {
        switch action {
        case .accept, .reject: [.received]
        case .forward, .merge: [.received, .accepted]
        case .assign: [.accepted, .assigned, .inProgress]
        case .start: [.assigned]
        case .answer: [.accepted, .assigned, .inProgress]
        case .escalate, .requestInfo: [.received, .accepted, .assigned, .inProgress]
        case .classify: [.received, .accepted, .assigned, .inProgress]
        case .close: [.answered]
        case .reopen: [.answered, .closed]
        case .rate: [.answered, .closed]
        case .hide, .unhide, .redact: Set(ReportStatus.allCases)
        }
    }

    /// The actions `actor` may take on `report` now (for pages).
    public static func available(for report: FieldReport, actor: ReportActor) -> [ReportAction] {
        ReportAction.allCases.filter { allowedFrom($0).contains(report.status) && permits($0, report: report, actor: actor) == nil }
    }

    /// Why `actor` may not take `action`, or nil.
    public static func permits(_ action: ReportAction, report: FieldReport, actor: ReportActor) -> DomainError? {
        switch actor {
        case .system:
            return action == .escalate ? nil : DomainError.forbidden()
        case .reporter(let citizen):
            guard report.reporter.citizenId == citizen.id else { return DomainError.notFound("report.notFound") }
            return [.reopen, .rate].contains(action) ? nil : DomainError.forbidden("report.reporterOnly")
        case .officer(let officer):
            guard officer.active, officer.agencyId == report.agencyId || officer.roles.contains(.admin) else {
                return DomainError.forbidden("report.wrongAgency")
            }
            let roles = officer.roles
            switch action {
            case .accept, .reject, .forward, .requestInfo, .merge, .classify:
                return roles.isDisjoint(with: [.leader, .receiving, .admin]) ? DomainError.forbidden("transition.wrongRole") : nil
            case .assign, .close, .escalate, .hide, .unhide, .redact:
                return roles.isDisjoint(with: [.leader, .admin]) ? DomainError.forbidden("transition.wrongRole") : nil
            case .start, .answer:
                if roles.contains(.leader) { return nil }
                guard roles.contains(.specialist) else { return DomainError.forbidden("transition.wrongRole") }
                if let assignee = report.assigneeId, assignee != officer.id { return DomainError.forbidden("report.notAssignee") }
                return nil
            case .reopen, .rate:
                return DomainError.forbidden("report.reporterOnly")
            }
        }
    }

    /// Applies `request`: the updated report and the event to append.
    public static func apply(_ request: ReportActionRequest, to report: FieldReport, context c: ReportContext) throws -> (
        FieldReport, ReportEvent
    ) {
        guard request.expectedVersion == report.version else { throw DomainError.conflict("report.staleVersion") }
        guard allowedFrom(request.action).contains(report.status) else {
            throw DomainError(.conflict, "report.notFromStatus", ["action": request.action.rawValue, "status": report.status.rawValue])
        }
        if let refusal = permits(request.action, report: report, actor: c.actor) { throw refusal }
        let note = request.note?.trimmingCharacters(in: .whitespacesAndNewlines).nilIfEmpty
        guard (note?.count ?? 0) <= maxText else { throw DomainError.invalid("note", "tooLong") }
        func needNote() throws -> String {
            guard let note else { throw DomainError.invalid("note", "required") }
            return note
        }
        var r = report
        var isPublic = true
        var eventNote = note
        switch request.action {
        case .accept:
            r.status = .accepted
        case .reject:
            r.statusNotes = try needNote()
            r.status = .rejected
            r.closedAt = c.now
        case .assign:
            guard let assignee = c.assignee, assignee.id == request.assigneeId, assignee.active, assignee.agencyId == r.agencyId,
                assignee.roles.contains(.specialist)
            else { throw DomainError.invalid("assigneeId", "transition.badAssignee") }
            r.assigneeId = assignee.id
            r.status = .assigned
            isPublic = false
        case .start:
            r.status = .inProgress
        case .answer:
            r.answer = try needNote()
            r.statusNotes = r.answer
            r.answeredAt = c.now
            r.answeredOnTime = r.answerDueAt.map { c.now <= $0 } ?? (c.today <= r.answerBy)
            r.status = .answered
        case .forward, .escalate:
            if request.action == .forward { _ = try needNote() }
            guard let target = c.targetAgency, target.id == request.targetAgencyId, target.id != r.agencyId,
                target.kind != .communeOneStop, target.kind != .serviceCentre
            else {
                throw DomainError.invalid("targetAgencyId", "transition.badTarget")
            }
            r.agencyId = target.id
            r.assigneeId = nil
            if request.action == .forward {
                r.status = .received
                r.acceptBy = deadlines(receivedAt: c.now, category: c.category, calendar: c.calendar).acceptBy
            } else {
                r.escalated = true
            }
        case .requestInfo:
            r.statusNotes = try needNote()
        case .merge:
            guard let original = c.original, original.id == request.duplicateOf, original.id != r.id,
                original.categoryCode == r.categoryCode, original.status.isOpen, original.duplicateOf == nil
            else {
                throw DomainError.invalid("duplicateOf", "report.badDuplicate")
            }
            r.duplicateOf = original.id
            r.status = .closed
            r.closedAt = c.now
        case .classify:
            guard let category = c.newCategory, category.code == request.categoryCode else { throw DomainError.invalid("categoryCode") }
            eventNote = [report.categoryCode + " → " + category.code, note].compactMap { $0 }.joined(separator: ": ")
            r.categoryCode = category.code
            isPublic = false
        case .close:
            r.status = .closed
            r.closedAt = c.now
        case .reopen:
            _ = try needNote()
            guard r.duplicateOf == nil, let answered = r.answeredAt,
                c.today
                    <= c.calendar.addingWorkingDays(
                        c.reopenDays, after: LocalDate.local(answered, utcOffsetSeconds: c.calendar.utcOffsetSeconds).date)
            else {
                throw DomainError.conflict("report.reopenExpired")
            }
            r.status = .inProgress
            r.closedAt = nil
            r.rating = nil
            r.answeredOnTime = nil
        case .rate:
            guard let score = request.score else { throw DomainError.invalid("score") }
            guard r.rating == nil, r.answeredAt != nil else { throw DomainError.conflict("rating.alreadyRated") }
            r.rating = score
            r.status = .closed
            if r.closedAt == nil { r.closedAt = c.now }
            eventNote = score.rawValue
        case .hide, .unhide:
            _ = try needNote()
            r.hidden = request.action == .hide
            isPublic = false
        case .redact:
            _ = try needNote()
            guard let text = request.publicDescription?.trimmingCharacters(in: .whitespacesAndNewlines), !text.isEmpty,
                text.count <= maxText
            else {
                throw DomainError.invalid("publicDescription")
            }
            r.publicDescription = text
            isPublic = false
        }
        r.version = report.version + 1
        r.updatedAt = c.now
        let event = ReportEvent(
            action: request.action.rawValue, fromStatus: report.status, toStatus: r.status, actorId: c.actor.id,
            actorName: c.actor.name, agencyId: r.agencyId, note: eventNote, isPublic: isPublic, at: c.now)
        return (r, event)
    }
}

extension String {
    var nilIfEmpty: String? { isEmpty ? nil : self }
}
