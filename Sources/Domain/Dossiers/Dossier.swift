import Foundation

/// How a dossier reached the one-stop office. `assisted`: submitted online at the counter by the
/// receiving officer on the applicant's behalf, the documents scanned there (an online-only procedure).
public enum Channel: String, Codable, Sendable, CaseIterable {
    case counter, online, post, assisted

    /// Submitted online (by the applicant, or by an officer for them): counted online, answered electronically.
    public var isOnline: Bool { self == .online || self == .assisted }
}

/// Whether a step or a dossier finished before, on, or after its deadline.
public enum Timeliness: String, Codable, Sendable, CaseIterable { case early, onTime, late }

/// The person or organisation submitting a dossier.
public struct Applicant: Codable, Sendable, Hashable {
    public var fullName: String
    /// 12-digit citizen identification number (CCCD), or a tax code for an organisation.
    public var idNumber: String
    public var phone: String
    public var email: String?
    public var address: String
    /// Commune code of the address, in the current tree.
    public var unitCode: String?

    public init(fullName: String, idNumber: String, phone: String, email: String?, address: String, unitCode: String?) {
        self.fullName = fullName
        self.idNumber = idNumber
        self.phone = phone
        self.email = email
        self.address = address
        self.unitCode = unitCode
    }
}

/// A dossier (hồ sơ) moving through its procedure's workflow on the working-day clock.
public struct Dossier: Codable, Sendable, Hashable {
    public var id: Int64
    /// Public code: agency identifier, YYMMDD, daily sequence. Empty until the store allocates it.
    public var code: String
    public var procedureCode: String
    public var workflowCode: String
    public var state: String
    /// Optimistic-concurrency version, incremented by every transition.
    public var version: Int
    public var channel: Channel
    public var receivingAgencyId: String
    public var handlingAgencyId: String
    public var assigneeId: Int64?
    public var applicant: Applicant
    public var submittedAt: Date
    /// When the clock started (counter receipt, or acceptance of an online submission).
    public var receivedAt: Date?
    /// Appointment date the applicant was given (moved by an apology).
    public var dueDate: LocalDate?
    /// Legal due date: the appointment without any apology, moved only by clock stops.
    public var legalDueDate: LocalDate?
    public var stepStartedAt: Date
    public var stepDeadline: LocalDate?
    /// State to go back to after a side path (supplement, payment).
    public var resumeState: String?
    /// Working days left on the legal and the appointment clocks while the clock is stopped.
    public var pausedLegalDays: Int?
    public var pausedAppointmentDays: Int?
    public var supplementCount: Int
    public var apologized: Bool
    /// When the outcome was decided (approval, refusal, stop, withdrawal).
    public var resolvedAt: Date?
    public var finishedAt: Date?
    public var outcome: DossierOutcome?
    public var timeliness: Timeliness?
    public var feeAmount: Int
    public var paidAt: Date?
    /// The portal account that submitted the dossier online, if any.
    public var citizenId: Int64?

    public init(
        id: Int64 = 0, code: String = "", procedureCode: String, workflowCode: String, state: String,
        version: Int = 1, channel: Channel, receivingAgencyId: String, handlingAgencyId: String,
        assigneeId: Int64? = nil, applicant: Applicant, submittedAt: Date, receivedAt: Date?,
        dueDate: LocalDate?, legalDueDate: LocalDate?, stepStartedAt: Date, stepDeadline: LocalDate?,
        resumeState: String? = nil, pausedLegalDays: Int? = nil, pausedAppointmentDays: Int? = nil,
        supplementCount: Int = 0, apologized: Bool = false, resolvedAt: Date? = nil,
        finishedAt: Date? = nil, outcome: DossierOutcome? = nil, timeliness: Timeliness? = nil,
        feeAmount: Int, paidAt: Date? = nil, citizenId: Int64? = nil
    ) {
        self.id = id
        self.code = code
        self.procedureCode = procedureCode
        self.workflowCode = workflowCode
        self.state = state
        self.version = version
        self.channel = channel
        self.receivingAgencyId = receivingAgencyId
        self.handlingAgencyId = handlingAgencyId
        self.assigneeId = assigneeId
        self.applicant = applicant
        self.submittedAt = submittedAt
        self.receivedAt = receivedAt
        self.dueDate = dueDate
        self.legalDueDate = legalDueDate
        self.stepStartedAt = stepStartedAt
        self.stepDeadline = stepDeadline
        self.resumeState = resumeState
        self.pausedLegalDays = pausedLegalDays
        self.pausedAppointmentDays = pausedAppointmentDays
        self.supplementCount = supplementCount
        self.apologized = apologized
        self.resolvedAt = resolvedAt
        self.finishedAt = finishedAt
        self.outcome = outcome
        self.timeliness = timeliness
        self.feeAmount = feeAmount
        self.paidAt = paidAt
        self.citizenId = citizenId
    }

    /// Whether `agencyId` may see this dossier: it received it or handles it now.
    public func isVisible(to agencyId: String) -> Bool {
        receivingAgencyId == agencyId || handlingAgencyId == agencyId
    }
}

/// One immutable line of a dossier's history (the control slip, phiếu kiểm soát).
public struct DossierEvent: Codable, Sendable, Hashable {
    public var id: Int64
    public var dossierId: Int64
    /// Position in the dossier's history, from 1.
    public var sequence: Int
    public var action: String
    public var fromState: String?
    public var toState: String
    public var actorId: Int64?
    public var actorName: String
    public var actorRole: Role?
    public var agencyId: String?
    public var occurredAt: Date
    public var note: String?
    /// Deadline of the step this event closes, and how it was kept.
    public var stepDeadline: LocalDate?
    public var stepTimeliness: Timeliness?
    /// Deadline of the step this event opens.
    public var nextDeadline: LocalDate?
    /// Agency handling the dossier after the event.
    public var handlingAgencyId: String
    public var assigneeId: Int64?
    /// Appointment date after the event.
    public var dueDate: LocalDate?

    public init(
        id: Int64 = 0, dossierId: Int64 = 0, sequence: Int, action: String, fromState: String?,
        toState: String, actorId: Int64?, actorName: String, actorRole: Role?, agencyId: String?,
        occurredAt: Date, note: String?, stepDeadline: LocalDate?, stepTimeliness: Timeliness?,
        nextDeadline: LocalDate?, handlingAgencyId: String, assigneeId: Int64?, dueDate: LocalDate?
    ) {
        self.id = id
        self.dossierId = dossierId
        self.sequence = sequence
        self.action = action
        self.fromState = fromState
        self.toState = toState
        self.actorId = actorId
        self.actorName = actorName
        self.actorRole = actorRole
        self.agencyId = agencyId
        self.occurredAt = occurredAt
        self.note = note
        self.stepDeadline = stepDeadline
        self.stepTimeliness = stepTimeliness
        self.nextDeadline = nextDeadline
        self.handlingAgencyId = handlingAgencyId
        self.assigneeId = assigneeId
        self.dueDate = dueDate
    }
}
