import Crypto
import Domain
import Foundation
import SQLKit

/// API keys in SQL (`api_keys`, scopes in `api_key_scopes`). Nothing is cached: a revocation committed by
/// one instance is refused by every other one on the next request.
public struct SQLAPIKeyRepository: APIKeyRepository {
    let database: Database

    public init(database: Database) { self.database = database }

    /// Lower-case hex SHA-256 of a whole key: what the table keeps instead of the key.
    public static func hash(_ key: String) -> String {
        SHA256.hash(data: Data(key.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    public func scopes() async throws -> [APIKeyScope] {
        try await database.read { db in
            try await db.raw("SELECT code, name, name_en FROM api_key_scopes ORDER BY code").all().map {
                APIKeyScope(code: try $0.string("code"), name: try $0.string("name"), nameEn: try $0.string("name_en"))
            }
        }
    }

    public func keys() async throws -> [APIKey] {
        try await database.read { db in try await db.raw("SELECT * FROM api_keys ORDER BY id DESC").all().map(Self.key) }
    }

    public func insert(_ key: APIKey, hash: String, audit: AuditEntry) async throws -> APIKey {
        try await database.transaction { db in
            let id = try await db.raw(
                """
                INSERT INTO api_keys (client, agency_id, scopes, prefix, key_hash, created_by, created_at)
                VALUES (\(bind: key.client), \(bind: key.agencyId), \(bind: key.scopes.joined(separator: ",")), \(bind: key.prefix),
                    \(bind: hash), \(bind: key.createdBy), \(bind: Stored.millis(key.createdAt)))
                RETURNING id
                """
            ).first()!.int64("id")
            try await SQLAuditLog.insert(audit, on: db)
            var stored = key
            stored.id = id
            return stored
        }
    }

    public func revoke(id: Int64, at: Date, audit: AuditEntry) async throws -> Bool {
        try await database.transaction { db in
            let revoked = try await db.raw(
                "UPDATE api_keys SET revoked_at = \(bind: Stored.millis(at)) WHERE id = \(bind: id) AND revoked_at IS NULL RETURNING id"
            ).first()
            guard revoked != nil else { return false }
            try await SQLAuditLog.insert(audit, on: db)
            return true
        }
    }

    public func key(prefix: String) async throws -> (key: APIKey, hash: String)? {
        try await database.read { db in
            try await db.raw("SELECT * FROM api_keys WHERE prefix = \(bind: prefix)").first().map {
                (try Self.key($0), try $0.string("key_hash"))
            }
        }
    }

    public func markUsed(id: Int64, at: Date) async throws {
        let now = Stored.millis(at)
        try await database.transaction { db in
            try await db.raw(
                """
                UPDATE api_keys SET last_used_at = \(bind: now)
                WHERE id = \(bind: id) AND (last_used_at IS NULL OR last_used_at < \(bind: now - 60_000))
                """
            ).run()
        }
    }

    static func key(_ row: any SQLRow) throws -> APIKey {
        APIKey(
            id: try row.int64("id"), client: try row.string("client"), agencyId: try row.optionalString("agency_id"),
            scopes: try row.string("scopes").split(separator: ",").map(String.init), prefix: try row.string("prefix"),
            createdBy: try row.string("created_by"), createdAt: Stored.date(try row.int64("created_at")),
            lastUsedAt: Stored.date(try row.optionalInt64("last_used_at")), revokedAt: Stored.date(try row.optionalInt64("revoked_at")))
    }
}
