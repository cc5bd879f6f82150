/// Migration 6: the digital-transformation assessment (DTI). The framework set (frameworks,
/// recognition criteria, appraising agency) as one JSON document; rounds with their frozen
/// framework; each unit's self-assessment and review per sub-index; evidence documents; results
/// frozen at publication; the append-only history of every round; targets per unit and year; and
/// two aggregates the statistics projector keeps: the officers' monthly activity and the pending
/// dossiers per unit.
enum Migration0006DigitalTransformation {
    static let migration = Migration(version: 6, name: "digital transformation") { dialect in
        tables + Migration0001Foundation.appendOnly(["dti_events"], dialect)
    }

    static let tables: [String] = [
        // Kept by the statistics projector: actions per officer and month (officers active on the platform).
        "CREATE TABLE stat_officer_activity (officer_id BIGINT NOT NULL, period TEXT NOT NULL, events BIGINT NOT NULL, PRIMARY KEY (officer_id, period))",
        // Pending dossiers per unit (province, agency, commune) and clock state, whatever their due
        // dates: with the rows of `stat_dossier_open` still to come due (an index range), they give
        // the pending within and past the date without reading the backlog of old due dates.
        """
        CREATE TABLE stat_open_totals (combo TEXT NOT NULL, agency_id TEXT NOT NULL, commune_code TEXT NOT NULL, paused INTEGER NOT NULL,
            dossiers BIGINT NOT NULL, PRIMARY KEY (combo, agency_id, commune_code, paused))
        """,
        "CREATE INDEX stat_dossier_open_due ON stat_dossier_open (combo, paused, due_date)",
        "CREATE TABLE dti_framework_sets (id INTEGER PRIMARY KEY, body TEXT NOT NULL, updated_by TEXT NOT NULL, updated_at BIGINT NOT NULL)",
        """
        CREATE TABLE dti_rounds (id {ID}, year INTEGER NOT NULL, unit_group TEXT NOT NULL, framework TEXT NOT NULL, recognition TEXT,
            deadline TEXT NOT NULL, appraiser_agency TEXT NOT NULL, status TEXT NOT NULL, opened_by TEXT NOT NULL,
            opened_at BIGINT NOT NULL, published_at BIGINT, UNIQUE (year, unit_group))
        """,
        """
        CREATE TABLE dti_entries (round_id BIGINT NOT NULL REFERENCES dti_rounds(id), unit_key TEXT NOT NULL, sub_index TEXT NOT NULL,
            value DOUBLE PRECISION NOT NULL, denominator DOUBLE PRECISION, comment TEXT NOT NULL, evidence TEXT NOT NULL,
            status TEXT NOT NULL, reviewed_value DOUBLE PRECISION, reviewed_denominator DOUBLE PRECISION, review_reason TEXT,
            reviewer TEXT, updated_at BIGINT NOT NULL, PRIMARY KEY (round_id, unit_key, sub_index))
        """,
        """
        CREATE TABLE dti_evidence (document_id BIGINT PRIMARY KEY REFERENCES documents(id),
            round_id BIGINT NOT NULL REFERENCES dti_rounds(id),
            unit_key TEXT NOT NULL, sub_index TEXT NOT NULL)
        """,
        "CREATE INDEX dti_evidence_unit ON dti_evidence (round_id, unit_key)",
        """
        CREATE TABLE dti_results (round_id BIGINT NOT NULL REFERENCES dti_rounds(id), unit_key TEXT NOT NULL,
            total DOUBLE PRECISION NOT NULL,
            rank INTEGER NOT NULL, recognised {BOOL}, body TEXT NOT NULL, PRIMARY KEY (round_id, unit_key))
        """,
        """
        CREATE TABLE dti_events (id {ID}, round_id BIGINT NOT NULL REFERENCES dti_rounds(id), unit_key TEXT, sub_index TEXT,
            action TEXT NOT NULL, actor TEXT NOT NULL, detail TEXT NOT NULL, at BIGINT NOT NULL)
        """,
        "CREATE INDEX dti_events_round ON dti_events (round_id, unit_key, id)",
        """
        CREATE TABLE dti_targets (id {ID}, year INTEGER NOT NULL, unit_group TEXT NOT NULL, unit_key TEXT NOT NULL, kind TEXT NOT NULL,
            minimum_score DOUBLE PRECISION, note TEXT NOT NULL, set_by TEXT NOT NULL, set_at BIGINT NOT NULL, UNIQUE (year, unit_key, kind))
        """,
    ]
}
