import Foundation
import SQLKit
import TestSupport
import Testing

@testable import Persistence

/// Migration 36 indexes the words of the entries registered before it, on both engines, as the application does.
@Suite("Register words migration")
struct DocumentWordsMigrationTests {
    @Test("the backfill writes each word of an entry once, split at spaces and slashes", arguments: Backend.available)
    func backfill(_ backend: Backend) async throws {
        try await withDatabase(backend) { database, _ in
            try await Migrator.migrate(database)
            _ = try await Seeder(database: database).seedReferenceData()
            let backfill = Migration.render(Migration0036DocumentWords.migration.statements(database.dialect)[2], for: database.dialect)
            let words = try await database.transaction { db in
                let agency = try await db.raw("SELECT id FROM agencies ORDER BY id LIMIT 1").first()?.decode(column: "id", as: String.self)
                try await db.raw(
                    """
                    INSERT INTO document_registers (agency_id, direction, year, last_number)
                    VALUES (\(bind: agency ?? ""), 'incoming', 2026, 1)
                    """
                ).run()
                let register = try await db.raw("SELECT id FROM document_registers").first()?.decode(column: "id", as: Int64.self)
                try await db.raw(
                    """
                    INSERT INTO official_documents (register_id, number, number_symbol, type_code, document_date, issuer, summary,
                        urgency, confidentiality, received_at, registered_by, status, search_text, version)
                    VALUES (\(bind: register ?? 0), 1, '123/UBND-VX', 'CV', '2026-03-02', 'Sở Y tế', 'Về việc',
                        'normal', 'normal', 0, 'x', 'registered', '123/ubnd vx cong van so y te ve viec so', 1)
                    """
                ).run()
                try await db.raw(SQLQueryString(backfill)).run()
                return try await db.raw("SELECT word FROM official_document_words ORDER BY word").all().map {
                    try $0.decode(column: "word", as: String.self)
                }
            }
            #expect(words == ["123", "cong", "so", "ubnd", "van", "ve", "viec", "vx", "y", "te"].sorted())
        }
    }
}
