import Domain
import Foundation
import SQLKit

/// The citizens' messages (`citizen_notices`) and chosen channels (`citizens.notify_sms`, `notify_email`) in SQL.
public struct SQLCitizenNoticeRepository: CitizenNoticeRepository {
    let database: Database

    public init(database: Database) { self.database = database }

    public func notices(citizenId: Int64, limit: Int) async throws -> [CitizenNotice] {
        try await database.read { db in
            try await db.raw(
                """
                SELECT event_id, citizen_id, template, params, created_at FROM citizen_notices
                WHERE citizen_id = \(bind: citizenId) ORDER BY event_id DESC LIMIT \(literal: limit)
                """
            ).all().map { r in
                CitizenNotice(
                    eventId: try r.int64("event_id"), citizenId: try r.int64("citizen_id"), template: try r.string("template"),
                    params: try Stored.decode([String: String].self, try r.string("params")),
                    createdAt: Stored.date(try r.int64("created_at")))
            }
        }
    }

    public func channels(citizenId: Int64) async throws -> NotificationChannels {
        try await database.read { db in
            guard let row = try await db.raw("SELECT notify_sms, notify_email FROM citizens WHERE id = \(bind: citizenId)").first() else {
                throw DomainError.notFound("citizen.notFound")
            }
            return NotificationChannels(sms: try row.bool("notify_sms"), email: try row.bool("notify_email"))
        }
    }

    public func setChannels(_ channels: NotificationChannels, citizenId: Int64, audit: AuditEntry) async throws {
        try await database.transaction { db in
            try await db.raw(
                """
                UPDATE citizens SET notify_sms = \(bind: channels.sms), notify_email = \(bind: channels.email) WHERE id = \(bind: citizenId)
                """
            ).run()
            try await SQLAuditLog.insert(audit, on: db)
        }
    }
}
