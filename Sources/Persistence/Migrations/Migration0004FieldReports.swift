/// Migration 4: field reports (phản ánh hiện trường): categories and the routing table as rows,
/// reports with their append-only history and photos, officers' classification corrections, and
/// the API keys of Open311 clients.
enum Migration0004FieldReports {
    static let migration = Migration(version: 4, name: "field reports") { dialect in
        tables + Migration0001Foundation.appendOnly(["report_events"], dialect)
    }

    static let tables: [String] = [
        "CREATE TABLE report_categories (code TEXT PRIMARY KEY, position INTEGER NOT NULL, body TEXT NOT NULL)",
        """
        CREATE TABLE report_routes (category TEXT NOT NULL REFERENCES report_categories(code), unit_code TEXT NOT NULL,
            agency_id TEXT NOT NULL REFERENCES agencies(id), PRIMARY KEY (category, unit_code))
        """,
        """
        CREATE TABLE field_reports (id {ID}, category TEXT NOT NULL REFERENCES report_categories(code),
            suggested_category TEXT, suggestion_confidence DOUBLE PRECISION, description TEXT NOT NULL,
            public_description TEXT NOT NULL, attributes TEXT NOT NULL, latitude DOUBLE PRECISION, longitude DOUBLE PRECISION,
            unit_code TEXT, address TEXT, channel TEXT NOT NULL, reporter_name TEXT, reporter_phone TEXT, reporter_email TEXT,
            citizen_id BIGINT REFERENCES citizens(id), status TEXT NOT NULL, agency_id TEXT NOT NULL REFERENCES agencies(id),
            assignee_id BIGINT REFERENCES officers(id), version INTEGER NOT NULL, received_at BIGINT NOT NULL,
            received_day TEXT NOT NULL, accept_by TEXT NOT NULL, answer_by TEXT NOT NULL, answer TEXT, status_notes TEXT,
            updated_at BIGINT NOT NULL, answered_at BIGINT,
            answered_on_time {BOOL}, closed_at BIGINT, rating TEXT, duplicate_of BIGINT REFERENCES field_reports(id),
            hidden {BOOL} NOT NULL, escalated {BOOL} NOT NULL, token TEXT UNIQUE)
        """,
        "CREATE INDEX field_reports_agency ON field_reports (agency_id, status, id)",
        "CREATE INDEX field_reports_category ON field_reports (category, status)",
        "CREATE INDEX field_reports_place ON field_reports (latitude, longitude)",
        "CREATE INDEX field_reports_due ON field_reports (status, answer_by)",
        "CREATE INDEX field_reports_day ON field_reports (received_day)",
        """
        CREATE TABLE report_events (id {ID}, report_id BIGINT NOT NULL REFERENCES field_reports(id), action TEXT NOT NULL,
            from_status TEXT, to_status TEXT NOT NULL, actor_id BIGINT, actor_name TEXT NOT NULL, agency_id TEXT NOT NULL,
            note TEXT, is_public {BOOL} NOT NULL, at BIGINT NOT NULL)
        """,
        "CREATE INDEX report_events_report ON report_events (report_id, id)",
        """
        CREATE TABLE report_photos (report_id BIGINT NOT NULL REFERENCES field_reports(id),
            document_id BIGINT NOT NULL REFERENCES documents(id), of_answer {BOOL} NOT NULL, hidden {BOOL} NOT NULL,
            PRIMARY KEY (report_id, document_id))
        """,
        "CREATE TABLE report_training (id {ID}, text TEXT NOT NULL, category TEXT NOT NULL, created_at BIGINT NOT NULL)",
        "CREATE TABLE open311_keys (key_hash TEXT PRIMARY KEY, client TEXT NOT NULL, created_at BIGINT NOT NULL)",
    ]
}
