/// Migration 33: the reminders of assigned official documents, and work dossiers. A reminder row is
/// the claim of one reminder (document, lead unit, deadline) by the instance that queued its message
/// in the same transaction: the primary key lets one instance only queue it. The index serves the
/// late documents per unit. `work_dossiers` groups documents per task (`work_dossier_documents`);
/// `fully_online` is set when it is closed.
enum Migration0033WorkFollowUp {
    static let migration = Migration(version: 33, name: "document reminders and work dossiers") { _ in
        [
            """
            CREATE TABLE official_document_reminders (
                document_id BIGINT NOT NULL REFERENCES official_documents(id), agency_id TEXT NOT NULL REFERENCES agencies(id),
                deadline TEXT NOT NULL, holder TEXT NOT NULL, queued_at BIGINT NOT NULL, PRIMARY KEY (document_id, agency_id, deadline))
            """,
            "CREATE INDEX official_documents_open_deadline ON official_documents (status, deadline)",
            """
            CREATE TABLE work_dossiers (
                id {ID}, agency_id TEXT NOT NULL REFERENCES agencies(id), title TEXT NOT NULL, year INTEGER NOT NULL,
                opened_by TEXT NOT NULL, opened_at BIGINT NOT NULL, closed_by TEXT, closed_at BIGINT, fully_online {BOOL},
                version INTEGER NOT NULL)
            """,
            "CREATE INDEX work_dossiers_agency ON work_dossiers (agency_id, year)",
            """
            CREATE TABLE work_dossier_documents (
                dossier_id BIGINT NOT NULL REFERENCES work_dossiers(id), document_id BIGINT NOT NULL REFERENCES official_documents(id),
                added_by TEXT NOT NULL, added_at BIGINT NOT NULL, PRIMARY KEY (dossier_id, document_id))
            """,
        ]
    }
}
