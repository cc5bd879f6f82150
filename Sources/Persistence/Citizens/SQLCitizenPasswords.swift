import Domain
import Foundation
import SQLKit

/// Citizens' password changes and reset codes in SQL; every change, its outbox message and its
/// audit line in one transaction.
extension SQLCitizenRepository: CitizenPasswordRepository {
    public func changePassword(citizenId: Int64, passwordHash: String, keepSession: String?, audit: AuditEntry) async throws {
        try await database.transaction { db in
            try await Self.setPassword(db, citizenId: citizenId, passwordHash: passwordHash, keepSession: keepSession)
            try await SQLAuditLog.insert(audit, on: db)
        }
    }

    public func resetsIssued(citizenId: Int64, since: Date) async throws -> Int {
        try await database.read { db in
            try await db.raw(
                """
                SELECT COUNT(*) AS n FROM password_resets
                WHERE citizen_id = \(bind: citizenId) AND created_at > \(bind: Stored.millis(since))
                """
            ).first()?.int("n") ?? 0
        }
    }

    public func createPasswordReset(
        citizenId: Int64, codeHash: String, expiresAt: Date, message: OutboundMessage, audit: AuditEntry
    ) async throws {
        try await database.transaction { db in
            // A new code replaces the older ones.
            try await db.raw(
                """
                UPDATE password_resets SET used_at = \(bind: Stored.millis(audit.at))
                WHERE citizen_id = \(bind: citizenId) AND used_at IS NULL
                """
            ).run()
            try await db.raw(
                """
                INSERT INTO password_resets (citizen_id, code_hash, attempts, expires_at, created_at)
                VALUES (\(bind: citizenId), \(bind: codeHash), 0, \(bind: Stored.millis(expiresAt)), \(bind: Stored.millis(audit.at)))
                """
            ).run()
            try await db.raw(SQLOutboxRepository.insert(message, now: audit.at)).run()
            try await SQLAuditLog.insert(audit, on: db)
        }
    }

    public func liveReset(citizenId: Int64, now: Date, maxAttempts: Int) async throws -> (id: Int64, codeHash: String)? {
        try await database.read { db in
            guard
                let row = try await db.raw(
                    """
                    SELECT id, code_hash FROM password_resets
                    WHERE citizen_id = \(bind: citizenId) AND used_at IS NULL AND expires_at > \(bind: Stored.millis(now))
                        AND attempts < \(bind: maxAttempts)
                    ORDER BY created_at DESC, id DESC LIMIT 1
                    """
                ).first()
            else { return nil }
            return (try row.int64("id"), try row.string("code_hash"))
        }
    }

    public func failPasswordReset(id: Int64, audit: AuditEntry) async throws {
        try await database.transaction { db in
            try await db.raw("UPDATE password_resets SET attempts = attempts + 1 WHERE id = \(bind: id)").run()
            try await SQLAuditLog.insert(audit, on: db)
        }
    }

    /// Thrown inside `completePasswordReset`'s transaction when the reset was used meanwhile.
    struct ResetUsed: Error {}

    public func completePasswordReset(id: Int64, citizenId: Int64, passwordHash: String, audit: AuditEntry) async throws -> Bool {
        do {
            try await database.transaction { db in
                let used = try await db.raw(
                    """
                    UPDATE password_resets SET used_at = \(bind: Stored.millis(audit.at))
                    WHERE id = \(bind: id) AND citizen_id = \(bind: citizenId) AND used_at IS NULL RETURNING id
                    """
                ).first()
                guard used != nil else { throw ResetUsed() }
                try await Self.setPassword(db, citizenId: citizenId, passwordHash: passwordHash, keepSession: nil)
                try await SQLAuditLog.insert(audit, on: db)
            }
            return true
        } catch is ResetUsed {
            return false
        }
    }

    /// Replaces the password, clears the back-off, ends the sessions but `keepSession`.
    static func setPassword(_ db: any SQLDatabase, citizenId: Int64, passwordHash: String, keepSession: String?) async throws {
        try await db.raw(
            """
            UPDATE citizens SET password_hash = \(bind: passwordHash), failed_logins = 0, locked_until = NULL WHERE id = \(bind: citizenId)
            """
        ).run()
        try await db.raw(
            "DELETE FROM citizen_sessions WHERE citizen_id = \(bind: citizenId) AND token_hash <> \(bind: keepSession ?? "")"
        ).run()
    }
}
