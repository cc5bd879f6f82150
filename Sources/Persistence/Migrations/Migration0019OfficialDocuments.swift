/// Migration 19: the registers of official documents (sổ văn bản đến / đi, Decree 30/2020/NĐ-CP).
/// `document_registers` is one row per agency, direction and year holding the last number given:
/// a registration increments it in its own transaction, so numbers have no gap and no duplicate on
/// either engine. `official_document_units` lists the lead and coordinating units of an assigned
/// document (what each unit sees); `official_document_files` its scans in the document store. A form's
/// `submission_key` is unique: a second submission of the same form registers nothing more.
enum Migration0019OfficialDocuments {
    static let migration = Migration(version: 19, name: "official documents") { _ in
        [
            """
            CREATE TABLE document_registers (
                id {ID}, agency_id TEXT NOT NULL REFERENCES agencies(id), direction TEXT NOT NULL, year INTEGER NOT NULL,
                last_number BIGINT NOT NULL, UNIQUE (agency_id, direction, year))
            """,
            """
            CREATE TABLE official_documents (
                id {ID}, register_id BIGINT NOT NULL REFERENCES document_registers(id), number BIGINT NOT NULL,
                number_symbol TEXT NOT NULL, type_code TEXT NOT NULL, document_date TEXT NOT NULL, issuer TEXT NOT NULL,
                summary TEXT NOT NULL, signer TEXT, urgency TEXT NOT NULL, confidentiality TEXT NOT NULL, recipients TEXT,
                deadline TEXT, received_at BIGINT NOT NULL, registered_by TEXT NOT NULL, status TEXT NOT NULL,
                lead_agency_id TEXT REFERENCES agencies(id), instruction TEXT, assigned_by TEXT, assigned_at BIGINT,
                handling_note TEXT, handled_by TEXT, handled_at BIGINT, search_text TEXT NOT NULL, version INTEGER NOT NULL,
                submission_key TEXT, UNIQUE (register_id, number))
            """,
            "CREATE UNIQUE INDEX official_documents_submission ON official_documents (submission_key)",
            """
            CREATE TABLE official_document_units (
                document_id BIGINT NOT NULL REFERENCES official_documents(id), agency_id TEXT NOT NULL REFERENCES agencies(id),
                lead {BOOL} NOT NULL, PRIMARY KEY (document_id, agency_id))
            """,
            "CREATE INDEX official_document_units_agency ON official_document_units (agency_id)",
            """
            CREATE TABLE official_document_files (
                document_id BIGINT NOT NULL REFERENCES official_documents(id), file_id BIGINT NOT NULL REFERENCES documents(id),
                PRIMARY KEY (document_id, file_id))
            """,
        ]
    }
}
