/// Migration 25: the papers of a dossier. `dossier_components` keeps the counter's checklist (only the
/// components received, with their originals and copies and whether a scan was attached), written with the
/// receipt; `dossier_slips` keeps each statutory slip an action issued (supplement request, refusal, apology,
/// stop notice) as it was printed, written with the action's event; the indexes serve the tracking book
/// (an agency's dossiers by receipt instant).
enum Migration0025DossierPapers {
    static let migration = Migration(version: 25, name: "dossier papers") { _ in
        [
            """
            CREATE TABLE dossier_components (dossier_id BIGINT NOT NULL REFERENCES dossiers(id), requirement INTEGER NOT NULL,
                originals INTEGER NOT NULL, copies INTEGER NOT NULL, scanned {BOOL} NOT NULL, PRIMARY KEY (dossier_id, requirement))
            """,
            """
            CREATE TABLE dossier_slips (dossier_id BIGINT NOT NULL REFERENCES dossiers(id), sequence INTEGER NOT NULL,
                kind TEXT NOT NULL, form TEXT NOT NULL, reason TEXT NOT NULL, new_due_date TEXT, issued_at BIGINT NOT NULL,
                issued_by TEXT NOT NULL, PRIMARY KEY (dossier_id, sequence))
            """,
            "CREATE INDEX dossiers_book_receiving ON dossiers (receiving_agency_id, received_at)",
            "CREATE INDEX dossiers_book_handling ON dossiers (handling_agency_id, received_at)",
        ]
    }
}
