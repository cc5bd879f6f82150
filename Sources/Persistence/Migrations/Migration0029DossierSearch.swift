import Domain
import SQLKit

/// Migration 29: finding dossiers. The applicant's name folded for search (`VietnameseFolding`: no
/// marks, lower case), written with every write of the dossier and backfilled here; indexes for each
/// search that drives a query: code prefix, folded name prefix (also per receiving and per handling
/// agency, for an agency's officers), phone, ID number. On PostgreSQL the prefix searches compare bytes
/// (`COLLATE "C"`), so that a prefix is a range of the index whatever the database's collation; SQLite
/// compares bytes already, and its unique index of the code serves.
enum Migration0029DossierSearch {
    static let migration = Migration(
        version: 29, name: "dossier search",
        statements: { dialect in
            let postgres = dialect == .postgres
            return [
                "ALTER TABLE dossiers ADD COLUMN applicant_name_folded TEXT\(postgres ? " COLLATE \"C\"" : "")",
                // SQLite's unique index of the code already compares bytes.
                postgres ? "CREATE INDEX dossiers_search_code ON dossiers (code COLLATE \"C\")" : nil,
                "CREATE INDEX dossiers_search_phone ON dossiers (applicant_phone, id)",
                "CREATE INDEX dossiers_search_id_number ON dossiers (applicant_id_number, id)",
            ].compactMap { $0 }
        },
        backfill: { db in
            try await foldNames(db)
            // Built once the names are folded: one pass each rather than an index update per backfilled row.
            for statement in nameIndexes { try await db.raw(SQLQueryString(statement)).run() }
        })

    /// The indexes of the folded name: the whole province's, and an agency's as receiving and as handling agency.
    static let nameIndexes = [
        "CREATE INDEX dossiers_search_name ON dossiers (applicant_name_folded, id)",
        "CREATE INDEX dossiers_search_name_receiving ON dossiers (receiving_agency_id, applicant_name_folded, id)",
        "CREATE INDEX dossiers_search_name_handling ON dossiers (handling_agency_id, applicant_name_folded, id)",
    ]

    /// Folds the names of existing dossiers, a batch at a time in id order.
    static func foldNames(_ db: any SQLDatabase, batch: Int = 1000) async throws {
        var last: Int64 = 0
        while true {
            let rows = try await db.raw(
                """
                SELECT id, applicant_name FROM dossiers WHERE id > \(bind: last) AND applicant_name_folded IS NULL
                ORDER BY id LIMIT \(literal: batch)
                """
            ).all()
            guard !rows.isEmpty else { return }
            var cases: [SQLQueryString] = []
            var ids: [Int64] = []
            for row in rows {
                let id = try row.decode(column: "id", as: Int64.self)
                cases.append(
                    "WHEN \(bind: id) THEN \(bind: VietnameseFolding.fold(try row.decode(column: "applicant_name", as: String.self)))")
                ids.append(id)
            }
            try await db.raw(
                "UPDATE dossiers SET applicant_name_folded = CASE id \(cases.joined(separator: " ")) END WHERE id IN (\(binds: ids))"
            ).run()
            last = ids.max() ?? last
        }
    }
}
