import Domain
import Foundation
import SQLKit

/// What `motcua audit verify` found: the lines and anchors checked, or the first broken link.
public struct AuditVerification: Sendable, Equatable {
    public let lines: Int
    public let anchors: Int
    /// The id of the first line whose link or hash is wrong.
    public let brokenLine: Int64?
    /// The period of the first anchor whose signature or head does not hold.
    public let brokenAnchor: Int64?

    public var isIntact: Bool { brokenLine == nil && brokenAnchor == nil }

    /// `OK: N lines, M anchors`, or the first broken link.
    public var summary: String {
        if let brokenLine { return "BROKEN: audit line \(brokenLine) does not match the chain" }
        if let brokenAnchor { return "BROKEN: anchor of period \(brokenAnchor) does not match the chain or its signature" }
        return "OK: \(lines) lines, \(anchors) anchors"
    }
}

/// Walks the audit chain in order, recomputing every hash, and checks every anchor's signature and head.
public struct SQLAuditVerifier: Sendable {
    /// Checks an anchor's signature over its message.
    public typealias SignatureCheck = @Sendable (_ message: [UInt8], _ signature: String, _ serial: String) async throws -> Bool

    let database: Database
    let batch: Int

    public init(database: Database, batch: Int = 5000) {
        self.database = database
        self.batch = batch
    }

    public func verify(signature: SignatureCheck) async throws -> AuditVerification {
        let anchors = try await database.read { db in
            try await db.raw("SELECT period, seq, head_hash, at, certificate_serial, signature FROM audit_anchors ORDER BY period").all()
        }
        let walk = try await walk(keeping: Set(try anchors.map { try $0.decode(column: "seq", as: Int64.self) }))
        if let broken = walk.broken { return AuditVerification(lines: walk.lines, anchors: 0, brokenLine: broken, brokenAnchor: nil) }
        for anchor in anchors {
            let period = try anchor.decode(column: "period", as: Int64.self)
            let seq = try anchor.decode(column: "seq", as: Int64.self)
            let head = try anchor.decode(column: "head_hash", as: String.self)
            let message = SQLAuditAnchors.message(period: period, seq: seq, head: head, at: try anchor.decode(column: "at", as: Int64.self))
            let valid = try await signature(
                message, try anchor.decode(column: "signature", as: String.self),
                try anchor.decode(column: "certificate_serial", as: String.self))
            let chained = seq == 0 ? AuditChain.genesis : walk.heads[seq]
            if !valid || chained != head {
                return AuditVerification(lines: walk.lines, anchors: anchors.count, brokenLine: nil, brokenAnchor: period)
            }
        }
        return AuditVerification(lines: walk.lines, anchors: anchors.count, brokenLine: nil, brokenAnchor: nil)
    }

    /// Recomputes the chain: unchained lines first (in id order), then chained lines by place.
    /// Returns the line count, the hashes at the places in `keeping`, and the first broken line.
    private func walk(keeping: Set<Int64>) async throws -> (lines: Int, heads: [Int64: String], broken: Int64?) {
        var seq: Int64 = 0
        var hash = AuditChain.genesis
        var heads: [Int64: String] = [:]
        let columns = AuditChain.Line.columns
        let legacy = try await database.read { db in
            try await db.raw("SELECT \(unsafeRaw: columns) FROM audit_log WHERE seq IS NULL ORDER BY id").all().map(AuditChain.Line.init)
        }
        for line in legacy {
            seq += 1
            hash = line.expectedHash(seq: seq, prev: hash)
            if keeping.contains(seq) { heads[seq] = hash }
        }
        var firstChained: Int64?
        while true {
            let after = seq
            let lines = try await database.read { db in
                try await db.raw(
                    "SELECT \(unsafeRaw: columns) FROM audit_log WHERE seq > \(bind: after) ORDER BY seq LIMIT \(bind: batch)"
                ).all().map(AuditChain.Line.init)
            }
            for line in lines {
                firstChained = firstChained ?? line.id
                let expected = line.expectedHash(seq: seq + 1, prev: hash)
                guard line.seq == seq + 1, line.prevHash == hash, line.hash == expected else {
                    return (Int(seq), heads, line.id)
                }
                seq += 1
                hash = expected
                if keeping.contains(seq) { heads[seq] = hash }
            }
            if lines.count < batch { break }
        }
        // A line without a place written after the chain began was not appended by the application.
        if let firstChained, let stray = legacy.first(where: { $0.id > firstChained }) { return (Int(seq), heads, stray.id) }
        return (Int(seq), heads, nil)
    }
}
