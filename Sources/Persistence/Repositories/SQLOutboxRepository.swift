import Domain
import Foundation
import SQLKit

/// The notification outbox and the development mailbox in SQL.
public final class SQLOutboxRepository: OutboxRepository {
    let database: Database

    public init(database: Database) { self.database = database }

    public func due(now: Date, limit: Int) async throws -> [OutboxEntry] {
        try await database.read { db in
            try await db.raw("""
                SELECT id, channel, recipient, template, params, language, attempts FROM outbox
                WHERE status = 'pending' AND next_attempt_at <= \(bind: Stored.millis(now)) ORDER BY id LIMIT \(literal: limit)
                """).all().map { r in
                OutboxEntry(id: try r.int64("id"), message: OutboundMessage(
                    channel: MessageChannel(rawValue: try r.string("channel")) ?? .sms, recipient: try r.string("recipient"),
                    template: try r.string("template"), params: try Stored.decode([String: String].self, try r.string("params")),
                    language: try r.string("language")), attempts: try r.int("attempts"))
            }
        }
    }

    public func markSent(id: Int64, now: Date) async throws {
        try await database.transaction { db in
            try await db.raw("""
                UPDATE outbox SET status = 'sent', attempts = attempts + 1, sent_at = \(bind: Stored.millis(now)), last_error = NULL
                WHERE id = \(bind: id)
                """).run()
        }
    }

    public func markFailed(id: Int64, error: String, retryAt: Date?) async throws {
        try await database.transaction { db in
            try await db.raw("""
                UPDATE outbox SET attempts = attempts + 1, last_error = \(bind: String(error.prefix(500))),
                    status = \(bind: retryAt == nil ? "failed" : "pending"),
                    next_attempt_at = \(bind: Stored.millis(retryAt) ?? 0)
                WHERE id = \(bind: id)
                """).run()
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
            try await db.raw("""
                INSERT INTO dev_mailbox (outbox_id, channel, recipient, subject, body, delivered_at)
                VALUES (\(bind: outboxId), \(bind: m.channel.rawValue), \(bind: m.recipient), \(bind: m.subject), \(bind: m.body),
                    \(bind: Stored.millis(m.deliveredAt)))
                """).run()
        }
    }

    public func mailbox(limit: Int) async throws -> [DeliveredMessage] {
        try await database.read { db in
            try await db.raw("SELECT * FROM dev_mailbox ORDER BY id DESC LIMIT \(literal: limit)").all().map { r in
                DeliveredMessage(channel: MessageChannel(rawValue: try r.string("channel")) ?? .sms, recipient: try r.string("recipient"),
                                 subject: try r.string("subject"), body: try r.string("body"),
                                 deliveredAt: Stored.date(try r.int64("delivered_at")))
            }
        }
    }

    /// The statement that queues `message`; `dedupeKey` makes a replayed change queue nothing new.
    static func insert(_ message: OutboundMessage, dedupeKey: String, now: Date) throws -> SQLQueryString {
        """
        INSERT INTO outbox (dedupe_key, channel, recipient, template, params, language, status, attempts, next_attempt_at, created_at)
        VALUES (\(bind: dedupeKey), \(bind: message.channel.rawValue), \(bind: message.recipient), \(bind: message.template),
            \(bind: try Stored.encode(message.params)), \(bind: message.language), 'pending', 0, \(bind: Stored.millis(now)),
            \(bind: Stored.millis(now)))
        ON CONFLICT (dedupe_key) DO NOTHING
        """
    }
}
