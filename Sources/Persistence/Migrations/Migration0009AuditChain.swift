/// Migration 9: the tamper-evident audit log. Each line carries its place in the chain (`seq`), the
/// number of identical refusals it stands for (`occurrences`), the previous line's hash and its own;
/// signed anchors record the chain's head every period. On PostgreSQL a statement trigger refuses
/// `TRUNCATE`, which row triggers do not see.
enum Migration0009AuditChain {
    static let migration = Migration(version: 9, name: "audit chain") { dialect in
        [
            "ALTER TABLE audit_log ADD COLUMN seq BIGINT",
            "ALTER TABLE audit_log ADD COLUMN occurrences BIGINT NOT NULL DEFAULT 1",
            "ALTER TABLE audit_log ADD COLUMN prev_hash TEXT",
            "ALTER TABLE audit_log ADD COLUMN hash TEXT",
            "CREATE UNIQUE INDEX audit_log_seq ON audit_log (seq)",
            """
            CREATE TABLE audit_anchors (period BIGINT PRIMARY KEY, seq BIGINT NOT NULL, head_hash TEXT NOT NULL,
                at BIGINT NOT NULL, certificate_serial TEXT NOT NULL, signature TEXT NOT NULL)
            """,
        ] + Migration0001Foundation.appendOnly(["audit_anchors"], dialect) + noTruncate(dialect)
    }

    /// PostgreSQL: `TRUNCATE` of a history table is refused (SQLite has no `TRUNCATE`).
    static func noTruncate(_ dialect: Database.Dialect) -> [String] {
        guard dialect == .postgres else { return [] }
        return [
            """
            CREATE OR REPLACE FUNCTION motcua_no_truncate() RETURNS trigger AS $$
            BEGIN RAISE EXCEPTION '% is append-only: TRUNCATE refused', TG_TABLE_NAME; END; $$ LANGUAGE plpgsql
            """
        ]
            + ["audit_log", "audit_anchors", "dossier_events"].map { t in
                "CREATE TRIGGER \(t)_no_truncate BEFORE TRUNCATE ON \(t) FOR EACH STATEMENT EXECUTE FUNCTION motcua_no_truncate()"
            }
    }
}
