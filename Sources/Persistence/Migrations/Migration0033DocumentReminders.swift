/// Migration 33: the reminders of assigned official documents. A row is the claim of one reminder
/// (document, lead unit, deadline) by the instance that queued its message in the same transaction:
/// the primary key lets one instance only queue it. The index serves the late documents per unit.
enum Migration0033DocumentReminders {
    static let migration = Migration(version: 33, name: "document reminders") { _ in
        [
            """
            CREATE TABLE official_document_reminders (
                document_id BIGINT NOT NULL REFERENCES official_documents(id), agency_id TEXT NOT NULL REFERENCES agencies(id),
                deadline TEXT NOT NULL, holder TEXT NOT NULL, queued_at BIGINT NOT NULL, PRIMARY KEY (document_id, agency_id, deadline))
            """,
            "CREATE INDEX official_documents_open_deadline ON official_documents (status, deadline)",
        ]
    }
}
