import Domain
import Foundation
import SQLKit

/// Submission drafts in SQL, as JSON.
public final class SQLDraftRepository: DraftRepository {
    let database: Database

    public init(database: Database) { self.database = database }

    public func draft(citizenId: Int64, procedureCode: String) async throws -> SubmissionDraft? {
        try await database.read { db in
            guard
                let row = try await db.raw(
                    """
                    SELECT body FROM drafts WHERE citizen_id = \(bind: citizenId) AND procedure_code = \(bind: procedureCode)
                    """
                ).first()
            else { return nil }
            return try Stored.decode(SubmissionDraft.self, try row.string("body"))
        }
    }

    public func save(_ draft: SubmissionDraft, citizenId: Int64, procedureCode: String) async throws {
        let body = try Stored.encode(draft)
        try await database.transaction { db in
            try await db.raw(
                """
                INSERT INTO drafts (citizen_id, procedure_code, body, updated_at)
                VALUES (\(bind: citizenId), \(bind: procedureCode), \(bind: body), \(bind: Stored.millis(draft.updatedAt)))
                ON CONFLICT (citizen_id, procedure_code) DO UPDATE SET body = excluded.body, updated_at = excluded.updated_at
                """
            ).run()
        }
    }
}
