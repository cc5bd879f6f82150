import Domain
import Foundation
import SQLKit

/// The document exchange in SQL (migrations 34 and 35): peers, the outbox claimed like the notification outbox's messages,
/// the packages received and the statuses reported. One code path for SQLite and PostgreSQL.
public struct SQLExchangeRepository: ExchangeRepository {
    let database: Database

    public init(database: Database) { self.database = database }

    var queue: LeasedQueue { LeasedQueue(database: database, table: "exchange_outbox") }

    // MARK: peers

    public func peers() async throws -> [ExchangePeer] {
        try await database.read { db in
            try await db.raw("SELECT * FROM exchange_peers ORDER BY organisation_id").all().map(Self.peer)
        }
    }

    public func peer(_ organisationId: String) async throws -> ExchangePeer? {
        try await database.read { db in
            try await db.raw("SELECT * FROM exchange_peers WHERE organisation_id = \(bind: organisationId)").first().map(Self.peer)
        }
    }

    public func savePeer(_ p: ExchangePeer, audit: AuditEntry) async throws {
        try await database.transaction { db in
            try await db.raw(
                """
                INSERT INTO exchange_peers (organisation_id, name, endpoint, certificate_pem, updated_at)
                VALUES (\(bind: p.organisationId), \(bind: p.name), \(bind: p.endpoint), \(bind: p.certificatePEM),
                    \(bind: Stored.millis(audit.at)))
                ON CONFLICT (organisation_id) DO UPDATE SET name = excluded.name, endpoint = excluded.endpoint,
                    certificate_pem = excluded.certificate_pem, updated_at = excluded.updated_at
                """
            ).run()
            try await SQLAuditLog.insert(audit, on: db)
        }
    }

    public func deletePeer(_ organisationId: String, audit: AuditEntry) async throws -> Bool {
        try await database.transaction { db in
            let gone = try await db.raw(
                "DELETE FROM exchange_peers WHERE organisation_id = \(bind: organisationId) RETURNING organisation_id"
            ).first()
            guard gone != nil else { return false }
            try await SQLAuditLog.insert(audit, on: db)
            return true
        }
    }

    // MARK: the outbox

    public func enqueuePackage(peerId: String, packageId: String, documentId: Int64, payload: [UInt8], now: Date, audit: AuditEntry)
        async throws -> ExchangeOutboxItem
    {
        try await database.transaction { db in
            try await Self.insertPackage(
                peerId: peerId, packageId: packageId, documentId: documentId, payload: payload, now: now, audit: audit, on: db)
        }
    }

    /// The statements, run in the caller's transaction, that queue a signed package due at once and write its audit line.
    static func insertPackage(
        peerId: String, packageId: String, documentId: Int64, payload: [UInt8], now: Date, audit: AuditEntry, on db: any SQLDatabase
    ) async throws -> ExchangeOutboxItem {
        guard
            let row = try await db.raw(
                """
                INSERT INTO exchange_outbox (kind, peer_id, package_id, document_id, status_code, description, staff, occurred_at,
                    payload, status, attempts, next_attempt_at, lease_until, created_at)
                VALUES ('package', \(bind: peerId), \(bind: packageId), \(bind: documentId), '', '', '', \(bind: Stored.millis(now)),
                    \(bind: String(decoding: payload, as: UTF8.self)), 'pending', 0, \(bind: Stored.millis(now)), 0,
                    \(bind: Stored.millis(now)))
                RETURNING *
                """
            ).first()
        else { throw DomainError.conflict("exchange.notQueued") }
        try await SQLAuditLog.insert(audit, on: db)
        return try Self.item(row)
    }

