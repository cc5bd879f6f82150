import Domain
import Foundation
import SQLKit

/// The registers in SQL: one code path for SQLite and PostgreSQL. A registration increments its
/// register's counter row with an upsert (serialised by the row lock on PostgreSQL and by the single
/// writer on SQLite) and inserts the document, its files and its audit line in the same transaction.
public struct SQLOfficialDocumentRepository: OfficialDocumentRepository {
    let database: Database

    public init(database: Database) { self.database = database }

    /// The columns every read selects: the document's and its register's.
    static let select: SQLQueryString = """
        SELECT d.*, r.agency_id, r.direction, r.year FROM official_documents d JOIN document_registers r ON r.id = d.register_id
        """

    public func register(_ entry: NewRegisterEntry, audit: @escaping @Sendable (OfficialDocument) -> AuditEntry) async throws
        -> OfficialDocument
    {
        if let key = entry.submissionKey, let first = try await document(submissionKey: key) { return first }
        do {
            return try await insert(entry, audit: audit)
        } catch {
            // Two submissions of one form at once: the unique key refused the second, whose
            // transaction (and its number) rolled back; it gets the document stored by the first.
            if let key = entry.submissionKey, let first = try await document(submissionKey: key) { return first }
            throw error
        }
    }

    func insert(_ entry: NewRegisterEntry, audit: @escaping @Sendable (OfficialDocument) -> AuditEntry) async throws -> OfficialDocument {
        try await database.transaction { db in try await Self.insert(entry, audit: audit, on: db) }
    }

    /// Numbers and inserts `entry` with its files and audit line on `db`, inside the caller's transaction.
    static func insert(_ entry: NewRegisterEntry, audit: (OfficialDocument) -> AuditEntry, on db: any SQLDatabase) async throws
        -> OfficialDocument
    {
        let stored = try await RegisterEntryWriter.enter(entry, details: { [details = entry.details] _ in details }, on: db)
        try await SQLAuditLog.insert(audit(stored), on: db)
        return stored
    }

    public func assign(id: Int64, expectedVersion: Int, _ a: DocumentAssignment, audit: AuditEntry) async throws -> Bool {
        try await database.transaction { db in
            let moved = try await db.raw(
                """
                UPDATE official_documents SET status = \(bind: OfficialDocumentStatus.assigned.rawValue),
                    lead_agency_id = \(bind: a.leadAgencyId), instruction = \(bind: a.instruction), deadline = \(bind: a.deadline.iso),
                    assigned_by = \(bind: a.assignedBy), assigned_at = \(bind: Stored.millis(a.assignedAt)), version = version + 1
                WHERE id = \(bind: id) AND version = \(bind: expectedVersion) AND status <> \(bind: OfficialDocumentStatus.handled.rawValue)
                RETURNING id
                """
            ).first()
            guard moved != nil else { return false }
            try await db.raw("DELETE FROM official_document_units WHERE document_id = \(bind: id)").run()
            for (agency, lead) in [(a.leadAgencyId, true)] + a.coordinatingAgencyIds.map({ ($0, false) }) {
                try await db.raw(
                    "INSERT INTO official_document_units (document_id, agency_id, lead) VALUES (\(bind: id), \(bind: agency), \(bind: lead))"
                ).run()
            }
            try await SQLAuditLog.insert(audit, on: db)
            // A document received by package: its sender is told it was assigned and is being handled.
            try await SQLExchangeRepository.queueStatuses(id, [.assigned, .inProgress], staff: a.assignedBy, at: a.assignedAt, on: db)
            return true
        }
    }

    public func close(id: Int64, expectedVersion: Int, _ h: DocumentHandling, audit: AuditEntry) async throws -> Bool {
        try await database.transaction { db in
            let moved = try await db.raw(
                """
                UPDATE official_documents SET status = \(bind: OfficialDocumentStatus.handled.rawValue),
                    handling_note = \(bind: h.note), handled_by = \(bind: h.handledBy), handled_at = \(bind: Stored.millis(h.handledAt)),
                    version = version + 1
                WHERE id = \(bind: id) AND version = \(bind: expectedVersion) AND status = \(bind: OfficialDocumentStatus.assigned.rawValue)
                RETURNING id
                """
            ).first()
            guard moved != nil else { return false }
            try await SQLAuditLog.insert(audit, on: db)
            try await SQLExchangeRepository.queueStatuses(id, [.done], staff: h.handledBy, at: h.handledAt, on: db)
            return true
        }
    }

