import Domain
import Foundation
import SQLKit

/// External sign-in attempts and the accounts verified identities map onto, in SQL. An attempt is
/// taken with one conditional update (`used_at` still empty, not expired), so that of two instances
/// (or a replayed callback) exactly one gets it.
public final class SQLExternalSignIn: ExternalSignInRepository {
    let database: Database

    public init(database: Database) { self.database = database }

    public func createAttempt(_ a: SignInAttempt, now: Date) async throws {
        try await database.transaction { db in
            // Expired attempts are kept a day (a late callback is told it expired, not that it is unknown).
            try await db.raw("DELETE FROM sign_in_attempts WHERE expires_at <= \(bind: Stored.millis(now.addingTimeInterval(-86_400)))")
                .run()
            try await db.raw(
                """
                INSERT INTO sign_in_attempts (state, nonce, code_verifier, browser_hash, next_path, consented, created_at, expires_at)
                VALUES (\(bind: a.state), \(bind: a.nonce), \(bind: a.codeVerifier), \(bind: a.browserHash), \(bind: a.next),
                    \(bind: a.consented), \(bind: Stored.millis(now)), \(bind: Stored.millis(a.expiresAt)))
                """
            ).run()
        }
    }

    public func consumeAttempt(state: String, now: Date) async throws -> SignInAttempt? {
        try await database.transaction { db in
            let row = try await db.raw(
                """
                UPDATE sign_in_attempts SET used_at = \(bind: Stored.millis(now))
                WHERE state = \(bind: state) AND used_at IS NULL AND expires_at > \(bind: Stored.millis(now))
                RETURNING state, nonce, code_verifier, browser_hash, next_path, consented, expires_at
                """
            ).first()
            return try row.map { r in
                SignInAttempt(
                    state: try r.string("state"), nonce: try r.string("nonce"), codeVerifier: try r.string("code_verifier"),
                    browserHash: try r.string("browser_hash"), next: try r.string("next_path"), consented: try r.bool("consented"),
                    expiresAt: Stored.date(try r.int64("expires_at")))
            }
        }
    }

    public func signIn(
        _ identity: VerifiedIdentity, consentVersion: String?, now: Date,
        audit: @escaping @Sendable (Citizen, ExternalSignInOutcome) -> AuditEntry
    ) async throws -> (Citizen, ExternalSignInOutcome) {
        do {
            return try await attemptSignIn(identity, consentVersion: consentVersion, now: now, audit: audit)
        } catch let error as DomainError {
            throw error
        } catch {
            // Another instance opened or linked the account between the look-up and the write: once more finds it.
            return try await attemptSignIn(identity, consentVersion: consentVersion, now: now, audit: audit)
        }
    }

    private func attemptSignIn(
        _ identity: VerifiedIdentity, consentVersion: String?, now: Date,
        audit: @escaping @Sendable (Citizen, ExternalSignInOutcome) -> AuditEntry
    ) async throws -> (Citizen, ExternalSignInOutcome) {
        try await database.transaction { db in
            let outcome: ExternalSignInOutcome
            let id: Int64
            if let known = try await db.raw(
                """
                SELECT id FROM citizens WHERE identity_provider = \(bind: identity.provider)
                    AND identity_subject = \(bind: identity.subject)
                """
            ).first() {
                (id, outcome) = (try known.int64("id"), .known)
            } else if let local = try await db.raw(
                "SELECT id, identity_subject FROM citizens WHERE id_number = \(bind: identity.idNumber)"
            ).first() {
                // The number belongs to one person; an account already carrying another identity is not taken over.
                guard try local.optionalString("identity_subject") == nil else { throw DomainError.conflict("oidc.idNumberTaken") }
                (id, outcome) = (try local.int64("id"), .linked)
                // Sessions opened on the self-declared account end: from now on it is the verified person's.
                try await db.raw("DELETE FROM citizen_sessions WHERE citizen_id = \(bind: id)").run()
            } else {
                guard let consentVersion else { throw DomainError.invalid("consent", "oidc.consentRequired") }
                id = try await db.raw(
                    """
                    INSERT INTO citizens (full_name, id_number, failed_logins, created_at, consent_version, consent_at)
                    VALUES (\(bind: identity.fullName), \(bind: identity.idNumber), 0, \(bind: Stored.millis(now)),
                        \(bind: consentVersion), \(bind: Stored.millis(now)))
                    RETURNING id
                    """
                ).first()!.int64("id")
                outcome = .created
            }
            try await Self.writeClaims(db, identity, citizenId: id)
            guard
                let row = try await db.raw("SELECT \(unsafeRaw: SQLCitizenRepository.columns) FROM citizens WHERE id = \(bind: id)").first()
            else { throw DomainError.notFound("citizen.notFound") }
            let citizen = try SQLCitizenRepository.citizen(row)
            try await SQLAuditLog.insert(audit(citizen, outcome), on: db)
            return (citizen, outcome)
        }
    }

    /// The verified claims replace the declared ones; the phone is added only where the account has none
    /// and no other account uses it.
    static func writeClaims(_ db: any SQLDatabase, _ identity: VerifiedIdentity, citizenId id: Int64) async throws {
        try await db.raw(
            """
            UPDATE citizens SET full_name = \(bind: identity.fullName), birth_date = \(bind: identity.birthDate?.iso),
                id_number = \(bind: identity.idNumber), identity_level = \(bind: identity.level.rawValue),
                identity_provider = \(bind: identity.provider), identity_subject = \(bind: identity.subject)
            WHERE id = \(bind: id)
            """
        ).run()
        guard let phone = identity.phone else { return }
        try await db.raw(
            """
            UPDATE citizens SET phone = \(bind: phone) WHERE id = \(bind: id) AND phone IS NULL
                AND NOT EXISTS (SELECT 1 FROM citizens o WHERE o.phone = \(bind: phone) AND o.id <> \(bind: id))
            """
        ).run()
    }
}
