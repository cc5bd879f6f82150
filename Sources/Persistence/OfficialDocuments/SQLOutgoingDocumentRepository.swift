import Domain
import Foundation
import SQLKit

/// Outgoing documents in SQL, one code path for SQLite and PostgreSQL. Issuing numbers the
/// document in its agency's outgoing register and delivers it to each recipient agency's incoming
/// register in the same transaction, the registers' counter rows taken in a fixed order (the
/// issuing agency's, then the recipients' by identifier) so that two issues never wait on each other.
public struct SQLOutgoingDocumentRepository: OutgoingDocumentRepository {
    let database: Database

    public init(database: Database) { self.database = database }

    public func create(_ d: OutgoingDocument, audit: @escaping @Sendable (Int64) -> AuditEntry) async throws -> Int64 {
        try await create(d, submissionKey: nil, audit: audit)
    }

    public func create(_ d: OutgoingDocument, submissionKey: String?, audit: @escaping @Sendable (Int64) -> AuditEntry) async throws
        -> Int64
    {
        try await database.transaction { db in
            let c = d.content
            guard
                let row = try await db.raw(
                    """
                    INSERT INTO outgoing_documents (agency_id, type_code, summary, urgency, status, drafted_by, created_at, file_id, sha256,
                        version, submission_key, reply_to)
                    VALUES (\(bind: d.agencyId), \(bind: c.typeCode), \(bind: c.summary), \(bind: c.urgency.rawValue),
                        \(bind: d.status.rawValue), \(bind: d.draftedBy), \(bind: Stored.millis(d.createdAt)), \(bind: d.fileId),
                        \(bind: d.sha256), 1, \(bind: submissionKey), \(bind: d.replyTo))
                    RETURNING id
                    """
                ).first()
            else { throw DomainError(.conflict, "outgoing.notStored") }
            let id = try row.int64("id")
            for (position, r) in c.recipients.enumerated() {
                try await db.raw(
                    """
                    INSERT INTO outgoing_recipients (outgoing_id, position, agency_id, name, identifier, delivery, holder_number)
                    VALUES (\(bind: id), \(bind: position), \(bind: r.agencyId), \(bind: r.name), \(bind: r.identifier),
                        \(bind: RecipientDelivery.pending.rawValue), \(bind: r.holderNumber))
                    """
                ).run()
            }
            try await SQLAuditLog.insert(audit(id), on: db)
            return id
        }
    }

    public func outgoing(id: Int64) async throws -> OutgoingDocument? {
        try await database.read { db in
            try await Self.complete(try await db.raw("SELECT * FROM outgoing_documents WHERE id = \(bind: id)").all(), on: db).first
        }
    }

    public func outgoing(submissionKey: String) async throws -> OutgoingDocument? {
        try await database.read { db in
            let rows = try await db.raw("SELECT * FROM outgoing_documents WHERE submission_key = \(bind: submissionKey)").all()
            return try await Self.complete(rows, on: db).first
        }
    }

    public func replies(to documentId: Int64) async throws -> [OutgoingDocument] {
        try await database.read { db in
            let rows = try await db.raw(
                """
                SELECT * FROM outgoing_documents WHERE reply_to = \(bind: documentId) AND status = \(bind: OutgoingStatus.issued.rawValue)
                ORDER BY id
                """
            ).all()
            return try await Self.complete(rows, on: db)
        }
    }

    public func signed(sha256: String) async throws -> OutgoingDocument? {
        try await database.read { db in
            let rows = try await db.raw(
                """
                SELECT * FROM outgoing_documents WHERE sha256 = \(bind: sha256) AND status = \(bind: OutgoingStatus.issued.rawValue)
                ORDER BY id LIMIT 1
                """
            ).all()
            return try await Self.complete(rows, on: db).first
        }
    }

    public func list(agencyId: String, statuses: [OutgoingStatus], limit: Int) async throws -> [OutgoingDocument] {
        try await database.read { db in
            let rows = try await db.raw(
                """
                SELECT * FROM outgoing_documents WHERE agency_id = \(bind: agencyId) AND status IN (\(binds: statuses.map(\.rawValue)))
                ORDER BY id DESC LIMIT \(bind: limit)
                """
            ).all()
            return try await Self.complete(rows, on: db)
        }
    }

