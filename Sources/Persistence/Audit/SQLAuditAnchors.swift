import Domain
import Foundation
import SQLKit

/// Signed anchors of the audit chain: once a period, the chain's head (place and hash) signed by the
/// provincial authority, so that rewriting or cutting the chain after an anchor is detected even by
/// someone who owns the table. Two instances may anchor the same period: the period's key keeps one.
public struct SQLAuditAnchors: Sendable {
    /// Signs the anchor's message: returns the DER signature (base64) and the signing certificate's serial.
    public typealias Signer = @Sendable ([UInt8]) async throws -> (signature: String, serial: String)

    let database: Database

    public init(database: Database) { self.database = database }

    /// The exact bytes signed for an anchor (ASCII lines), so it can be checked with `openssl dgst -verify`.
    public static func message(period: Int64, seq: Int64, head: String, at: Int64) -> [UInt8] {
        Array("motcua-audit-anchor-v1\nperiod=\(period)\nseq=\(seq)\nhead=\(head)\nat=\(at)\n".utf8)
    }

    /// Anchors the current head for `period` unless the period has an anchor; returns whether this call stored it.
    @discardableResult
    public func anchor(period: Int64, at: Date, sign: Signer) async throws -> Bool {
        let exists = try await database.read { db in
            try await db.raw("SELECT period FROM audit_anchors WHERE period = \(bind: period)").first() != nil
        }
        if exists { return false }
        let head = try await database.read { db in try await AuditChain.head(on: db) }
        let millis = Stored.millis(at)
        let signed = try await sign(Self.message(period: period, seq: head.seq, head: head.hash, at: millis))
        return try await database.transaction { db in
            let rows = try await db.raw(
                """
                INSERT INTO audit_anchors (period, seq, head_hash, at, certificate_serial, signature)
                VALUES (\(bind: period), \(bind: head.seq), \(bind: head.hash), \(bind: millis), \(bind: signed.serial),
                    \(bind: signed.signature))
                ON CONFLICT (period) DO NOTHING RETURNING period
                """
            ).all()
            return !rows.isEmpty
        }
    }
}
