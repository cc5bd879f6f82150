/// Migration 3: the citizen portal. Citizens and their sessions,
/// the document store (content-addressed files) and the documents each dossier uses, drafts,
/// payments, the notification outbox, signing keys and signed results, and ratings.
enum Migration0003CitizenPortal {
    static let migration = Migration(version: 3, name: "citizen portal") { dialect in
        tables + Migration0001Foundation.appendOnly(["payment_notices"], dialect)
    }

    static let tables: [String] = [
        """
        CREATE TABLE citizens (id {ID}, phone TEXT UNIQUE, email TEXT UNIQUE, password_hash TEXT,
            full_name TEXT NOT NULL, birth_date TEXT, id_number TEXT UNIQUE, unit_code TEXT, address TEXT,
            failed_logins INTEGER NOT NULL DEFAULT 0, locked_until BIGINT, created_at BIGINT NOT NULL)
        """,
        """
        CREATE TABLE citizen_sessions (token_hash TEXT PRIMARY KEY, citizen_id BIGINT NOT NULL REFERENCES citizens(id),
            csrf_token TEXT NOT NULL, created_at BIGINT NOT NULL, expires_at BIGINT NOT NULL)
        """,
        "ALTER TABLE dossiers ADD COLUMN citizen_id BIGINT REFERENCES citizens(id)",
        "CREATE INDEX dossiers_citizen ON dossiers (citizen_id, id)",
        """
        CREATE TABLE documents (id {ID}, citizen_id BIGINT REFERENCES citizens(id), sha256 TEXT NOT NULL,
            media_type TEXT NOT NULL, size BIGINT NOT NULL, file_name TEXT NOT NULL, kind TEXT NOT NULL,
            title TEXT NOT NULL, dossier_code TEXT, created_at BIGINT NOT NULL)
        """,
        "CREATE INDEX documents_citizen ON documents (citizen_id, id)",
        "CREATE INDEX documents_sha256 ON documents (sha256)",
        """
        CREATE TABLE dossier_documents (dossier_id BIGINT NOT NULL REFERENCES dossiers(id), requirement INTEGER NOT NULL,
            document_id BIGINT NOT NULL REFERENCES documents(id), reused {BOOL} NOT NULL, PRIMARY KEY (dossier_id, requirement))
        """,
        """
        CREATE TABLE drafts (citizen_id BIGINT NOT NULL REFERENCES citizens(id), procedure_code TEXT NOT NULL,
            body TEXT NOT NULL, updated_at BIGINT NOT NULL, PRIMARY KEY (citizen_id, procedure_code))
        """,
        """
        CREATE TABLE payments (id {ID}, order_id TEXT NOT NULL UNIQUE, dossier_id BIGINT NOT NULL REFERENCES dossiers(id),
            citizen_id BIGINT REFERENCES citizens(id), amount BIGINT NOT NULL, provider TEXT NOT NULL, status TEXT NOT NULL,
            provider_transaction TEXT UNIQUE, created_at BIGINT NOT NULL, paid_at BIGINT)
        """,
        "CREATE INDEX payments_dossier ON payments (dossier_id)",
        """
        CREATE TABLE payment_notices (id {ID}, provider TEXT NOT NULL, nonce TEXT NOT NULL, order_id TEXT NOT NULL,
            outcome TEXT NOT NULL, received_at BIGINT NOT NULL, UNIQUE (provider, nonce))
        """,
        """
        CREATE TABLE outbox (id {ID}, event_id BIGINT, channel TEXT NOT NULL, recipient TEXT NOT NULL,
            template TEXT NOT NULL, params TEXT NOT NULL, language TEXT NOT NULL, status TEXT NOT NULL,
            attempts INTEGER NOT NULL, next_attempt_at BIGINT NOT NULL, last_error TEXT, created_at BIGINT NOT NULL,
            sent_at BIGINT)
        """,
        "CREATE INDEX outbox_due ON outbox (status, next_attempt_at)",
        "CREATE UNIQUE INDEX outbox_event ON outbox (event_id, channel)",
        "CREATE TABLE outbox_relay (name TEXT PRIMARY KEY, last_event_id BIGINT NOT NULL)",
        // Changes made before this migration are not announced again.
        "INSERT INTO outbox_relay (name, last_event_id) SELECT 'dossier_events', COALESCE(MAX(id), 0) FROM dossier_events",
        """
        CREATE TABLE dev_mailbox (id {ID}, outbox_id BIGINT NOT NULL, channel TEXT NOT NULL, recipient TEXT NOT NULL,
            subject TEXT NOT NULL, body TEXT NOT NULL, delivered_at BIGINT NOT NULL)
        """,
        """
        CREATE TABLE signing_keys (owner TEXT PRIMARY KEY, serial TEXT NOT NULL UNIQUE, certificate_pem TEXT NOT NULL,
            sealed_private_key TEXT NOT NULL, created_at BIGINT NOT NULL, revoked_at BIGINT)
        """,
        """
        CREATE TABLE results (dossier_id BIGINT PRIMARY KEY REFERENCES dossiers(id), dossier_code TEXT NOT NULL UNIQUE,
            document_id BIGINT NOT NULL REFERENCES documents(id), sha256 TEXT NOT NULL, agency_id TEXT NOT NULL,
            signature TEXT, certificate_serial TEXT, signed_at BIGINT, revoked_at BIGINT, revoke_reason TEXT)
        """,
        "CREATE INDEX results_sha256 ON results (sha256)",
        """
        CREATE TABLE ratings (dossier_id BIGINT PRIMARY KEY REFERENCES dossiers(id), citizen_id BIGINT NOT NULL REFERENCES citizens(id),
            agency_id TEXT NOT NULL, score TEXT NOT NULL, comment TEXT, created_at BIGINT NOT NULL)
        """,
        "CREATE INDEX ratings_agency ON ratings (agency_id)",
    ]
}