    public func comment(id: Int64, _ comment: OutgoingComment, audit: AuditEntry) async throws {
        try await database.transaction { db in
            try await Self.insert(comment, id: id, on: db)
            try await SQLAuditLog.insert(audit, on: db)
        }
    }

    public func move(
        id: Int64, expectedVersion: Int, from: OutgoingStatus, to: OutgoingStatus, comment: OutgoingComment?, reviewedBy: String?,
        audit: AuditEntry
    ) async throws -> Bool {
        try await database.transaction { db in
            let moved = try await db.raw(
                """
                UPDATE outgoing_documents SET status = \(bind: to.rawValue), reviewed_by = COALESCE(\(bind: reviewedBy), reviewed_by),
                    version = version + 1
                WHERE id = \(bind: id) AND version = \(bind: expectedVersion) AND status = \(bind: from.rawValue) RETURNING id
                """
            ).first()
            guard moved != nil else { return false }
            if let comment { try await Self.insert(comment, id: id, on: db) }
            try await SQLAuditLog.insert(audit, on: db)
            return true
        }
    }

    public func sign(id: Int64, expectedVersion: Int, _ s: OutgoingSignature, audit: AuditEntry) async throws -> Bool {
        try await database.transaction { db in
            let moved = try await db.raw(
                """
                UPDATE outgoing_documents SET status = \(bind: OutgoingStatus.signed.rawValue), signature = \(bind: s.signature.signature),
                    certificate_serial = \(bind: s.signature.certificateSerial), signed_by = \(bind: s.signedBy),
                    signer_name = \(bind: s.signerName), signed_at = \(bind: Stored.millis(s.signature.signedAt)), version = version + 1
                WHERE id = \(bind: id) AND version = \(bind: expectedVersion)
                    AND status = \(bind: OutgoingStatus.awaitingSignature.rawValue) RETURNING id
                """
            ).first()
            guard moved != nil else { return false }
            try await SQLAuditLog.insert(audit, on: db)
            return true
        }
    }

    public func issue(_ issue: OutgoingIssue, audit: @escaping @Sendable (String) -> [AuditEntry]) async throws -> OutgoingDocument? {
        let done = try await database.transaction { db -> Bool in
            // The draft first: an issue that lost the race takes no number.
            let moved = try await db.raw(
                """
                UPDATE outgoing_documents SET status = \(bind: OutgoingStatus.issued.rawValue), version = version + 1
                WHERE id = \(bind: issue.draftId) AND version = \(bind: issue.expectedVersion)
                    AND status = \(bind: OutgoingStatus.signed.rawValue) RETURNING file_id
                """
            ).first()
            guard let moved else { return false }
            let file = try moved.int64("file_id")
            let entry = NewRegisterEntry(
                agencyId: issue.agencyId, direction: .outgoing, year: issue.year, details: issue.details(0), receivedAt: issue.issuedAt,
                registeredBy: issue.issuedBy, attachments: [file])
            let registered = try await RegisterEntryWriter.enter(entry, details: issue.details, on: db)
            let symbol = registered.details.numberSymbol
            try await db.raw(
                """
                UPDATE outgoing_documents SET register_document_id = \(bind: registered.id), number_symbol = \(bind: symbol),
                    issued_at = \(bind: Stored.millis(issue.issuedAt))
                WHERE id = \(bind: issue.draftId)
                """
            ).run()
            let recipients = try await db.raw(
                "SELECT position, agency_id, holder_number FROM outgoing_recipients WHERE outgoing_id = \(bind: issue.draftId)"
            ).all().map { (try $0.int("position"), try $0.optionalString("agency_id"), try $0.optionalString("holder_number")) }
            for (position, agency, holder) in recipients.sorted(by: { ($0.1 ?? "") < ($1.1 ?? "") }) {
                guard let agency else {
                    var delivery = RecipientDelivery.toSend
                    if let holder {
                        delivery = try await SQLReceivedDocumentRepository.deliver(
                            issue.draftId, to: holder, registered.details, at: issue.issuedAt, on: db)
                    }
                    try await Self.deliver(issue.draftId, position, delivery, incoming: nil, on: db)
                    continue
                }
                var incoming = entry
                incoming.agencyId = agency
                incoming.direction = .incoming
                let stored = try await RegisterEntryWriter.enter(incoming, details: { _ in registered.details }, on: db)
                try await Self.deliver(issue.draftId, position, .delivered, incoming: stored.id, on: db)
            }
            for line in audit(symbol) { try await SQLAuditLog.insert(line, on: db) }
            return true
        }
        return done ? try await outgoing(id: issue.draftId) : nil
    }