    public func document(id: Int64) async throws -> OfficialDocument? {
        try await database.read { db in
            guard let row = try await db.raw(Self.select + " WHERE d.id = \(bind: id)").first() else { return nil }
            return try await Self.complete([row], on: db).first
        }
    }

    public func document(submissionKey: String) async throws -> OfficialDocument? {
        try await database.read { db in
            guard let row = try await db.raw(Self.select + " WHERE d.submission_key = \(bind: submissionKey)").first() else { return nil }
            return try await Self.complete([row], on: db).first
        }
    }

    public func entries(_ q: RegisterQuery) async throws -> [OfficialDocument] {
        try await database.read { db in
            if !q.words.isEmpty { return try await Self.complete(try await searchWords(q, on: db), on: db) }
            // The register's id as a value, so that both engines read its entries in number order from the index
            // (register_id, number) and stop at the page (PostgreSQL sorted the whole register of a join on its columns).
            var sql =
                Self.select
                    + """
                     WHERE d.register_id = (SELECT id FROM document_registers WHERE agency_id = \(bind: q.agencyId)
                        AND direction = \(bind: q.direction.rawValue) AND year = \(bind: q.year))
                    """
            if let after = q.afterNumber { sql += " AND d.number > \(bind: after)" }
            sql += " ORDER BY d.number LIMIT \(bind: q.limit)"
            return try await Self.complete(try await db.raw(sql).all(), on: db)
        }
    }

    public func awaitingAssignment(agencyId: String, limit: Int) async throws -> [OfficialDocument] {
        try await database.read { db in
            let rows = try await db.raw(
                Self.select
                    + """
                     WHERE r.agency_id = \(bind: agencyId) AND d.status = \(bind: OfficialDocumentStatus.registered.rawValue)
                    ORDER BY d.received_at, d.id LIMIT \(bind: limit)
                    """
            ).all()
            return try await Self.complete(rows, on: db)
        }
    }

    public func assigned(to agencyId: String, limit: Int) async throws -> [OfficialDocument] {
        try await database.read { db in
            let rows = try await db.raw(
                Self.select
                    + """
                     JOIN official_document_units u ON u.document_id = d.id
                    WHERE u.agency_id = \(bind: agencyId) AND d.status = \(bind: OfficialDocumentStatus.assigned.rawValue)
                    ORDER BY d.deadline, d.id LIMIT \(bind: limit)
                    """
            ).all()
            return try await Self.complete(rows, on: db)
        }
    }

    public func registers(agencyId: String) async throws -> [(direction: RegisterDirection, year: Int, count: Int)] {
        try await database.read { db in
            try await db.raw(
                """
                SELECT direction, year, last_number FROM document_registers WHERE agency_id = \(bind: agencyId)
                ORDER BY year DESC, direction
                """
            ).all().compactMap { r in
                guard let direction = RegisterDirection(rawValue: try r.string("direction")) else { return nil }
                return (direction, try r.int("year"), try r.int("last_number"))
            }
        }
    }

    /// The documents of `rows` with their coordinating units and files (two queries for the batch).
    static func complete(_ rows: [any SQLRow], on db: any SQLDatabase) async throws -> [OfficialDocument] {
        guard !rows.isEmpty else { return [] }
        let ids = try rows.map { try $0.int64("id") }
        var coordinating: [Int64: [String]] = [:]
        for r in try await db.raw(
            """
            SELECT document_id, agency_id FROM official_document_units WHERE document_id IN (\(binds: ids)) AND lead = \(bind: false)
            ORDER BY agency_id
            """
        ).all() {
            coordinating[try r.int64("document_id"), default: []].append(try r.string("agency_id"))
        }
        var files: [Int64: [Int64]] = [:]
        for r in try await db.raw(
            "SELECT document_id, file_id FROM official_document_files WHERE document_id IN (\(binds: ids)) ORDER BY file_id"
        ).all() {
            files[try r.int64("document_id"), default: []].append(try r.int64("file_id"))
        }
        return try zip(rows, ids).map { row, id in
            try OfficialDocumentRow.document(row, coordinating: coordinating[id] ?? [], files: files[id] ?? [])
        }
    }
}
