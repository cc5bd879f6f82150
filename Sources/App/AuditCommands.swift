import Domain
import Foundation
import Logging
import Persistence
import Signing

/// `motcua audit verify`: walks the audit chain and checks every anchor's signature.
public enum AuditCommands {
    /// Verifies the chain of the database `config` names.
    public static func verify(_ config: AppConfig, logger: Logger) async throws -> AuditVerification {
        try await withAuthority(config, logger: logger) { database, authority in
            try await SQLAuditVerifier(database: database).verify { message, signature, _ in
                try await authority.isAuthoritySignature(signature, message: message)
            }
        }
    }

    /// Anchors the chain's head for `period` now, as the periodic worker does; returns whether it was stored.
    public static func anchor(_ config: AppConfig, period: Int64, logger: Logger) async throws -> Bool {
        try await withAuthority(config, logger: logger) { database, authority in
            let now = Date()
            return try await SQLAuditAnchors(database: database).anchor(period: period, at: now) {
                try await authority.signAsAuthority($0, now: now)
            }
        }
    }

    private static func withAuthority<T: Sendable>(
        _ config: AppConfig, logger: Logger, _ body: (Database, ProvincialAuthority) async throws -> T
    ) async throws -> T {
        let database = try openDatabase(config, logger: logger)
        do {
            try await Migrator.migrate(database)
            let authority = ProvincialAuthority(
                keys: SQLSigningKeyRepository(database: database), agencies: SQLAgencyRepository(database: database),
                keyEncryptionSecret: config.signingKeySecret, authorityName: config.signingAuthorityName)
            let value = try await body(database, authority)
            await database.shutdown()
            return value
        } catch {
            await database.shutdown()
            throw error
        }
    }
}
