import Domain
import Foundation

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// Delivers a rendered notification through one channel.
public protocol MessageSender: Sendable {
    func send(_ message: DeliveredMessage, outboxId: Int64) async throws
}

/// Development delivery: messages land in the development mailbox page.
public struct MailboxSender: MessageSender {
    let outbox: any OutboxRepository
    public init(outbox: any OutboxRepository) { self.outbox = outbox }
    public func send(_ message: DeliveredMessage, outboxId: Int64) async throws {
        try await outbox.recordDelivery(outboxId: outboxId, message)
    }
}

/// Production delivery: a JSON POST to the SMS or e-mail gateway's HTTP endpoint.
public struct WebhookSender: MessageSender {
    let url: URL
    let token: String?
    public init(url: URL, token: String?) {
        self.url = url
        self.token = token
    }
    public func send(_ message: DeliveredMessage, outboxId: Int64) async throws {
        var request = URLRequest(url: url, timeoutInterval: 10)
        request.httpMethod = "POST"
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.setValue("motcua-\(outboxId)", forHTTPHeaderField: "Idempotency-Key")
        if let token { request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
        request.httpBody = try JSONSerialization.data(withJSONObject: [
            "channel": message.channel.rawValue, "to": message.recipient, "subject": message.subject, "body": message.body,
        ])
        let (_, response) = try await OutgoingHTTP.session.data(for: request)
        guard let http = response as? HTTPURLResponse, (200..<300).contains(http.statusCode) else {
            throw WebhookError.status((response as? HTTPURLResponse)?.statusCode ?? 0)
        }
    }
}

/// A gateway's refusal.
public enum WebhookError: Error, CustomStringConvertible {
    case status(Int)
    public var description: String {
        switch self {
        case .status(let code): "gateway answered HTTP \(code)"
        }
    }
}

/// Takes due messages from the outbox, renders them from the string catalogue and hands them
/// to the sender of their channel; a failure is retried later with a growing delay.
///
/// Instances sharing the database each run one: a pass claims its batch for `holder` (a lease of
/// `leaseSeconds`), so no two send one message. A pass starts no send after half its lease and gives
/// the rest back; an instance that dies mid-pass leaves claims that expire, and its messages are then
/// sent by another (at least once: the gateway gets `Idempotency-Key: motcua-<outbox id>` to drop a repeat).
public struct OutboxDispatcher: Sendable {
    let outbox: any OutboxRepository
    let senders: [MessageChannel: any MessageSender]
    let strings: Strings
    let clock: Clock
    let holder: String
    let leaseSeconds: TimeInterval
    /// The platform's public address: a message about a dossier gets the address of its page (or of
    /// its public tracking) as `link` (`MessageText`).
    let publicBaseURL: @Sendable () -> String

    public init(
        outbox: any OutboxRepository, senders: [MessageChannel: any MessageSender], clock: Clock = .system,
        holder: String = "motcua-\(UUID().uuidString.prefix(8))", leaseSeconds: TimeInterval = 300,
        publicBaseURL: @escaping @Sendable () -> String = { "" }
    ) throws {
        self.publicBaseURL = publicBaseURL
        self.outbox = outbox
        self.senders = senders
        self.strings = try Strings.load()
        self.clock = clock
        self.holder = holder
        self.leaseSeconds = leaseSeconds
    }

    /// Delivers what is due at `now` (the clock's time when not given); returns how many messages were sent.
    @discardableResult
    public func runOnce(now given: Date? = nil, batch: Int = 200) async throws -> Int {
        let now = given ?? clock.now()
        let stopSending = ContinuousClock.now + .seconds(leaseSeconds / 2)
        let claimed = try await outbox.claim(now: now, limit: batch, holder: holder, leaseSeconds: leaseSeconds)
        var sent = 0
        var unsent: [Int64] = []
        for entry in claimed {
            guard ContinuousClock.now < stopSending else {
                unsent.append(entry.id)
                continue
            }
            let m = entry.message
            let language = Language(rawValue: m.language) ?? .vi
            let text = MessageText(strings: strings, base: publicBaseURL())
            let rendered = DeliveredMessage(
                channel: m.channel, recipient: m.recipient, subject: text.subject(m.template, m.params, language),
                body: text.body(m.template, m.channel, m.params, language), deliveredAt: now)
            do {
                guard let sender = senders[m.channel] else { throw WebhookError.status(0) }
                try await sender.send(rendered, outboxId: entry.id)
            } catch {
                let delay = NotificationPolicy.retryDelay(afterAttempts: entry.attempts + 1)
                try await outbox.markFailed(
                    id: entry.id, holder: holder, error: String(describing: error), retryAt: delay.map { now.addingTimeInterval($0) })
                continue
            }
            // Recorded as soon as it is sent: an instance that dies resends at most the one message in
            // flight, once its lease has expired (at least once, never lost).
            try await outbox.markSent(ids: [entry.id], holder: holder, now: now)
            sent += 1
        }
        try await outbox.release(ids: unsent, holder: holder)
        return sent
    }
}
