import Crypto
import Domain
import Foundation
import SQLKit

/// The hash chain of the audit log: each line's `hash` is SHA-256 over an unambiguous encoding of
/// its place, its fields and the previous line's hash. Lines written before the chain existed
/// (no `seq`) are hashed in id order as if chained, and the first chained line links to them.
enum AuditChain {
    /// The hash before the first line.
    static let genesis = String(repeating: "0", count: 64)

    /// One stored line, as the chain sees it.
    struct Line: Sendable {
        let id: Int64
        let seq: Int64?
        let at: Int64
        let actor: String
        let action: String
        let target: String?
        let detail: String?
        let ip: String?
        let occurrences: Int64
        let prevHash: String?
        let hash: String?

        static let columns = "id, seq, at, actor, action, target, detail, ip, occurrences, prev_hash, hash"

        init(row: any SQLRow) throws {
            id = try row.decode(column: "id", as: Int64.self)
            seq = try row.decode(column: "seq", as: Int64?.self)
            at = try row.decode(column: "at", as: Int64.self)
            actor = try row.decode(column: "actor", as: String.self)
            action = try row.decode(column: "action", as: String.self)
            target = try row.decode(column: "target", as: String?.self)
            detail = try row.decode(column: "detail", as: String?.self)
            ip = try row.decode(column: "ip", as: String?.self)
            occurrences = try row.decode(column: "occurrences", as: Int64.self)
            prevHash = try row.decode(column: "prev_hash", as: String?.self)
            hash = try row.decode(column: "hash", as: String?.self)
        }

        /// The hash this line must carry at place `seq` after `prev`.
        func expectedHash(seq: Int64, prev: String) -> String {
            AuditChain.hash(
                seq: seq, at: at, actor: actor, action: action, target: target, detail: detail, ip: ip, occurrences: occurrences,
                prev: prev)
        }
    }

    /// SHA-256 (hex) of the line's canonical encoding: a version tag, then every field as
    /// `<byte count>:<bytes>` or `~` for NULL, so no two different lines encode alike.
    static func hash(
        seq: Int64, at: Int64, actor: String, action: String, target: String?, detail: String?, ip: String?, occurrences: Int64,
        prev: String
    ) -> String {
        var bytes = Array("motcua-audit-v1".utf8)
        for field in [String(seq), String(at), actor, action, target, detail, ip, String(occurrences), prev] {
            guard let field else {
                bytes.append(UInt8(ascii: "~"))
                continue
            }
            let utf8 = Array(field.utf8)
            bytes += Array("\(utf8.count):".utf8) + utf8
        }
        return hex(SHA256.hash(data: bytes))
    }

    /// Lower-case hexadecimal of `digest`.
    static func hex(_ digest: SHA256.Digest) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(64)
        for byte in digest {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The chain's head (last place and hash) as committed, computing the virtual chain of
    /// unchained lines when no line is chained yet.
    static func head(on db: any SQLDatabase) async throws -> (seq: Int64, hash: String) {
        if let row = try await db.raw("SELECT seq, hash FROM audit_log WHERE seq IS NOT NULL ORDER BY seq DESC LIMIT 1").first() {
            return (try row.decode(column: "seq", as: Int64.self), try row.decode(column: "hash", as: String.self))
        }
        var head: (seq: Int64, hash: String) = (0, genesis)
        let rows = try await db.raw("SELECT \(unsafeRaw: Line.columns) FROM audit_log ORDER BY id").all()
        for row in rows {
            let line = try Line(row: row)
            head = (head.seq + 1, line.expectedHash(seq: head.seq + 1, prev: head.hash))
        }
        return head
    }

    /// Serialises appends until the end of the caller's transaction. PostgreSQL: a transaction-level
    /// advisory lock shared by every instance; SQLite: the single writer already holds the write lock.
    /// Advisory locks are database-wide: the key pairs the chain's tag with the schema, so that
    /// deployments (and test runs) in other schemas of the same database do not wait on each other.
    static func lock(on db: any SQLDatabase) async throws {
        guard db.dialect.name == "postgresql" else { return }
        try await db.raw(
            "SELECT pg_advisory_xact_lock(\(unsafeRaw: String(Int32(truncatingIfNeeded: lockKey))), hashtext(current_schema()))"
        )
        .run()
    }

    /// The advisory lock's key ("audit" in ASCII).
    static let lockKey: Int64 = 0x6175_6469_74
}
