import Foundation

/// How a notification reaches a person.
public enum MessageChannel: String, Codable, Sendable, CaseIterable { case sms, email }

/// A notification waiting in the outbox: a template of the string catalogue and its parameters,
/// rendered at delivery. Written in the transaction of the change it reports, so none is lost.
public struct OutboundMessage: Codable, Sendable, Hashable {
    public var channel: MessageChannel
    public var recipient: String
    public var template: String
    public var params: [String: String]
    public var language: String

    public init(channel: MessageChannel, recipient: String, template: String, params: [String: String], language: String = "vi") {
        self.channel = channel
        self.recipient = recipient
        self.template = template
        self.params = params
        self.language = language
    }
}

/// A message of the outbox with its delivery bookkeeping.
public struct OutboxEntry: Sendable, Hashable {
    public var id: Int64
    public var message: OutboundMessage
    public var attempts: Int
    public init(id: Int64, message: OutboundMessage, attempts: Int) {
        self.id = id
        self.message = message
        self.attempts = attempts
    }
}

/// A delivered message as the development mailbox keeps it.
public struct DeliveredMessage: Sendable, Hashable {
    public var channel: MessageChannel
    public var recipient: String
    public var subject: String
    public var body: String
    public var deliveredAt: Date
    public init(channel: MessageChannel, recipient: String, subject: String, body: String, deliveredAt: Date) {
        self.channel = channel
        self.recipient = recipient
        self.subject = subject
        self.body = body
        self.deliveredAt = deliveredAt
    }
}

/// The transactional outbox and the development mailbox.
public protocol OutboxRepository: Sendable {
    /// Claims for `holder`, until `now + leaseSeconds`, up to `limit` messages due for delivery (pending,
    /// next attempt not in the future, no claim or an expired one), oldest first. Senders sharing the
    /// database never claim one message together.
    func claim(now: Date, limit: Int, holder: String, leaseSeconds: TimeInterval) async throws -> [OutboxEntry]
    /// Marks sent the messages of `ids` that `holder` still holds.
    func markSent(ids: [Int64], holder: String, now: Date) async throws
    /// Schedules another attempt at `retryAt`, or gives up (`failed`) when `retryAt` is nil, if `holder` still holds it.
    func markFailed(id: Int64, holder: String, error: String, retryAt: Date?) async throws
    /// Gives back the claims of `holder` on `ids` without an attempt: they are due again at once.
    func release(ids: [Int64], holder: String) async throws
    func counts() async throws -> [String: Int]
    /// Dossier changes of state not relayed yet (not marked read), oldest first: those after the relay's
    /// position, and those a little before it that were committed late (PostgreSQL numbers events before
    /// their transactions commit).
    func unrelayedChanges(limit: Int) async throws -> [DossierChange]
    /// Queues the messages of each change (once per change and channel) and the citizens' copies (once
    /// per change), marks the changes `relayed` (read, whether they called for a message or not) and
    /// moves the relay's position to the last of them, in one transaction.
    func enqueue(
        _ messages: [(eventId: Int64, message: OutboundMessage)], notices: [CitizenNotice], relayed: [Int64], now: Date
    ) async throws
    func recordDelivery(outboxId: Int64, _ message: DeliveredMessage) async throws
    func mailbox(limit: Int) async throws -> [DeliveredMessage]
}

/// A dossier's recorded change as the notification relay reads it from the history.
public struct DossierChange: Sendable, Hashable {
    public var eventId: Int64
    public var code: String
    public var workflowCode: String
    public var fromState: String?
    public var toState: String
    public var dueDate: LocalDate?
    public var applicant: Applicant
    /// The workflow action of the change, and its note (the reason of a supplement request, a refusal).
    public var action: String?
    public var note: String?
    /// The account the dossier was submitted from (nil: at the counter) and the channels it chose.
    public var citizenId: Int64?
    public var channels: NotificationChannels
    /// The fee the dossier asks after the change.
    public var feeAmount: Int
    public init(
        eventId: Int64, code: String, workflowCode: String, fromState: String?, toState: String, dueDate: LocalDate?, applicant: Applicant,
        action: String? = nil, note: String? = nil, citizenId: Int64? = nil, channels: NotificationChannels = .all, feeAmount: Int = 0
    ) {
        self.action = action
        self.note = note
        self.eventId = eventId
        self.code = code
        self.workflowCode = workflowCode
        self.fromState = fromState
        self.toState = toState
        self.dueDate = dueDate
        self.applicant = applicant
        self.citizenId = citizenId
        self.channels = channels
        self.feeAmount = feeAmount
    }
}

/// When the applicant is told, and what: only when it matters to them. The dossier was received
/// (with the expected date), something is asked of them (a supplement: what; a fee: how much), the
/// result is ready, or the dossier was refused or stopped (with the reason). Internal steps (forward,
/// assign, approval...) send nothing. By SMS to the applicant's phone and by e-mail when they gave one,
/// each only if the account chose it. Dates are ISO and amounts plain digits in the parameters; the
/// sender renders them (dd/MM/yyyy, "8.000 đ") with a link: to the dossier's page for a dossier of an
/// account (`dossier`), to public tracking otherwise (`tracking`).
public enum NotificationPolicy {
    /// The catalogue template of the message `change` calls for; nil when it calls for none.
    public static func template(for change: DossierChange, workflow: Workflow?) -> String? {
        guard change.fromState != change.toState, let workflow else { return nil }
        switch change.action.flatMap({ workflow.transition($0)?.effect }) {
        case .requestSupplement: return "supplementRequested"
        case .requestPayment: return "paymentRequested"
        case .accept: return "received"
        case .approve: return "resultReady"
        default: break
        }
        if change.fromState == nil, change.toState == workflow.counterState { return "received" }
        switch workflow.state(change.toState)?.outcome {
        case .refused: return "refused"
        case .stopped: return "stopped"
        default: return nil
        }
    }

    /// The template's parameters for `change`.
    public static func params(for change: DossierChange) -> [String: String] {
        var params = [
            "code": change.code, "name": change.applicant.fullName, "dueDate": change.dueDate?.iso ?? "",
            "reason": change.note ?? "", "amount": String(change.feeAmount),
        ]
        params[change.citizenId == nil ? "tracking" : "dossier"] = change.code
        return params
    }

    public static func messages(for change: DossierChange, workflow: Workflow?) -> [OutboundMessage] {
        guard let template = template(for: change, workflow: workflow) else { return [] }
        let params = params(for: change)
        var messages: [OutboundMessage] = []
        if change.channels.sms, !change.applicant.phone.isEmpty {
            messages.append(OutboundMessage(channel: .sms, recipient: change.applicant.phone, template: template, params: params))
        }
        if change.channels.email, let email = change.applicant.email, !email.isEmpty {
            messages.append(OutboundMessage(channel: .email, recipient: email, template: template, params: params))
        }
        return messages
    }

    /// The account's copy of the message `change` calls for (whatever the channels); nil without an account or a message.
    public static func notice(for change: DossierChange, workflow: Workflow?, at: Date) -> CitizenNotice? {
        guard let citizenId = change.citizenId, let template = template(for: change, workflow: workflow) else { return nil }
        return CitizenNotice(eventId: change.eventId, citizenId: citizenId, template: template, params: params(for: change), createdAt: at)
    }

    /// Delay before attempt `attempts + 1`: 30 s doubling to at most 6 h; nil after 12 attempts.
    public static func retryDelay(afterAttempts attempts: Int) -> TimeInterval? {
        guard attempts < 12 else { return nil }
        return min(30 * pow(2, Double(attempts - 1)), 6 * 3600)
    }
}
