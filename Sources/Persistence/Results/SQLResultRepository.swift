import Domain
import Foundation
import SQLKit

/// Result documents attached to dossiers, and their signatures, in SQL.
public final class SQLResultRepository: ResultRepository {
    let database: Database

    public init(database: Database) { self.database = database }

    public func attach(_ r: ResultRecord, audit: AuditEntry) async throws {
        try await database.transaction { db in
            try await db.raw("DELETE FROM results WHERE dossier_id = \(bind: r.dossierId) AND signature IS NULL").run()
            try await db.raw(
                """
                INSERT INTO results (dossier_id, dossier_code, document_id, sha256, agency_id)
                VALUES (\(bind: r.dossierId), \(bind: r.dossierCode), \(bind: r.documentId), \(bind: r.sha256), \(bind: r.agencyId))
                """
            ).run()
            try await SQLAuditLog.insert(audit, on: db)
        }
    }

    public func result(dossierId: Int64) async throws -> ResultRecord? {
        try await database.read { db in
            try await db.raw("SELECT * FROM results WHERE dossier_id = \(bind: dossierId)").first().map(Self.record)
        }
    }

    public func result(code: String) async throws -> ResultRecord? {
        try await database.read { db in
            try await db.raw("SELECT * FROM results WHERE dossier_code = \(bind: code)").first().map(Self.record)
        }
    }

    public func results(sha256: String) async throws -> [ResultRecord] {
        try await database.read { db in
            try await db.raw("SELECT * FROM results WHERE sha256 = \(bind: sha256) ORDER BY dossier_id").all().map(Self.record)
        }
    }

    public func revoke(code: String, reason: String, now: Date, audit: AuditEntry) async throws {
        try await database.transaction { db in
            guard
                try await db.raw(
                    """
                    UPDATE results SET revoked_at = \(bind: Stored.millis(now)), revoke_reason = \(bind: reason)
                    WHERE dossier_code = \(bind: code) AND signature IS NOT NULL AND revoked_at IS NULL RETURNING dossier_id
                    """
                ).first() != nil
            else { throw DomainError.conflict("result.notRevocable") }
            try await SQLAuditLog.insert(audit, on: db)
        }
    }

    /// Statements that record the signature of the dossier's result and hand the document to
    /// the citizen's store, in the approval's transaction.
    static func sign(dossier: Dossier, _ s: ResultSignature) -> [SQLQueryString] {
        [
            """
            UPDATE results SET signature = \(bind: s.signature), certificate_serial = \(bind: s.certificateSerial),
                signed_at = \(bind: Stored.millis(s.signedAt))
            WHERE dossier_id = \(bind: dossier.id) AND signature IS NULL
            """,
            """
            UPDATE documents SET citizen_id = \(bind: dossier.citizenId), kind = 'result', dossier_code = \(bind: dossier.code)
            WHERE id = (SELECT document_id FROM results WHERE dossier_id = \(bind: dossier.id))
            """,
        ]
    }

    static func record(_ r: any SQLRow) throws -> ResultRecord {
        var signature: ResultSignature?
        if let text = try r.optionalString("signature"), let serial = try r.optionalString("certificate_serial"),
            let at = try r.optionalInt64("signed_at")
        {
            signature = ResultSignature(signature: text, certificateSerial: serial, signedAt: Stored.date(at))
        }
        return ResultRecord(
            dossierId: try r.int64("dossier_id"), dossierCode: try r.string("dossier_code"),
            documentId: try r.int64("document_id"), sha256: try r.string("sha256"), agencyId: try r.string("agency_id"),
            signature: signature, revokedAt: Stored.date(try r.optionalInt64("revoked_at")),
            revokeReason: try r.optionalString("revoke_reason"))
    }
}
