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

    public func markSent(ids: [Int64], now: Date) async throws {
        guard !ids.isEmpty else { return }
        try await database.transaction { db in
            try await db.raw("""
                UPDATE outbox SET status = 'sent', attempts = attempts + 1, sent_at = \(bind: Stored.millis(now)), last_error = NULL
                WHERE id IN (\(binds: ids))
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

    /// The statement that queues `message`, run inside the transaction of the change it reports
    /// (which its version check makes happen once).
    static func insert(_ message: OutboundMessage, now: Date) -> SQLQueryString {
        """
        INSERT INTO outbox (channel, recipient, template, params, language, status, attempts, next_attempt_at, created_at)
        VALUES (\(bind: message.channel.rawValue), \(bind: message.recipient), \(bind: message.template),
            \(bind: Self.json(message.params)), \(bind: message.language), 'pending', 0, \(bind: Stored.millis(now)),
            \(bind: Stored.millis(now)))
        """
    }

    /// The parameters as a JSON object, written by hand: this runs in every receipt's transaction,
    /// where `JSONEncoder` showed in the profile.
    static func json(_ params: [String: String]) -> String {
        var out = "{"
        for (i, key) in params.keys.sorted().enumerated() {
            if i > 0 { out += "," }
            out += quoted(key) + ":" + quoted(params[key] ?? "")
        }
        return out + "}"
    }

    static func quoted(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20: out += String(format: "\\u%04x", scalar.value)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
