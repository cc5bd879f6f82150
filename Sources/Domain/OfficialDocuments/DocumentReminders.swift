import Foundation

/// A lead unit's count of documents past their deadline and not handled, for the dashboard.
public struct LateDocumentsOfUnit: Sendable, Hashable {
    public var agencyId: String
    public var late: Int
    /// The earliest deadline among them.
    public var oldestDeadline: LocalDate

    public init(agencyId: String, late: Int, oldestDeadline: LocalDate) {
        self.agencyId = agencyId
        self.late = late
        self.oldestDeadline = oldestDeadline
    }
}

/// The reminders of assigned documents and the late documents per unit.
public protocol DocumentReminderRepository: Sendable {
    /// Assigned documents not handled whose deadline falls from `from` to `until`, with no reminder
    /// recorded yet for their lead unit and deadline, by deadline.
    func dueForReminder(from: LocalDate, until: LocalDate, limit: Int) async throws -> [OfficialDocument]
    /// Claims the reminder of document `id` for `agencyId` and `deadline`, and queues `message` and
    /// `audit`, in one transaction: the claim row is unique, so of two instances trying at once,
    /// one queues the message and the other gets false.
    func claimReminder(id: Int64, agencyId: String, deadline: LocalDate, message: OutboundMessage, audit: AuditEntry, holder: String)
        async throws -> Bool
    /// Per lead unit (among `agencyIds`, or all when nil): the documents assigned, not handled and
    /// with a deadline before `today`, most late first.
    func lateByUnit(today: LocalDate, agencyIds: [String]?) async throws -> [LateDocumentsOfUnit]
}

/// Reminds a document's lead unit, through the notification outbox, `daysBefore` working days
/// before its deadline (Decree 30/2020/NĐ-CP, Article 24: the clerk and the unit follow up the
/// handling of incoming documents against their deadlines). One reminder per unit and deadline, whichever
/// instance sends it.
public struct DocumentReminderService: Sendable {
    let reminders: any DocumentReminderRepository
    let agencies: any AgencyRepository
    let calendars: any CalendarRepository
    let clock: Clock
    let daysBefore: Int
    /// The unit's mailbox: `{agency}` is replaced by its short name (or identifier) in lower case.
    let mailbox: String
    let holder: String

    public init(
        reminders: any DocumentReminderRepository, agencies: any AgencyRepository, calendars: any CalendarRepository, clock: Clock,
        daysBefore: Int, mailbox: String, holder: String
    ) {
        self.reminders = reminders
        self.agencies = agencies
        self.calendars = calendars
        self.clock = clock
        self.daysBefore = daysBefore
        self.mailbox = mailbox
        self.holder = holder
    }

    /// The mailbox of `agency`.
    public static func address(_ pattern: String, agency: Agency) -> String {
        pattern.replacingOccurrences(
            of: "{agency}", with: VietnameseFolding.fold(agency.shortCode ?? agency.id).replacingOccurrences(of: " ", with: ""))
    }

    /// One pass: queues the reminders now due (the summary of a classified document stays out of
    /// the e-mail); returns how many this instance queued.
    public func runOnce() async throws -> Int {
        guard daysBefore > 0, !mailbox.isEmpty,
            let calendar = try await calendars.calendar(code: try await calendars.defaultCalendarCode())
        else { return 0 }
        let now = clock.now()
        let today = LocalDate.local(now, utcOffsetSeconds: calendar.utcOffsetSeconds).date
        let until = calendar.addingWorkingDays(daysBefore, after: today)
        var queued = 0
        for d in try await reminders.dueForReminder(from: today, until: until, limit: 200) {
            guard let lead = d.assignment?.leadAgencyId, let deadline = d.deadline, let agency = try await agencies.agency(id: lead) else {
                continue
            }
            let message = OutboundMessage(
                channel: .email, recipient: Self.address(mailbox, agency: agency), template: "officialDocumentReminder",
                params: [
                    "numberSymbol": d.details.numberSymbol,
                    "summary": d.details.confidentiality == .normal ? String(d.details.summary.prefix(300)) : "—", "dueDate": deadline.iso,
                    "officialDocument": String(d.id),
                ])
            let audit = AuditEntry(
                actor: "system", action: "officialDocument.remind", target: String(d.id), detail: "\(lead) \(deadline.iso)", at: now)
            if try await reminders.claimReminder(
                id: d.id, agencyId: lead, deadline: deadline, message: message, audit: audit, holder: holder)
            {
                queued += 1
            }
        }
        return queued
    }

    /// The late documents per lead unit on the calendar's today, within the dashboard's `scope`:
    /// every unit of the province, one agency, or the agencies of one commune.
    public func lateByUnit(in scope: StatScope) async throws -> [LateDocumentsOfUnit] {
        guard let calendar = try await calendars.calendar(code: try await calendars.defaultCalendarCode()) else { return [] }
        let units: [String]? =
            switch scope.kind {
            case .province: nil
            case .agency: [scope.key]
            case .commune: try await agencies.agencies(kind: nil).filter { $0.unitCode == scope.key }.map(\.id)
            }
        return try await reminders.lateByUnit(
            today: LocalDate.local(clock.now(), utcOffsetSeconds: calendar.utcOffsetSeconds).date, agencyIds: units)
    }
}