    /// The statement, run in the transaction of a change to a received document, that queues `codes` for its sender
    /// (nothing for a document that did not come by package; a code already queued is not queued again).
    static func queueStatuses(
        _ documentId: Int64, _ codes: [ExchangeStatusCode], staff: String, at: Date, on db: any SQLDatabase
    ) async throws {
        for code in codes {
            try await db.raw(
                """
                INSERT INTO exchange_outbox (kind, peer_id, package_id, document_id, status_code, description, staff, occurred_at,
                    status, attempts, next_attempt_at, lease_until, created_at)
                SELECT 'status', r.sender_id, r.package_id, r.document_id, \(bind: code.rawValue), '', \(bind: staff),
                    \(bind: Stored.millis(at)), 'pending', 0, \(bind: Stored.millis(at)), 0, \(bind: Stored.millis(at))
                FROM exchange_received r WHERE r.document_id = \(bind: documentId)
                ON CONFLICT (peer_id, package_id, kind, status_code) DO NOTHING
                """
            ).run()
        }
    }

    public func claim(now: Date, limit: Int, holder: String, leaseSeconds: TimeInterval) async throws -> [ExchangeOutboxItem] {
        let at = Stored.millis(now)
        // An item is due when no earlier item of its package and peer is still unsent: a package's statuses go out in order.
        let due: SQLQueryString = """
            s.status = 'pending' AND s.next_attempt_at <= \(bind: at) AND s.lease_until <= \(bind: at)
                AND NOT EXISTS (SELECT 1 FROM exchange_outbox p WHERE p.peer_id = s.peer_id AND p.package_id = s.package_id
                    AND p.id < s.id AND p.status <> 'sent')
            """
        return try await queue.claim(
            due: due, limit: limit, holder: holder, until: now.addingTimeInterval(leaseSeconds), returning: "*"
        ).map(Self.item).sorted { $0.id < $1.id }
    }

    public func markSent(id: Int64, holder: String, now: Date) async throws {
        try await queue.markSent(id: id, holder: holder, now: now)
    }

    public func markFailed(id: Int64, holder: String, error: String, retryAt: Date?) async throws {
        try await queue.markFailed(id: id, holder: holder, error: error, retryAt: retryAt)
    }

    public func markRefused(id: Int64, holder: String, reason: String, now: Date, audit: AuditEntry) async throws {
        try await database.transaction { db in
            try await queue.fail(id: id, holder: holder, error: "refused: \(reason)", retryAt: nil, on: db)
            try await db.raw(
                """
                INSERT INTO exchange_statuses (peer_id, package_id, status_code, description, staff, occurred_at, received_at)
                SELECT peer_id, package_id, \(bind: ExchangeStatusCode.refused.rawValue), \(bind: String(reason.prefix(2000))), '',
                    \(bind: Stored.millis(now)), \(bind: Stored.millis(now))
                FROM exchange_outbox WHERE id = \(bind: id)
                ON CONFLICT (peer_id, package_id, status_code) DO NOTHING
                """
            ).run()
            try await SQLAuditLog.insert(audit, on: db)
        }
    }

    public func release(ids: [Int64], holder: String) async throws {
        try await queue.release(ids: ids, holder: holder)
    }

    public func items(in state: ExchangeItemState, limit: Int) async throws -> [ExchangeOutboxItem] {
        try await queue.rows(in: state.rawValue, limit: limit, newestFirst: true).map(Self.item)
    }

    public func counts() async throws -> [ExchangeItemState: Int] {
        Dictionary(uniqueKeysWithValues: try await queue.counts().compactMap { k, n in ExchangeItemState(rawValue: k).map { ($0, n) } })
    }

    public func resend(id: Int64, now: Date, audit: AuditEntry) async throws -> Bool {
        try await queue.resend(id: id, now: now, audit: audit)
    }

    // MARK: receiving

    public func receivedDocument(senderId: String, packageId: String) async throws -> Int64? {
        try await database.read { db in
            try await Self.received(senderId, packageId, on: db)
        }
    }

    static func received(_ senderId: String, _ packageId: String, on db: any SQLDatabase) async throws -> Int64? {
        try await db.raw(
            "SELECT document_id FROM exchange_received WHERE sender_id = \(bind: senderId) AND package_id = \(bind: packageId)"
        ).first().map { try $0.int64("document_id") }
    }

