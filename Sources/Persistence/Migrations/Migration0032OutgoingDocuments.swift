/// Migration 32: outgoing documents from draft to release (Decree 30/2020/NĐ-CP, Articles 10 to 18).
/// `outgoing_documents` holds the draft, its file (a stored document) and, once signed, the agency's
/// signature; at issue it points at its entry in the outgoing register (`official_documents`).
/// `outgoing_recipients` lists the recipients in order: an agency of the province (delivered at
/// issue to its incoming register) or an outside organisation (left to send). `outgoing_comments`
/// holds the comments of the agency's officers.
enum Migration0032OutgoingDocuments {
    static let migration = Migration(version: 32, name: "outgoing documents") { _ in
        [
            """
            CREATE TABLE outgoing_documents (
                id {ID}, agency_id TEXT NOT NULL REFERENCES agencies(id), type_code TEXT NOT NULL, summary TEXT NOT NULL,
                urgency TEXT NOT NULL, status TEXT NOT NULL, drafted_by TEXT NOT NULL, created_at BIGINT NOT NULL,
                file_id BIGINT NOT NULL REFERENCES documents(id), sha256 TEXT NOT NULL, reviewed_by TEXT,
                signature TEXT, certificate_serial TEXT, signed_by TEXT, signer_name TEXT, signed_at BIGINT,
                register_document_id BIGINT REFERENCES official_documents(id), number_symbol TEXT, issued_at BIGINT,
                version INTEGER NOT NULL)
            """,
            "CREATE INDEX outgoing_documents_agency ON outgoing_documents (agency_id, status)",
            "CREATE INDEX outgoing_documents_sha256 ON outgoing_documents (sha256)",
            """
            CREATE TABLE outgoing_recipients (
                outgoing_id BIGINT NOT NULL REFERENCES outgoing_documents(id), position INTEGER NOT NULL,
                agency_id TEXT REFERENCES agencies(id), name TEXT NOT NULL, identifier TEXT, delivery TEXT NOT NULL,
                incoming_document_id BIGINT REFERENCES official_documents(id), PRIMARY KEY (outgoing_id, position))
            """,
            "CREATE INDEX outgoing_recipients_delivery ON outgoing_recipients (delivery)",
            """
            CREATE TABLE outgoing_comments (
                id {ID}, outgoing_id BIGINT NOT NULL REFERENCES outgoing_documents(id), author TEXT NOT NULL, body TEXT NOT NULL,
                created_at BIGINT NOT NULL)
            """,
            "CREATE INDEX outgoing_comments_document ON outgoing_comments (outgoing_id)",
        ]
    }
}