    static func deliver(_ id: Int64, _ position: Int, _ delivery: RecipientDelivery, incoming: Int64?, on db: any SQLDatabase) async throws
    {
        try await db.raw(
            """
            UPDATE outgoing_recipients SET delivery = \(bind: delivery.rawValue), incoming_document_id = \(bind: incoming)
            WHERE outgoing_id = \(bind: id) AND position = \(bind: position)
            """
        ).run()
    }

    static func insert(_ c: OutgoingComment, id: Int64, on db: any SQLDatabase) async throws {
        try await db.raw(
            """
            INSERT INTO outgoing_comments (outgoing_id, author, body, created_at)
            VALUES (\(bind: id), \(bind: c.author), \(bind: c.body), \(bind: Stored.millis(c.at)))
            """
        ).run()
    }

    /// The documents of `rows` with their recipients and comments (two queries for the batch).
    static func complete(_ rows: [any SQLRow], on db: any SQLDatabase) async throws -> [OutgoingDocument] {
        guard !rows.isEmpty else { return [] }
        let ids = try rows.map { try $0.int64("id") }
        var recipients: [Int64: [OutgoingRecipient]] = [:]
        for r in try await db.raw("SELECT * FROM outgoing_recipients WHERE outgoing_id IN (\(binds: ids)) ORDER BY outgoing_id, position")
            .all()
        {
            recipients[try r.int64("outgoing_id"), default: []].append(
                OutgoingRecipient(
                    agencyId: try r.optionalString("agency_id"), name: try r.string("name"), identifier: try r.optionalString("identifier"),
                    delivery: RecipientDelivery(rawValue: try r.string("delivery")) ?? .pending,
                    incomingDocumentId: try r.optionalInt64("incoming_document_id"), holderNumber: try r.optionalString("holder_number")))
        }
        var comments: [Int64: [OutgoingComment]] = [:]
        for r in try await db.raw("SELECT * FROM outgoing_comments WHERE outgoing_id IN (\(binds: ids)) ORDER BY id").all() {
            comments[try r.int64("outgoing_id"), default: []].append(
                OutgoingComment(author: try r.string("author"), body: try r.string("body"), at: Stored.date(try r.int64("created_at"))))
        }
        return try zip(rows, ids).map { r, id in
            guard let status = OutgoingStatus(rawValue: try r.string("status")) else {
                throw DomainError(.conflict, "data.corrupt", ["column": "outgoing_documents"])
            }
            var signature: OutgoingSignature?
            if let value = try r.optionalString("signature"), let serial = try r.optionalString("certificate_serial"),
                let at = try r.optionalInt64("signed_at")
            {
                signature = OutgoingSignature(
                    signature: ResultSignature(signature: value, certificateSerial: serial, signedAt: Stored.date(at)),
                    signedBy: try r.optionalString("signed_by") ?? "", signerName: try r.optionalString("signer_name") ?? "")
            }
            let content = OutgoingDraftContent(
                typeCode: try r.string("type_code"), summary: try r.string("summary"),
                urgency: DocumentUrgency(rawValue: try r.string("urgency")) ?? .normal, recipients: recipients[id] ?? [])
            return OutgoingDocument(
                id: id, agencyId: try r.string("agency_id"), content: content, status: status, draftedBy: try r.string("drafted_by"),
                createdAt: Stored.date(try r.int64("created_at")), fileId: try r.int64("file_id"), sha256: try r.string("sha256"),
                reviewedBy: try r.optionalString("reviewed_by"), signature: signature,
                registerDocumentId: try r.optionalInt64("register_document_id"), numberSymbol: try r.optionalString("number_symbol"),
                issuedAt: Stored.date(try r.optionalInt64("issued_at")), comments: comments[id] ?? [], version: try r.int("version"),
                replyTo: try r.optionalInt64("reply_to"))
        }
    }
}
