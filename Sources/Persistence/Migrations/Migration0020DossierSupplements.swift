/// Migration 20: a citizen's online answers to supplement requests. One answer per request
/// (`round`, the dossier's supplement count when it was asked) with the answer form's key (a retry
/// finds it) and the message; the documents sent with it, each once.
enum Migration0020DossierSupplements {
    static let migration = Migration(version: 20, name: "dossier supplements") { _ in
        [
            """
            CREATE TABLE dossier_supplements (dossier_id BIGINT NOT NULL REFERENCES dossiers(id), round INTEGER NOT NULL,
                submission_key TEXT NOT NULL, message TEXT, created_at BIGINT NOT NULL, PRIMARY KEY (dossier_id, round))
            """,
            "CREATE UNIQUE INDEX dossier_supplements_key ON dossier_supplements (dossier_id, submission_key)",
            """
            CREATE TABLE dossier_supplement_documents (dossier_id BIGINT NOT NULL, round INTEGER NOT NULL,
                document_id BIGINT NOT NULL REFERENCES documents(id), reused {BOOL} NOT NULL,
                PRIMARY KEY (dossier_id, round, document_id),
                FOREIGN KEY (dossier_id, round) REFERENCES dossier_supplements (dossier_id, round))
            """,
            "CREATE INDEX dossier_supplement_documents_document ON dossier_supplement_documents (document_id)",
        ]
    }
}
