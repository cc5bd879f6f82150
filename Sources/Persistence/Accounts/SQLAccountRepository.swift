import Domain
import Foundation
import SQLKit

/// Officers' credentials and sessions in SQL.
public final class SQLAccountRepository: AccountRepository {
    let database: Database

    public init(database: Database) { self.database = database }

    public func credentials(username: String) async throws -> (officer: Officer, passwordHash: String)? {
        try await database.read { db in
            guard
                let row = try await db.raw(
                    """
                    SELECT id, username, full_name, agency_id, roles, active, must_change_password, password_hash
                    FROM officers WHERE username = \(bind: username)
                    """
                ).first()
            else { return nil }
            return (try SQLAgencyRepository.officer(row), try row.string("password_hash"))
        }
    }

    public func createOfficer(username: String, passwordHash: String, fullName: String, agencyId: String, roles: Set<Role>) async throws
        -> Officer
    {
        try await database.transaction { db in
            try await Self.insertOfficer(
                db, username: username, passwordHash: passwordHash, fullName: fullName, agencyId: agencyId, roles: roles)
        }
    }

    /// Creates an officer and writes `audit` in the same transaction (the command line's `create-admin`).
    public func createOfficer(
        username: String, passwordHash: String, fullName: String, agencyId: String, roles: Set<Role>, audit: AuditEntry
    ) async throws -> Officer {
        try await database.transaction { db in
            let officer = try await Self.insertOfficer(
                db, username: username, passwordHash: passwordHash, fullName: fullName, agencyId: agencyId, roles: roles)
            try await SQLAuditLog.insert(audit, on: db)
            return officer
        }
    }

    static func insertOfficer(
        _ db: any SQLDatabase, username: String, passwordHash: String, fullName: String,
        agencyId: String, roles: Set<Role>
    ) async throws -> Officer {
        let roleText = roles.sorted().map(\.rawValue).joined(separator: ",")
        let id = try await db.raw(
            """
            INSERT INTO officers (username, password_hash, full_name, agency_id, roles, active, created_at)
            VALUES (\(bind: username), \(bind: passwordHash), \(bind: fullName), \(bind: agencyId), \(bind: roleText), \(bind: true),
                \(bind: Stored.millis(Date())))
            RETURNING id
            """
        ).first()!.int64("id")
        return Officer(id: id, username: username, fullName: fullName, agencyId: agencyId, roles: roles)
    }

    public func createSession(tokenHash: String, officerId: Int64, csrfToken: String, expiresAt: Date, audit: AuditEntry) async throws {
        let now = Stored.millis(audit.at)
        try await database.transaction { db in
            // Expired sessions go when new ones come, so the table does not grow without bound.
            try await db.raw("DELETE FROM sessions WHERE expires_at <= \(bind: now)").run()
            try await db.raw(
                """
                INSERT INTO sessions (token_hash, officer_id, csrf_token, created_at, expires_at)
                VALUES (\(bind: tokenHash), \(bind: officerId), \(bind: csrfToken), \(bind: now), \(bind: Stored.millis(expiresAt)))
                """
            ).run()
            try await SQLAuditLog.insert(audit, on: db)
        }
    }

    public func session(tokenHash: String, now: Date) async throws -> (officer: Officer, csrfToken: String)? {
        try await database.read { db in
            guard
                let row = try await db.raw(
                    """
                    SELECT o.id, o.username, o.full_name, o.agency_id, o.roles, o.active, o.must_change_password, s.csrf_token
                    FROM sessions s JOIN officers o ON o.id = s.officer_id
                    WHERE s.token_hash = \(bind: tokenHash) AND s.expires_at > \(bind: Stored.millis(now))
                    """
                ).first()
            else { return nil }
            let officer = try SQLAgencyRepository.officer(row)
            return officer.active ? (officer, try row.string("csrf_token")) : nil
        }
    }

    public func deleteSession(tokenHash: String, audit: AuditEntry) async throws {
        try await database.transaction { db in
            try await db.raw("DELETE FROM sessions WHERE token_hash = \(bind: tokenHash)").run()
            try await SQLAuditLog.insert(audit, on: db)
        }
    }
}
