import Domain
import Foundation
import SQLKit

/// Signing keys and certificates in SQL.
public final class SQLSigningKeyRepository: SigningKeyRepository {
    let database: Database

    public init(database: Database) { self.database = database }

    public func key(owner: String) async throws -> StoredSigningKey? {
        try await database.read { db in try await db.raw("SELECT * FROM signing_keys WHERE owner = \(bind: owner)").first().map(Self.key) }
    }

    public func key(serial: String) async throws -> StoredSigningKey? {
        try await database.read { db in try await db.raw("SELECT * FROM signing_keys WHERE serial = \(bind: serial)").first().map(Self.key)
        }
    }

    public func insertIfAbsent(_ k: StoredSigningKey) async throws -> StoredSigningKey {
        try await database.transaction { db in
            try await db.raw(
                """
                INSERT INTO signing_keys (owner, serial, certificate_pem, sealed_private_key, created_at)
                VALUES (\(bind: k.owner), \(bind: k.serial), \(bind: k.certificatePEM), \(bind: k.sealedPrivateKey),
                    \(bind: Stored.millis(k.createdAt)))
                ON CONFLICT (owner) DO NOTHING
                """
            ).run()
            return try Self.key(try await db.raw("SELECT * FROM signing_keys WHERE owner = \(bind: k.owner)").first()!)
        }
    }

    static func key(_ r: any SQLRow) throws -> StoredSigningKey {
        StoredSigningKey(
            owner: try r.string("owner"), serial: try r.string("serial"), certificatePEM: try r.string("certificate_pem"),
            sealedPrivateKey: try r.string("sealed_private_key"), createdAt: Stored.date(try r.int64("created_at")),
            revokedAt: Stored.date(try r.optionalInt64("revoked_at")))
    }
}
