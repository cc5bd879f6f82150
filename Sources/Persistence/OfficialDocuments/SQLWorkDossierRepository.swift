import Domain
import Foundation
import SQLKit

/// Work dossiers in SQL, one code path for SQLite and PostgreSQL. Filing a document and closing both
/// update the dossier's row first (closed ones excluded), so that a document is never filed in a
/// dossier being closed; closing records in the same statement whether every incoming document
/// filed was handled (outgoing ones are in the register only once signed and issued here).
public struct SQLWorkDossierRepository: WorkDossierRepository {
    let database: Database

    public init(database: Database) { self.database = database }

    public func open(_ d: WorkDossier, audit: @escaping @Sendable (Int64) -> AuditEntry) async throws -> Int64 {
        try await database.transaction { db in
            guard
                let row = try await db.raw(
                    """
                    INSERT INTO work_dossiers (agency_id, title, year, opened_by, opened_at, version)
                    VALUES (\(bind: d.agencyId), \(bind: d.title), \(bind: d.year), \(bind: d.openedBy),
                        \(bind: Stored.millis(d.openedAt)), 1)
                    RETURNING id
                    """
                ).first()
            else { throw DomainError(.conflict, "workDossier.notStored") }
            let id = try row.int64("id")
            try await SQLAuditLog.insert(audit(id), on: db)
            return id
        }
    }

    public func add(dossierId: Int64, documentId: Int64, by: String, at: Date, audit: AuditEntry) async throws -> Bool {
        try await database.transaction { db in
            let open = try await db.raw(
                "UPDATE work_dossiers SET version = version + 1 WHERE id = \(bind: dossierId) AND closed_at IS NULL RETURNING id"
            ).first()
            guard open != nil else { return false }
            try await db.raw(
                """
                INSERT INTO work_dossier_documents (dossier_id, document_id, added_by, added_at)
                VALUES (\(bind: dossierId), \(bind: documentId), \(bind: by), \(bind: Stored.millis(at)))
                ON CONFLICT (dossier_id, document_id) DO NOTHING
                """
            ).run()
            try await SQLAuditLog.insert(audit, on: db)
            return true
        }
    }

    public func close(id: Int64, expectedVersion: Int, by: String, at: Date, audit: AuditEntry) async throws -> Bool {
        try await database.transaction { db in
            let closed = try await db.raw(
                """
                UPDATE work_dossiers SET closed_by = \(bind: by), closed_at = \(bind: Stored.millis(at)), version = version + 1,
                    fully_online = NOT EXISTS (
                        SELECT 1 FROM work_dossier_documents w JOIN official_documents d ON d.id = w.document_id
                        JOIN document_registers r ON r.id = d.register_id
                        WHERE w.dossier_id = work_dossiers.id AND r.direction = \(bind: RegisterDirection.incoming.rawValue)
                            AND d.status <> \(bind: OfficialDocumentStatus.handled.rawValue))
                WHERE id = \(bind: id) AND version = \(bind: expectedVersion) AND closed_at IS NULL
                    AND EXISTS (SELECT 1 FROM work_dossier_documents w WHERE w.dossier_id = work_dossiers.id)
                RETURNING id
                """
            ).first()
            guard closed != nil else { return false }
            try await SQLAuditLog.insert(audit, on: db)
            return true
        }
    }

    public func dossier(id: Int64) async throws -> WorkDossier? {
        try await database.read { db in
            try await Self.complete(try await db.raw("SELECT * FROM work_dossiers WHERE id = \(bind: id)").all(), on: db).first
        }
    }

    public func list(agencyId: String, limit: Int) async throws -> [WorkDossier] {
        try await database.read { db in
            let rows = try await db.raw(
                """
                SELECT * FROM work_dossiers WHERE agency_id = \(bind: agencyId)
                ORDER BY CASE WHEN closed_at IS NULL THEN 0 ELSE 1 END, id DESC LIMIT \(bind: limit)
                """
            ).all()
            return try await Self.complete(rows, on: db)
        }
    }

    public func closedCounts(year: Int) async throws -> [(agencyId: String, closed: Int, fullyOnline: Int)] {
        try await database.read { db in
            try await db.raw(
                """
                SELECT agency_id, COUNT(*) AS closed, SUM(CASE WHEN fully_online THEN 1 ELSE 0 END) AS online FROM work_dossiers
                WHERE year = \(bind: year) AND closed_at IS NOT NULL GROUP BY agency_id ORDER BY agency_id
                """
            ).all().map { (try $0.string("agency_id"), try $0.int("closed"), try $0.int("online")) }
        }
    }

    /// The dossiers of `rows` with their documents (one query for the batch).
    static func complete(_ rows: [any SQLRow], on db: any SQLDatabase) async throws -> [WorkDossier] {
        guard !rows.isEmpty else { return [] }
        let ids = try rows.map { try $0.int64("id") }
        var documents: [Int64: [Int64]] = [:]
        for r in try await db.raw(
            "SELECT dossier_id, document_id FROM work_dossier_documents WHERE dossier_id IN (\(binds: ids)) ORDER BY added_at, document_id"
        ).all() {
            documents[try r.int64("dossier_id"), default: []].append(try r.int64("document_id"))
        }
        return try zip(rows, ids).map { r, id in
            WorkDossier(
                id: id, agencyId: try r.string("agency_id"), title: try r.string("title"), year: try r.int("year"),
                openedBy: try r.string("opened_by"), openedAt: Stored.date(try r.int64("opened_at")),
                closedBy: try r.optionalString("closed_by"),
                closedAt: Stored.date(try r.optionalInt64("closed_at")), fullyOnline: try r.decode(column: "fully_online", as: Bool?.self),
                documentIds: documents[id] ?? [], version: try r.int("version"))
        }
    }
}
