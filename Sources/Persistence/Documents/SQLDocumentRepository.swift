import Domain
import Foundation
import SQLKit

/// The document store's rows in SQL (the bytes are in the blob store).
public final class SQLDocumentRepository: DocumentRepository {
    let database: Database

    public init(database: Database) { self.database = database }

    public func add(_ d: StoredDocument) async throws -> StoredDocument {
        try await database.transaction { db in try await Self.insert(d, db) }
    }

    public func add(_ d: StoredDocument, within quota: StoreQuota) async throws -> StoredDocument {
        let dialect = database.dialect
        return try await database.transaction { db in
            if let citizenId = d.citizenId {
                // PostgreSQL: the citizen's row locked, so concurrent uploads are counted one after the
                // other (SQLite has a single writer).
                if dialect == .postgres {
                    try await db.raw("SELECT id FROM citizens WHERE id = \(bind: citizenId) FOR UPDATE").run()
                }
                try quota.check(used: try await Self.usage(citizenId, db), adding: [d.size])
            }
            return try await Self.insert(d, db)
        }
    }

    public func usage(citizenId: Int64) async throws -> StoreUsage {
        try await database.read { db in try await Self.usage(citizenId, db) }
    }

    static func usage(_ citizenId: Int64, _ db: any SQLDatabase) async throws -> StoreUsage {
        let row = try await db.raw(
            """
            SELECT COUNT(*) AS files, CAST(COALESCE(SUM(size), 0) AS BIGINT) AS bytes FROM documents
            WHERE citizen_id = \(bind: citizenId) AND kind = \(bind: DocumentKind.upload.rawValue)
            """
        ).first()
        return StoreUsage(files: try row?.int("files") ?? 0, bytes: try row?.int("bytes") ?? 0)
    }

    static func insert(_ d: StoredDocument, _ db: any SQLDatabase) async throws -> StoredDocument {
        let id = try await db.raw(
            """
            INSERT INTO documents (citizen_id, sha256, media_type, size, file_name, kind, title, dossier_code, created_at)
            VALUES (\(bind: d.citizenId), \(bind: d.sha256), \(bind: d.mediaType.rawValue), \(bind: d.size), \(bind: d.fileName),
                \(bind: d.kind.rawValue), \(bind: d.title), \(bind: d.dossierCode), \(bind: Stored.millis(d.createdAt)))
            RETURNING id
            """
        ).first()!.int64("id")
        var stored = d
        stored.id = id
        return stored
    }

    public func document(id: Int64) async throws -> StoredDocument? {
        try await database.read { db in
            try await db.raw("SELECT * FROM documents WHERE id = \(bind: id)").first().map(Self.document)
        }
    }

    public func documents(citizenId: Int64) async throws -> [StoredDocument] {
        try await database.read { db in
            try await db.raw("SELECT * FROM documents WHERE citizen_id = \(bind: citizenId) ORDER BY id DESC LIMIT 500").all().map(
                Self.document)
        }
    }

    public func dossierDocuments(dossierId: Int64) async throws -> [(link: DossierDocument, document: StoredDocument)] {
        try await database.read { db in
            try await db.raw(
                """
                SELECT 0 AS round, l.requirement, l.reused, d.* FROM dossier_documents l JOIN documents d ON d.id = l.document_id
                WHERE l.dossier_id = \(bind: dossierId)
                UNION ALL
                SELECT s.round, 0 AS requirement, s.reused, d.* FROM dossier_supplement_documents s
                JOIN documents d ON d.id = s.document_id
                WHERE s.dossier_id = \(bind: dossierId)
                ORDER BY round, requirement, id
                """
            ).all().map { row in
                let document = try Self.document(row)
                // Round 0: the dossier's own documents; supplement requests are numbered from 1.
                let round = try row.int("round")
                let link = DossierDocument(
                    requirement: try row.int("requirement"), documentId: document.id,
                    reused: try row.bool("reused"), supplementRound: round > 0 ? round : nil)
                return (link, document)
            }
        }
    }

    public func isUsed(documentId: Int64, byAgency agencyId: String) async throws -> Bool {
        try await database.read { db in
            try await db.raw(
                """
                SELECT 1 AS hit FROM dossier_documents l JOIN dossiers d ON d.id = l.dossier_id
                WHERE l.document_id = \(bind: documentId)
                    AND (d.receiving_agency_id = \(bind: agencyId) OR d.handling_agency_id = \(bind: agencyId))
                UNION ALL
                SELECT 1 AS hit FROM dossier_supplement_documents l JOIN dossiers d ON d.id = l.dossier_id
                WHERE l.document_id = \(bind: documentId)
                    AND (d.receiving_agency_id = \(bind: agencyId) OR d.handling_agency_id = \(bind: agencyId))
                UNION ALL
                SELECT 1 AS hit FROM results r JOIN dossiers d ON d.id = r.dossier_id
                WHERE r.document_id = \(bind: documentId)
                    AND (d.receiving_agency_id = \(bind: agencyId) OR d.handling_agency_id = \(bind: agencyId))
                """
            ).first() != nil
        }
    }

    static func document(_ r: any SQLRow) throws -> StoredDocument {
        StoredDocument(
            id: try r.int64("id"), citizenId: try r.optionalInt64("citizen_id"), sha256: try r.string("sha256"),
            mediaType: MediaType(rawValue: try r.string("media_type")) ?? .pdf, size: try r.int("size"),
            fileName: try r.string("file_name"), kind: DocumentKind(rawValue: try r.string("kind")) ?? .upload,
            title: try r.string("title"), dossierCode: try r.optionalString("dossier_code"),
            createdAt: Stored.date(try r.int64("created_at")))
    }
}
