import Domain
import Foundation
import SQLKit

/// The counter's checklist and the statutory slips of a dossier (written with the receipt or the action by
/// `SQLDossierRepository.writeExtras`), and the tracking book's read.
extension SQLDossierRepository {
    /// The statements that record the components received and the slip issued, after the change's event.
    static func paperStatements(_ extras: DossierChangeExtras, dossierId: Int64) -> [SQLQueryString] {
        var statements: [SQLQueryString] = extras.components.map { c in
            """
            INSERT INTO dossier_components (dossier_id, requirement, originals, copies, scanned)
            VALUES (\(bind: dossierId), \(bind: c.requirement), \(bind: c.originals), \(bind: c.copies), \(bind: c.scanned))
            """
        }
        if let slip = extras.slip {
            // The slip belongs to the event just appended: the dossier's latest one.
            statements.append(
                """
                INSERT INTO dossier_slips (dossier_id, sequence, kind, form, reason, new_due_date, issued_at, issued_by)
                SELECT \(bind: dossierId), MAX(sequence), \(bind: slip.kind.rawValue), \(bind: slip.kind.form), \(bind: slip.reason),
                    \(bind: slip.newDueDate?.iso), \(bind: Stored.millis(slip.issuedAt)), \(bind: slip.issuedBy)
                FROM dossier_events WHERE dossier_id = \(bind: dossierId)
                """)
        }
        return statements
    }

    public func components(dossierId: Int64) async throws -> [ReceivedComponent] {
        try await database.read { db in
            try await db.raw("SELECT * FROM dossier_components WHERE dossier_id = \(bind: dossierId) ORDER BY requirement").all().map {
                ReceivedComponent(
                    requirement: try $0.int("requirement"), originals: try $0.int("originals"), copies: try $0.int("copies"),
                    scanned: try $0.bool("scanned"))
            }
        }
    }

    public func slips(dossierId: Int64) async throws -> [DossierSlip] {
        try await database.read { db in
            try await db.raw("SELECT * FROM dossier_slips WHERE dossier_id = \(bind: dossierId) ORDER BY sequence").all().map { row in
                guard let kind = SlipKind(rawValue: try row.string("kind")) else { throw DomainError.conflict("slip.unknownKind") }
                return DossierSlip(
                    kind: kind, sequence: try row.int("sequence"), reason: try row.string("reason"),
                    newDueDate: try row.optionalString("new_due_date").flatMap(LocalDate.init(iso:)),
                    issuedAt: Stored.date(try row.int64("issued_at")), issuedBy: try row.string("issued_by"))
            }
        }
    }

    public func book(agencyId: String, from: Date, until: Date, limit: Int) async throws -> [Dossier] {
        let (start, end) = (Stored.millis(from), Stored.millis(until))
        return try await database.read { db in
            try await db.raw(
                """
                SELECT * FROM dossiers WHERE (receiving_agency_id = \(bind: agencyId) OR handling_agency_id = \(bind: agencyId))
                    AND received_at >= \(bind: start) AND received_at < \(bind: end)
                ORDER BY received_at, id LIMIT \(literal: limit)
                """
            ).all().map(Self.dossier)
        }
    }
}
