import Domain
import Foundation
import SQLKit

/// Officers' back-off, second factor, pending logins and password changes in SQL; every change
/// and its audit lines in one transaction.
extension SQLAccountRepository: OfficerSecurityRepository {
    public func backoff(officerId: Int64) async throws -> (failures: Int, retryAfter: Date?) {
        try await database.read { db in
            guard let row = try await db.raw("SELECT failed_logins, retry_after FROM officers WHERE id = \(bind: officerId)").first() else {
                return (0, nil)
            }
            return (try row.int("failed_logins"), Stored.date(try row.optionalInt64("retry_after")))
        }
    }

    public func recordFailedLogin(officerId: Int64, backoff: LoginBackoff, now: Date) async throws {
        try await database.transaction { db in
            let counted = try await db.raw(
                "UPDATE officers SET failed_logins = failed_logins + 1 WHERE id = \(bind: officerId) RETURNING failed_logins"
            ).first()
            guard let failures = try counted?.int("failed_logins") else { return }
            let retryAfter = Stored.millis(backoff.retryAfter(failures: failures, now: now))
            try await db.raw("UPDATE officers SET retry_after = \(bind: retryAfter) WHERE id = \(bind: officerId)").run()
        }
    }

    public func twoFactor(officerId: Int64) async throws -> OfficerTwoFactor? {
        try await database.read { db in
            guard
                let row = try await db.raw(
                    """
                    SELECT f.sealed_secret, f.last_step,
                        (SELECT COUNT(*) FROM officer_recovery_codes r
                            WHERE r.officer_id = f.officer_id AND r.used_at IS NULL) AS left_codes
                    FROM officer_second_factors f WHERE f.officer_id = \(bind: officerId)
                    """
                ).first()
            else { return nil }
            return OfficerTwoFactor(
                sealedSecret: try row.string("sealed_secret"), lastStep: try row.int64("last_step"),
                recoveryCodesLeft: try row.int("left_codes"))
        }
    }

    public func enableTwoFactor(
        officerId: Int64, sealedSecret: String, step: Int64, recoveryHashes: [String], audit: AuditEntry
    ) async throws {
        try await database.transaction { db in
            try await db.raw("DELETE FROM officer_recovery_codes WHERE officer_id = \(bind: officerId)").run()
            try await db.raw("DELETE FROM officer_second_factors WHERE officer_id = \(bind: officerId)").run()
            try await db.raw(
                """
                INSERT INTO officer_second_factors (officer_id, sealed_secret, last_step, enabled_at)
                VALUES (\(bind: officerId), \(bind: sealedSecret), \(bind: step), \(bind: Stored.millis(audit.at)))
                """
            ).run()
            for hash in recoveryHashes {
                try await db.raw("INSERT INTO officer_recovery_codes (officer_id, code_hash) VALUES (\(bind: officerId), \(bind: hash))")
                    .run()
            }
            try await SQLAuditLog.insert(audit, on: db)
        }
    }

    public func disableTwoFactor(officerId: Int64, audit: AuditEntry) async throws {
        try await database.transaction { db in
            try await db.raw("DELETE FROM officer_recovery_codes WHERE officer_id = \(bind: officerId)").run()
            try await db.raw("DELETE FROM officer_second_factors WHERE officer_id = \(bind: officerId)").run()
            try await SQLAuditLog.insert(audit, on: db)
        }
    }

    public func createPendingLogin(tokenHash: String, officerId: Int64, expiresAt: Date, audit: AuditEntry) async throws {
        try await database.transaction { db in
            try await db.raw("DELETE FROM pending_logins WHERE expires_at <= \(bind: Stored.millis(audit.at))").run()
            try await db.raw(
                """
                INSERT INTO pending_logins (token_hash, officer_id, attempts, expires_at)
                VALUES (\(bind: tokenHash), \(bind: officerId), 0, \(bind: Stored.millis(expiresAt)))
                """
            ).run()
            try await SQLAuditLog.insert(audit, on: db)
        }
    }

    public func pendingLogin(tokenHash: String, now: Date) async throws -> Officer? {
        try await database.read { db in
            guard
                let row = try await db.raw(
                    """
                    SELECT o.id, o.username, o.full_name, o.agency_id, o.roles, o.active
                    FROM pending_logins p JOIN officers o ON o.id = p.officer_id
                    WHERE p.token_hash = \(bind: tokenHash) AND p.expires_at > \(bind: Stored.millis(now))
                    """
                ).first()
            else { return nil }
            let officer = try SQLAgencyRepository.officer(row)
            return officer.active ? officer : nil
        }
    }

