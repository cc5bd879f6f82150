import Domain
import Foundation
import SQLKit

/// Enters a document in a register inside a caller's transaction: the register's counter row is
/// incremented with an upsert (the row lock on PostgreSQL, the single writer on SQLite), so the
/// numbers of a register have no gap and no duplicate, then the document, its files and the words it is searched by are
/// inserted. Every entry of every register is written here: the clerk's, the exchange's, and the outgoing ones at issue.
enum RegisterEntryWriter {
    /// Enters `entry`, whose details come from the number the register gives; returns the stored document.
    static func enter(
        _ entry: NewRegisterEntry, details: @Sendable (Int) -> OfficialDocumentDetails, on db: any SQLDatabase
    ) async throws -> OfficialDocument {
        guard
            let counter = try await db.raw(
                """
                INSERT INTO document_registers (agency_id, direction, year, last_number)
                VALUES (\(bind: entry.agencyId), \(bind: entry.direction.rawValue), \(bind: entry.year), 1)
                ON CONFLICT (agency_id, direction, year) DO UPDATE SET last_number = document_registers.last_number + 1
                RETURNING id, last_number
                """
            ).first()
        else { throw DomainError(.conflict, "officialDocument.numbering") }
        let number = try counter.int("last_number")
        var numbered = entry
        numbered.details = details(number)
        let registerId = try counter.int64("id")
        var row = OfficialDocumentRow(numbered, registerId: registerId, number: number)
        row.submissionKey = entry.submissionKey
        // An outgoing entry is complete once entered: nothing for the agency's leader to assign.
        let status: OfficialDocumentStatus = entry.direction == .outgoing ? .handled : .registered
        row.status = status.rawValue
        guard let inserted = try await db.raw(try DossierRow.insert(into: "official_documents", row, returning: "id")).first() else {
            throw DomainError(.conflict, "officialDocument.numbering")
        }
        let id = try inserted.int64("id")
        try await SQLOfficialDocumentRepository.indexWords(numbered.details, registerId: registerId, number: number, on: db)
        for file in entry.attachments {
            try await db.raw("INSERT INTO official_document_files (document_id, file_id) VALUES (\(bind: id), \(bind: file))").run()
        }
        return OfficialDocument(
            id: id, agencyId: entry.agencyId, direction: entry.direction, year: entry.year, number: number, details: numbered.details,
            receivedAt: entry.receivedAt, registeredBy: entry.registeredBy, status: status, deadline: numbered.details.deadline,
            assignment: nil, handling: nil, attachments: entry.attachments, version: 1)
    }
}