    public func receive(_ p: IncomingPackage, audit: @escaping @Sendable (OfficialDocument) -> AuditEntry) async throws
        -> (documentId: Int64, created: Bool)
    {
        do {
            return try await database.transaction { db in
                if let known = try await Self.received(p.senderId, p.packageId, on: db) { return (known, false) }
                var entry = p.entry
                for file in p.files { entry.attachments.append(try await SQLDocumentRepository.insert(file, db).id) }
                let stored = try await SQLOfficialDocumentRepository.insert(entry, audit: audit, on: db)
                try await db.raw(
                    """
                    INSERT INTO exchange_received (sender_id, package_id, document_id, received_at)
                    VALUES (\(bind: p.senderId), \(bind: p.packageId), \(bind: stored.id), \(bind: Stored.millis(p.receivedAt)))
                    """
                ).run()
                try await Self.queueStatuses(stored.id, [.arrived, .accepted], staff: "", at: p.receivedAt, on: db)
                return (stored.id, true)
            }
        } catch {
            // The same package received twice at once: the unique record refused the second, which rolled back.
            if let known = try await receivedDocument(senderId: p.senderId, packageId: p.packageId) { return (known, false) }
            throw error
        }
    }

    public func recordStatus(_ s: ExchangeStatusRecord, audit: AuditEntry) async throws -> Bool? {
        try await database.transaction { db in
            let sent = try await db.raw(
                """
                SELECT id FROM exchange_outbox WHERE kind = 'package' AND peer_id = \(bind: s.peerId) AND package_id = \(bind: s.packageId)
                """
            ).first()
            guard sent != nil else { return nil }
            let inserted = try await db.raw(
                """
                INSERT INTO exchange_statuses (peer_id, package_id, status_code, description, staff, occurred_at, received_at)
                VALUES (\(bind: s.peerId), \(bind: s.packageId), \(bind: s.code.rawValue), \(bind: s.description), \(bind: s.staff),
                    \(bind: Stored.millis(s.at)), \(bind: Stored.millis(audit.at)))
                ON CONFLICT (peer_id, package_id, status_code) DO NOTHING RETURNING id
                """
            ).first()
            guard inserted != nil else { return false }
            try await SQLAuditLog.insert(audit, on: db)
            return true
        }
    }

    public func statuses(documentId: Int64) async throws -> [ExchangeStatusRecord] {
        try await database.read { db in
            try await db.raw(
                """
                SELECT s.* FROM exchange_statuses s JOIN exchange_outbox o
                    ON o.kind = 'package' AND o.peer_id = s.peer_id AND o.package_id = s.package_id
                WHERE o.document_id = \(bind: documentId) ORDER BY s.status_code, s.id
                """
            ).all().map { r in
                ExchangeStatusRecord(
                    packageId: try r.string("package_id"), peerId: try r.string("peer_id"),
                    code: ExchangeStatusCode(rawValue: try r.string("status_code")) ?? .arrived, description: try r.string("description"),
                    staff: try r.string("staff"), at: Stored.date(try r.int64("occurred_at")))
            }
        }
    }

    // MARK: rows

    static func peer(_ r: any SQLRow) throws -> ExchangePeer {
        ExchangePeer(
            organisationId: try r.string("organisation_id"), name: try r.string("name"), endpoint: try r.string("endpoint"),
            certificatePEM: try r.string("certificate_pem"))
    }

    static func item(_ r: any SQLRow) throws -> ExchangeOutboxItem {
        let code = try r.string("status_code")
        return ExchangeOutboxItem(
            id: try r.int64("id"), kind: ExchangeItemKind(rawValue: try r.string("kind")) ?? .package, peerId: try r.string("peer_id"),
            packageId: try r.string("package_id"), documentId: try r.optionalInt64("document_id"),
            statusCode: ExchangeStatusCode(rawValue: code), description: try r.string("description"), staff: try r.string("staff"),
            occurredAt: Stored.date(try r.int64("occurred_at")), payload: try r.optionalString("payload").map { Array($0.utf8) },
            state: ExchangeItemState(rawValue: try r.string("status")) ?? .pending, attempts: try r.int("attempts"),
            nextAttemptAt: Stored.date(try r.int64("next_attempt_at")), lastError: try r.optionalString("last_error"))
    }
}
