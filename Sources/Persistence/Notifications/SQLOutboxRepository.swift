import Domain
import Foundation
import SQLKit

/// The notification outbox and the development mailbox in SQL.
public final class SQLOutboxRepository: OutboxRepository {
    let database: Database

    public init(database: Database) { self.database = database }

    public func claim(now: Date, limit: Int, holder: String, leaseSeconds: TimeInterval) async throws -> [OutboxEntry] {
        let at = Stored.millis(now)
        let due: SQLQueryString = "s.status = 'pending' AND s.next_attempt_at <= \(bind: at) AND s.lease_until <= \(bind: at)"
        return try await LeasedQueue(database: database, table: "outbox").claim(
            due: due, limit: limit, holder: holder, until: now.addingTimeInterval(leaseSeconds),
            returning: "id, channel, recipient, template, params, language, attempts"
        ).map { r in
            OutboxEntry(
                id: try r.int64("id"),
                message: OutboundMessage(
                    channel: MessageChannel(rawValue: try r.string("channel")) ?? .sms, recipient: try r.string("recipient"),
                    template: try r.string("template"), params: try Stored.decode([String: String].self, try r.string("params")),
                    language: try r.string("language")), attempts: try r.int("attempts"))
        }.sorted { $0.id < $1.id }
    }

    public func markSent(ids: [Int64], holder: String, now: Date) async throws {
        guard !ids.isEmpty else { return }
        try await database.transaction { db in
            try await db.raw(
                """
                UPDATE outbox SET status = 'sent', attempts = attempts + 1, sent_at = \(bind: Stored.millis(now)), last_error = NULL,
                    claimed_by = NULL, lease_until = 0
                WHERE id IN (\(binds: ids)) AND claimed_by = \(bind: holder) AND status = 'pending'
                """
            ).run()
        }
    }

    public func markFailed(id: Int64, holder: String, error: String, retryAt: Date?) async throws {
        try await database.transaction { db in
            try await db.raw(
                """
                UPDATE outbox SET attempts = attempts + 1, last_error = \(bind: String(error.prefix(500))),
                    status = \(bind: retryAt == nil ? "failed" : "pending"),
                    next_attempt_at = \(bind: Stored.millis(retryAt) ?? 0), claimed_by = NULL, lease_until = 0
                WHERE id = \(bind: id) AND claimed_by = \(bind: holder) AND status = 'pending'
                """
            ).run()
        }
    }

    public func release(ids: [Int64], holder: String) async throws {
        guard !ids.isEmpty else { return }
        try await database.transaction { db in
            try await db.raw(
                """
                UPDATE outbox SET claimed_by = NULL, lease_until = 0
                WHERE id IN (\(binds: ids)) AND claimed_by = \(bind: holder) AND status = 'pending'
                """
            ).run()
        }
    }

    public func counts() async throws -> [String: Int] {
        try await database.read { db in
            var counts: [String: Int] = [:]
            for row in try await db.raw("SELECT status, COUNT(*) AS n FROM outbox GROUP BY status").all() {
                counts[try row.string("status")] = try row.int("n")
            }
            return counts
        }
    }

    public func recordDelivery(outboxId: Int64, _ m: DeliveredMessage) async throws {
        try await database.transaction { db in
            try await db.raw(
                """
                INSERT INTO dev_mailbox (outbox_id, channel, recipient, subject, body, delivered_at)
                VALUES (\(bind: outboxId), \(bind: m.channel.rawValue), \(bind: m.recipient), \(bind: m.subject), \(bind: m.body),
                    \(bind: Stored.millis(m.deliveredAt)))
                """
            ).run()
        }
    }

    public func mailbox(limit: Int) async throws -> [DeliveredMessage] {
        try await database.read { db in
            try await db.raw("SELECT * FROM dev_mailbox ORDER BY id DESC LIMIT \(literal: limit)").all().map { r in
                DeliveredMessage(
                    channel: MessageChannel(rawValue: try r.string("channel")) ?? .sms, recipient: try r.string("recipient"),
                    subject: try r.string("subject"), body: try r.string("body"),
                    deliveredAt: Stored.date(try r.int64("delivered_at")))
            }
        }
    }

    /// How far behind its position the relay looks again for changes committed late.
    static let relayOverlap: Int64 = 1000

