/// Migration 1: units, agencies, officers, sessions, catalogue, workflows, calendars, dossiers,
/// their append-only history and the append-only audit log.
enum Migration0001Foundation {
    static let migration = Migration(version: 1, name: "foundation") { dialect in
        tables + appendOnly(["dossier_events", "audit_log"], dialect)
    }

    static let tables: [String] = [
        """
        CREATE TABLE unit_trees (code TEXT PRIMARY KEY, name TEXT NOT NULL, levels TEXT NOT NULL,
            valid_from TEXT, valid_to TEXT)
        """,
        """
        CREATE TABLE units (tree TEXT NOT NULL REFERENCES unit_trees(code), code TEXT NOT NULL, name TEXT NOT NULL,
            type TEXT NOT NULL, level TEXT NOT NULL, parent_code TEXT, valid_from TEXT, valid_to TEXT,
            PRIMARY KEY (tree, code))
        """,
        "CREATE INDEX units_parent ON units (tree, parent_code)",
        """
        CREATE TABLE agencies (id TEXT PRIMARY KEY, short_code TEXT UNIQUE, name TEXT NOT NULL, name_en TEXT NOT NULL,
            kind TEXT NOT NULL, unit_code TEXT, parent_id TEXT REFERENCES agencies(id))
        """,
        "CREATE UNIQUE INDEX agencies_commune_kind ON agencies (unit_code, kind)",
        """
        CREATE TABLE officers (id {ID}, username TEXT NOT NULL UNIQUE, password_hash TEXT NOT NULL,
            full_name TEXT NOT NULL, agency_id TEXT NOT NULL REFERENCES agencies(id), roles TEXT NOT NULL,
            active {BOOL} NOT NULL, created_at BIGINT NOT NULL)
        """,
        "CREATE INDEX officers_agency ON officers (agency_id)",
        """
        CREATE TABLE sessions (token_hash TEXT PRIMARY KEY, officer_id BIGINT NOT NULL REFERENCES officers(id),
            csrf_token TEXT NOT NULL, created_at BIGINT NOT NULL, expires_at BIGINT NOT NULL)
        """,
        "CREATE TABLE procedure_fields (code TEXT PRIMARY KEY, name TEXT NOT NULL, name_en TEXT NOT NULL)",
        """
        CREATE TABLE workflows (code TEXT PRIMARY KEY, name TEXT NOT NULL, body TEXT NOT NULL, updated_at BIGINT NOT NULL)
        """,
        """
        CREATE TABLE procedures (code TEXT PRIMARY KEY, name TEXT NOT NULL, search_text TEXT NOT NULL,
            field TEXT NOT NULL REFERENCES procedure_fields(code), level TEXT NOT NULL, processing_days INTEGER NOT NULL,
            online_level TEXT NOT NULL, workflow TEXT NOT NULL REFERENCES workflows(code), body TEXT NOT NULL)
        """,
        """
        CREATE TABLE calendars (code TEXT PRIMARY KEY, name TEXT NOT NULL, name_en TEXT NOT NULL,
            weekend_days TEXT NOT NULL, utc_offset_minutes INTEGER NOT NULL, is_default {BOOL} NOT NULL)
        """,
        """
        CREATE TABLE calendar_days (calendar_code TEXT NOT NULL REFERENCES calendars(code), date TEXT NOT NULL,
            kind TEXT NOT NULL, name TEXT NOT NULL, name_en TEXT NOT NULL, PRIMARY KEY (calendar_code, date))
        """,
        """
        CREATE TABLE dossier_sequences (agency_id TEXT NOT NULL, day TEXT NOT NULL, value INTEGER NOT NULL,
            PRIMARY KEY (agency_id, day))
        """,
        """
        CREATE TABLE dossiers (id {ID}, code TEXT NOT NULL UNIQUE, idempotency_key TEXT UNIQUE,
            procedure_code TEXT NOT NULL REFERENCES procedures(code), workflow_code TEXT NOT NULL, state TEXT NOT NULL,
            version INTEGER NOT NULL, channel TEXT NOT NULL,
            receiving_agency_id TEXT NOT NULL REFERENCES agencies(id), handling_agency_id TEXT NOT NULL REFERENCES agencies(id),
            assignee_id BIGINT REFERENCES officers(id),
            applicant_name TEXT NOT NULL, applicant_id_number TEXT NOT NULL, applicant_phone TEXT NOT NULL,
            applicant_email TEXT, applicant_address TEXT NOT NULL, applicant_unit_code TEXT,
            submitted_at BIGINT NOT NULL, received_at BIGINT, due_date TEXT, legal_due_date TEXT,
            step_started_at BIGINT NOT NULL, step_deadline TEXT, queue_key TEXT NOT NULL,
            resume_state TEXT, paused_legal_days INTEGER, paused_appointment_days INTEGER,
            supplement_count INTEGER NOT NULL, apologized {BOOL} NOT NULL, resolved_at BIGINT, finished_at BIGINT,
            outcome TEXT, timeliness TEXT, fee_amount BIGINT NOT NULL, paid_at BIGINT)
        """,
        "CREATE INDEX dossiers_receiving_queue ON dossiers (receiving_agency_id, state, queue_key, id)",
        "CREATE INDEX dossiers_handling_queue ON dossiers (handling_agency_id, state, queue_key, id)",
        "CREATE INDEX dossiers_state ON dossiers (state)",
        """
        CREATE TABLE dossier_events (id {ID}, dossier_id BIGINT NOT NULL REFERENCES dossiers(id),
            sequence INTEGER NOT NULL, action TEXT NOT NULL, from_state TEXT, to_state TEXT NOT NULL,
            actor_id BIGINT, actor_name TEXT NOT NULL, actor_role TEXT, agency_id TEXT, occurred_at BIGINT NOT NULL,
            note TEXT, step_deadline TEXT, step_timeliness TEXT, next_deadline TEXT,
            handling_agency_id TEXT NOT NULL, assignee_id BIGINT, due_date TEXT, UNIQUE (dossier_id, sequence))
        """,
        """
        CREATE TABLE audit_log (id {ID}, at BIGINT NOT NULL, actor TEXT NOT NULL, action TEXT NOT NULL,
            target TEXT, detail TEXT, ip TEXT)
        """,
    ]

    /// Triggers that refuse UPDATE and DELETE on history tables.
    static func appendOnly(_ tables: [String], _ dialect: Database.Dialect) -> [String] {
        switch dialect {
        case .sqlite:
            return tables.flatMap { t in
                ["UPDATE", "DELETE"].map { op in
                    "CREATE TRIGGER \(t)_no_\(op.lowercased()) BEFORE \(op) ON \(t) BEGIN SELECT RAISE(ABORT, '\(t) is append-only'); END"
                }
            }
        case .postgres:
            return [
                """
                CREATE OR REPLACE FUNCTION motcua_append_only() RETURNS trigger AS $$
                BEGIN RAISE EXCEPTION '% is append-only', TG_TABLE_NAME; END; $$ LANGUAGE plpgsql
                """
            ]
                + tables.map { t in
                    "CREATE TRIGGER \(t)_append_only BEFORE UPDATE OR DELETE ON \(t) FOR EACH ROW EXECUTE FUNCTION motcua_append_only()"
                }
        }
    }
}