    public func failPendingLogin(tokenHash: String, maxAttempts: Int, audit: AuditEntry) async throws {
        try await database.transaction { db in
            try await db.raw("UPDATE pending_logins SET attempts = attempts + 1 WHERE token_hash = \(bind: tokenHash)").run()
            try await db.raw("DELETE FROM pending_logins WHERE token_hash = \(bind: tokenHash) AND attempts >= \(bind: maxAttempts)").run()
            try await SQLAuditLog.insert(audit, on: db)
        }
    }

    /// Thrown inside `completeLogin`'s transaction to roll it back when the proof was already used.
    struct ProofUsed: Error {}

    public func completeLogin(
        pendingHash: String?, officerId: Int64, proof: SecondFactorProof, session: SessionKeys, expiresAt: Date, audit: [AuditEntry]
    ) async throws -> Bool {
        do {
            try await database.transaction { db in
                let consumed: (any SQLRow)?
                switch proof {
                case .step(let step):
                    consumed = try await db.raw(
                        """
                        UPDATE officer_second_factors SET last_step = \(bind: step)
                        WHERE officer_id = \(bind: officerId) AND last_step < \(bind: step) RETURNING officer_id
                        """
                    ).first()
                case .recoveryCode(let hash):
                    consumed = try await db.raw(
                        """
                        UPDATE officer_recovery_codes SET used_at = \(bind: Stored.millis(audit[0].at))
                        WHERE officer_id = \(bind: officerId) AND code_hash = \(bind: hash) AND used_at IS NULL RETURNING officer_id
                        """
                    ).first()
                }
                guard consumed != nil else { throw ProofUsed() }
                try await Self.open(
                    db, officerId: officerId, pendingHash: pendingHash, session: session, expiresAt: expiresAt, now: audit[0].at)
                for line in audit { try await SQLAuditLog.insert(line, on: db) }
            }
            return true
        } catch is ProofUsed {
            return false
        }
    }

    public func openSession(officerId: Int64, pendingHash: String?, session: SessionKeys, expiresAt: Date, audit: AuditEntry) async throws {
        try await database.transaction { db in
            try await Self.open(db, officerId: officerId, pendingHash: pendingHash, session: session, expiresAt: expiresAt, now: audit.at)
            try await SQLAuditLog.insert(audit, on: db)
        }
    }

    /// Clears the failed logins, removes the pending login and expired sessions, inserts the session.
    static func open(
        _ db: any SQLDatabase, officerId: Int64, pendingHash: String?, session: SessionKeys, expiresAt: Date, now: Date
    ) async throws {
        let millis = Stored.millis(now)
        try await db.raw("UPDATE officers SET failed_logins = 0, retry_after = NULL WHERE id = \(bind: officerId)").run()
        if let pendingHash { try await db.raw("DELETE FROM pending_logins WHERE token_hash = \(bind: pendingHash)").run() }
        try await db.raw("DELETE FROM sessions WHERE expires_at <= \(bind: millis)").run()
        try await db.raw(
            """
            INSERT INTO sessions (token_hash, officer_id, csrf_token, created_at, expires_at)
            VALUES (\(bind: session.tokenHash), \(bind: officerId), \(bind: session.csrfToken), \(bind: millis),
                \(bind: Stored.millis(expiresAt)))
            """
        ).run()
    }

    public func changePassword(officerId: Int64, passwordHash: String, keepSession: String?, audit: AuditEntry) async throws {
        try await database.transaction { db in
            try await db.raw(
                """
                UPDATE officers SET password_hash = \(bind: passwordHash), must_change_password = \(bind: false)
                WHERE id = \(bind: officerId)
                """
            ).run()
            try await db.raw(
                "DELETE FROM sessions WHERE officer_id = \(bind: officerId) AND token_hash <> \(bind: keepSession ?? "")"
            ).run()
            try await db.raw("DELETE FROM pending_logins WHERE officer_id = \(bind: officerId)").run()
            try await SQLAuditLog.insert(audit, on: db)
        }
    }
}