    public func unrelayedChanges(limit: Int) async throws -> [DossierChange] {
        try await database.read { db in
            let position =
                try await db.raw("SELECT last_event_id FROM outbox_relay WHERE name = 'dossier_events'").first()?.int64("last_event_id")
                ?? 0
            return try await db.raw(
                """
                SELECT e.id, e.action, e.note, e.from_state, e.to_state, e.due_date, d.code, d.workflow_code, d.applicant_name,
                    d.applicant_id_number,
                    d.applicant_phone, d.applicant_email, d.applicant_address, d.applicant_unit_code, d.citizen_id, d.fee_amount,
                    COALESCE(c.notify_sms, TRUE) AS notify_sms, COALESCE(c.notify_email, TRUE) AS notify_email
                FROM dossier_events e JOIN dossiers d ON d.id = e.dossier_id LEFT JOIN citizens c ON c.id = d.citizen_id
                WHERE e.id > \(bind: position - Self.relayOverlap) AND (e.from_state IS NULL OR e.from_state <> e.to_state)
                    AND NOT EXISTS (SELECT 1 FROM relayed_events r WHERE r.event_id = e.id)
                    AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.event_id = e.id)
                ORDER BY e.id LIMIT \(literal: limit)
                """
            ).all().map { r in
                DossierChange(
                    eventId: try r.int64("id"), code: try r.string("code"), workflowCode: try r.string("workflow_code"),
                    fromState: try r.optionalString("from_state"), toState: try r.string("to_state"),
                    dueDate: Stored.day(try r.optionalString("due_date")),
                    applicant: Applicant(
                        fullName: try r.string("applicant_name"), idNumber: try r.string("applicant_id_number"),
                        phone: try r.string("applicant_phone"), email: try r.optionalString("applicant_email"),
                        address: try r.string("applicant_address"), unitCode: try r.optionalString("applicant_unit_code")),
                    action: try r.string("action"), note: try r.optionalString("note"),
                    citizenId: try r.decode(column: "citizen_id", as: Int64?.self),
                    channels: NotificationChannels(sms: try r.bool("notify_sms"), email: try r.bool("notify_email")),
                    feeAmount: try r.int("fee_amount"))
            }
        }
    }

    public func enqueue(
        _ messages: [(eventId: Int64, message: OutboundMessage)], notices: [CitizenNotice], relayed: [Int64], now: Date
    ) async throws {
        guard let eventId = relayed.max() else { return }
        try await database.transaction { db in
            for (event, message) in messages {
                try await db.raw(Self.insert(message, eventId: event, now: now) + " ON CONFLICT (event_id, channel) DO NOTHING").run()
            }
            for notice in notices {
                try await db.raw(
                    """
                    INSERT INTO citizen_notices (event_id, citizen_id, template, params, created_at)
                    VALUES (\(bind: notice.eventId), \(bind: notice.citizenId), \(bind: notice.template), \(bind: Self.json(notice.params)),
                        \(bind: Stored.millis(notice.createdAt))) ON CONFLICT (event_id) DO NOTHING
                    """
                ).run()
            }
            for event in relayed {
                try await db.raw(
                    """
                    INSERT INTO relayed_events (event_id, relayed_at) VALUES (\(bind: event), \(bind: Stored.millis(now)))
                    ON CONFLICT (event_id) DO NOTHING
                    """
                ).run()
            }
            try await db.raw(
                """
                UPDATE outbox_relay SET last_event_id = \(bind: eventId) WHERE name = 'dossier_events' AND last_event_id < \(bind: eventId)
                """
            ).run()
        }
    }

    /// The statement that queues `message` (of dossier event `eventId`, when it announces one).
    static func insert(_ message: OutboundMessage, eventId: Int64? = nil, now: Date) -> SQLQueryString {
        """
        INSERT INTO outbox (event_id, channel, recipient, template, params, language, status, attempts, next_attempt_at, created_at)
        VALUES (\(bind: eventId), \(bind: message.channel.rawValue), \(bind: message.recipient), \(bind: message.template),
            \(bind: Self.json(message.params)), \(bind: message.language), 'pending', 0, \(bind: Stored.millis(now)),
            \(bind: Stored.millis(now)))
        """
    }

    /// The parameters as a JSON object, written by hand (a message per change of every dossier).
    static func json(_ params: [String: String]) -> String {
        var out = "{"
        for (i, key) in params.keys.sorted().enumerated() {
            if i > 0 { out += "," }
            out += JSONText.quoted(key) + ":" + JSONText.quoted(params[key] ?? "")
        }
        return out + "}"
    }
}
