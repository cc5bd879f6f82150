import Domain
import Foundation
import SQLKit

/// The citizens' answers to supplement requests, read back (written with the dossier's change by
/// `SQLDossierRepository.writeExtras`).
extension SQLDossierRepository {
    public func supplementResponses(dossierId: Int64) async throws -> [SupplementResponse] {
        try await database.read { db in
            let documents = try await db.raw(
                """
                SELECT round, document_id, reused FROM dossier_supplement_documents
                WHERE dossier_id = \(bind: dossierId) ORDER BY document_id
                """
            ).all()
            var byRound: [Int: [SupplementDocument]] = [:]
            for row in documents {
                byRound[try row.int("round"), default: []].append(
                    SupplementDocument(documentId: try row.int64("document_id"), reused: try row.bool("reused")))
            }
            return try await db.raw("SELECT * FROM dossier_supplements WHERE dossier_id = \(bind: dossierId) ORDER BY round").all().map {
                row in
                let round = try row.int("round")
                return SupplementResponse(
                    round: round, submissionKey: try row.string("submission_key"), message: try row.optionalString("message"),
                    documents: byRound[round] ?? [], at: Stored.date(try row.int64("created_at")))
            }
        }
    }

    public func freshlySupplemented(dossierIds: [Int64]) async throws -> Set<Int64> {
        guard !dossierIds.isEmpty else { return [] }
        return try await database.read { db in
            Set(
                try await db.raw(
                    """
                    SELECT s.dossier_id FROM dossier_supplements s JOIN dossiers d ON d.id = s.dossier_id
                    WHERE s.dossier_id IN (\(binds: dossierIds)) AND s.round = d.supplement_count AND s.created_at >= d.step_started_at
                    """
                ).all().map { try $0.int64("dossier_id") })
        }
    }
}
