import Domain
import Foundation
import SQLKit

/// Reminders and late documents in SQL, one code path for SQLite and PostgreSQL. A reminder is
/// claimed by inserting its row (`ON CONFLICT DO NOTHING`): on PostgreSQL a second instance's insert
/// waits for the first transaction and then inserts nothing, so the message is queued once.
public struct SQLDocumentReminderRepository: DocumentReminderRepository {
    let database: Database

    public init(database: Database) { self.database = database }

    public func dueForReminder(from: LocalDate, until: LocalDate, limit: Int) async throws -> [OfficialDocument] {
        try await database.read { db in
            let rows = try await db.raw(
                SQLOfficialDocumentRepository.select
                    + """
                     WHERE d.status = \(bind: OfficialDocumentStatus.assigned.rawValue)
                        AND d.deadline >= \(bind: from.iso) AND d.deadline <= \(bind: until.iso)
                        AND NOT EXISTS (SELECT 1 FROM official_document_reminders m
                            WHERE m.document_id = d.id AND m.agency_id = d.lead_agency_id AND m.deadline = d.deadline)
                    ORDER BY d.deadline, d.id LIMIT \(bind: limit)
                    """
            ).all()
            return try await SQLOfficialDocumentRepository.complete(rows, on: db)
        }
    }

    public func claimReminder(
        id: Int64, agencyId: String, deadline: LocalDate, message: OutboundMessage, audit: AuditEntry, holder: String
    ) async throws -> Bool {
        try await database.transaction { db in
            let claimed = try await db.raw(
                """
                INSERT INTO official_document_reminders (document_id, agency_id, deadline, holder, queued_at)
                VALUES (\(bind: id), \(bind: agencyId), \(bind: deadline.iso), \(bind: holder), \(bind: Stored.millis(audit.at)))
                ON CONFLICT (document_id, agency_id, deadline) DO NOTHING RETURNING document_id
                """
            ).first()
            guard claimed != nil else { return false }
            try await db.raw(SQLOutboxRepository.insert(message, now: audit.at)).run()
            try await SQLAuditLog.insert(audit, on: db)
            return true
        }
    }

    public func lateByUnit(today: LocalDate, agencyIds: [String]?) async throws -> [LateDocumentsOfUnit] {
        try await database.read { db in
            var sql: SQLQueryString = """
                SELECT lead_agency_id, COUNT(*) AS late, MIN(deadline) AS oldest FROM official_documents
                WHERE status = \(bind: OfficialDocumentStatus.assigned.rawValue) AND deadline < \(bind: today.iso)
                """
            if let agencyIds { sql += " AND lead_agency_id IN (\(binds: agencyIds.isEmpty ? [""] : agencyIds))" }
            sql += " GROUP BY lead_agency_id ORDER BY COUNT(*) DESC, lead_agency_id LIMIT 100"
            return try await db.raw(sql).all().map {
                LateDocumentsOfUnit(
                    agencyId: try $0.string("lead_agency_id"), late: try $0.int("late"), oldestDeadline: try $0.day("oldest"))
            }
        }
    }
}
