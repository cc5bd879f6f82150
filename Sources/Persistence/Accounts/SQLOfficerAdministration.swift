import Domain
import Foundation
import SQLKit

/// The administrators' changes of officer accounts in SQL, each with its audit line in one transaction.
public final class SQLOfficerAdministration: OfficerAdminRepository {
    let database: Database

    public init(database: Database) { self.database = database }

    public func officers(matching filter: OfficerFilter, limit: Int) async throws -> [Officer] {
        try await database.read { db in
            var query = SQLQueryString("SELECT id, username, full_name, agency_id, roles, active FROM officers WHERE 1 = 1")
            if let agency = filter.agencyId { query += " AND agency_id = \(bind: agency)" }
            // Roles are stored as a sorted comma-separated list: matched as a whole item.
            if let role = filter.role { query += " AND (',' || roles || ',') LIKE \(bind: "%,\(role.rawValue),%")" }
            if let active = filter.active { query += " AND active = \(bind: active)" }
            query += " ORDER BY full_name, username"
            if limit < Int.max { query += " LIMIT \(unsafeRaw: String(limit))" }
            return try await db.raw(query).all().map(SQLAgencyRepository.officer)
        }
    }

    public func createOfficer(
        username: String, passwordHash: String, fullName: String, agencyId: String, roles: Set<Role>, audit: AuditEntry
    ) async throws -> Officer? {
        try await database.transaction { db in
            if try await db.raw("SELECT id FROM officers WHERE username = \(bind: username)").first() != nil { return nil }
            var officer = try await SQLAccountRepository.insertOfficer(
                db, username: username, passwordHash: passwordHash, fullName: fullName, agencyId: agencyId, roles: roles)
            // The temporary password is the administrator's: the officer chooses their own at the first login.
            try await db.raw("UPDATE officers SET must_change_password = \(bind: true) WHERE id = \(bind: officer.id)").run()
            officer.mustChangePassword = true
            try await SQLAuditLog.insert(audit, on: db)
            return officer
        }
    }

    public func setActive(officerId: Int64, active: Bool, audit: AuditEntry) async throws {
        try await database.transaction { db in
            try await db.raw("UPDATE officers SET active = \(bind: active) WHERE id = \(bind: officerId)").run()
            if !active { try await Self.endSessions(officerId, on: db) }
            try await SQLAuditLog.insert(audit, on: db)
        }
    }

    public func setRoles(officerId: Int64, roles: Set<Role>, audit: AuditEntry) async throws {
        let text = roles.sorted().map(\.rawValue).joined(separator: ",")
        try await database.transaction { db in
            try await db.raw("UPDATE officers SET roles = \(bind: text) WHERE id = \(bind: officerId)").run()
            try await SQLAuditLog.insert(audit, on: db)
        }
    }

    public func resetPassword(officerId: Int64, passwordHash: String, audit: AuditEntry) async throws {
        try await database.transaction { db in
            try await db.raw(
                """
                UPDATE officers SET password_hash = \(bind: passwordHash), failed_logins = 0, retry_after = NULL,
                    must_change_password = \(bind: true)
                WHERE id = \(bind: officerId)
                """
            ).run()
            try await Self.endSessions(officerId, on: db)
            try await SQLAuditLog.insert(audit, on: db)
        }
    }

    public func resetSecondFactor(officerId: Int64, audit: AuditEntry) async throws {
        try await database.transaction { db in
            try await db.raw("DELETE FROM officer_recovery_codes WHERE officer_id = \(bind: officerId)").run()
            try await db.raw("DELETE FROM officer_second_factors WHERE officer_id = \(bind: officerId)").run()
            try await Self.endSessions(officerId, on: db)
            try await SQLAuditLog.insert(audit, on: db)
        }
    }

    /// Ends the officer's sessions and pending logins.
    static func endSessions(_ officerId: Int64, on db: any SQLDatabase) async throws {
        try await db.raw("DELETE FROM sessions WHERE officer_id = \(bind: officerId)").run()
        try await db.raw("DELETE FROM pending_logins WHERE officer_id = \(bind: officerId)").run()
    }
}
