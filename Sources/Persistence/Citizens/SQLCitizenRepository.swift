import Domain
import Foundation
import SQLKit

/// Citizens' accounts and sessions in SQL.
public final class SQLCitizenRepository: CitizenRepository {
    let database: Database

    public init(database: Database) { self.database = database }

    static let columns = "id, full_name, birth_date, id_number, unit_code, address, phone, email, identity_level"

    public func register(
        _ p: CitizenProfile, passwordHash: String?, consentVersion: String, now: Date,
        audit: @escaping @Sendable (Citizen) -> AuditEntry
    ) async throws -> Citizen {
        do {
            return try await database.transaction { db in
                if try await Self.taken(db, p) { throw DomainError.conflict("citizen.exists") }
                let id = try await db.raw(
                    """
                    INSERT INTO citizens (phone, email, password_hash, full_name, birth_date, id_number, unit_code, address,
                        failed_logins, created_at, consent_version, consent_at)
                    VALUES (\(bind: p.phone), \(bind: p.email), \(bind: passwordHash), \(bind: p.fullName), \(bind: p.birthDate?.iso),
                        \(bind: p.idNumber), \(bind: p.unitCode), \(bind: p.address), 0, \(bind: Stored.millis(now)),
                        \(bind: consentVersion), \(bind: Stored.millis(now)))
                    RETURNING id
                    """
                ).first()!.int64("id")
                let citizen = Citizen(id: id, profile: p)
                try await SQLAuditLog.insert(audit(citizen), on: db)
                return citizen
            }
        } catch let error as DomainError {
            throw error
        } catch {
            // A concurrent registration took the phone, e-mail or ID number between check and insert.
            if try await database.read({ db in try await Self.taken(db, p) }) { throw DomainError.conflict("citizen.exists") }
            throw error
        }
    }

    static func taken(_ db: any SQLDatabase, _ p: CitizenProfile, except id: Int64? = nil) async throws -> Bool {
        try await db.raw(
            """
            SELECT id FROM citizens WHERE (phone = \(bind: p.phone) OR email = \(bind: p.email) OR id_number = \(bind: p.idNumber))
                AND id <> \(bind: id ?? -1)
            """
        ).first() != nil
    }

    public func citizen(id: Int64) async throws -> Citizen? {
        try await database.read { db in
            try await db.raw("SELECT \(unsafeRaw: Self.columns) FROM citizens WHERE id = \(bind: id)").first().map(Self.citizen)
        }
    }

    public func credentials(login: String) async throws -> CitizenCredentials? {
        try await database.read { db in
            guard
                let row = try await db.raw(
                    """
                    SELECT \(unsafeRaw: Self.columns), password_hash, failed_logins, locked_until FROM citizens
                    WHERE phone = \(bind: login) OR email = \(bind: login)
                    """
                ).first()
            else { return nil }
            return CitizenCredentials(
                citizen: try Self.citizen(row), passwordHash: try row.optionalString("password_hash"),
                failedLogins: try row.int("failed_logins"),
                lockedUntil: Stored.date(try row.optionalInt64("locked_until")))
        }
    }

    public func recordFailedLogin(citizenId: Int64, backoff: LoginBackoff, now: Date) async throws {
        try await database.transaction { db in
            let counted = try await db.raw(
                "UPDATE citizens SET failed_logins = failed_logins + 1 WHERE id = \(bind: citizenId) RETURNING failed_logins"
            ).first()
            guard let failures = try counted?.int("failed_logins"), let lockUntil = backoff.retryAfter(failures: failures, now: now)
            else { return }
            try await db.raw("UPDATE citizens SET locked_until = \(bind: Stored.millis(lockUntil)) WHERE id = \(bind: citizenId)").run()
        }
    }

    public func resetFailedLogins(citizenId: Int64, audit: AuditEntry) async throws {
        try await database.transaction { db in
            try await db.raw("UPDATE citizens SET failed_logins = 0, locked_until = NULL WHERE id = \(bind: citizenId)").run()
            try await SQLAuditLog.insert(audit, on: db)
        }
    }

    public func updateProfile(citizenId: Int64, _ p: CitizenProfile) async throws -> Citizen {
        try await database.transaction { db in try await Self.update(db, citizenId: citizenId, p) }
    }

    public func updateProfile(citizenId: Int64, _ p: CitizenProfile, audit: AuditEntry) async throws -> Citizen {
        try await database.transaction { db in
            let citizen = try await Self.update(db, citizenId: citizenId, p)
            try await SQLAuditLog.insert(audit, on: db)
            return citizen
        }
    }

    static func update(_ db: any SQLDatabase, citizenId: Int64, _ p: CitizenProfile) async throws -> Citizen {
        if try await Self.taken(db, p, except: citizenId) { throw DomainError.conflict("citizen.exists") }
        try await db.raw(
            """
            UPDATE citizens SET full_name = \(bind: p.fullName), birth_date = \(bind: p.birthDate?.iso),
                id_number = \(bind: p.idNumber), unit_code = \(bind: p.unitCode), address = \(bind: p.address),
                phone = \(bind: p.phone), email = \(bind: p.email)
            WHERE id = \(bind: citizenId)
            """
        ).run()
        return Citizen(id: citizenId, profile: p)
    }

    public func createSession(tokenHash: String, citizenId: Int64, csrfToken: String, expiresAt: Date, now: Date) async throws {
        try await database.transaction { db in
            try await db.raw("DELETE FROM citizen_sessions WHERE expires_at <= \(bind: Stored.millis(now))").run()
            try await db.raw(
                """
                INSERT INTO citizen_sessions (token_hash, citizen_id, csrf_token, created_at, expires_at)
                VALUES (\(bind: tokenHash), \(bind: citizenId), \(bind: csrfToken), \(bind: Stored.millis(now)),
                    \(bind: Stored.millis(expiresAt)))
                """
            ).run()
        }
    }

    public func session(tokenHash: String, now: Date) async throws -> (citizen: Citizen, csrfToken: String)? {
        try await database.read { db in
            guard
                let row = try await db.raw(
                    """
                    SELECT c.id, c.full_name, c.birth_date, c.id_number, c.unit_code, c.address, c.phone, c.email, c.identity_level,
                        s.csrf_token
                    FROM citizen_sessions s JOIN citizens c ON c.id = s.citizen_id
                    WHERE s.token_hash = \(bind: tokenHash) AND s.expires_at > \(bind: Stored.millis(now))
                    """
                ).first()
            else { return nil }
            return (try Self.citizen(row), try row.string("csrf_token"))
        }
    }

    public func deleteSession(tokenHash: String, audit: AuditEntry?) async throws {
        try await database.transaction { db in
            try await db.raw("DELETE FROM citizen_sessions WHERE token_hash = \(bind: tokenHash)").run()
            if let audit { try await SQLAuditLog.insert(audit, on: db) }
        }
    }

    static func citizen(_ r: any SQLRow) throws -> Citizen {
        Citizen(
            id: try r.int64("id"),
            profile: CitizenProfile(
                fullName: try r.string("full_name"), birthDate: Stored.day(try r.optionalString("birth_date")),
                idNumber: try r.optionalString("id_number"), unitCode: try r.optionalString("unit_code"),
                address: try r.optionalString("address"), phone: try r.optionalString("phone"), email: try r.optionalString("email")),
            identityLevel: IdentityLevel(rawValue: try r.optionalInt("identity_level") ?? 0))
    }
}
