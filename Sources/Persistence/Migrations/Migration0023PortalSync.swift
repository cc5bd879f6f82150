/// Migration 23: the status records for the national public-service portal, one per change of a dossier's state (the
/// event's `sequence`), queued in the change's transaction and claimed by the senders like the outbox's messages.
enum Migration0023PortalSync {
    static let migration = Migration(version: 23, name: "national portal sync") { _ in
        [
            """
            CREATE TABLE portal_sync (id {ID}, dossier_id BIGINT NOT NULL REFERENCES dossiers(id), sequence INTEGER NOT NULL,
                dossier_code TEXT NOT NULL, procedure_code TEXT NOT NULL, national_status INTEGER NOT NULL,
                occurred_at BIGINT NOT NULL, received_at BIGINT, due_date TEXT, resolved_at BIGINT, finished_at BIGINT,
                status TEXT NOT NULL, attempts INTEGER NOT NULL, next_attempt_at BIGINT NOT NULL, claimed_by TEXT,
                lease_until BIGINT NOT NULL, last_error TEXT, created_at BIGINT NOT NULL, sent_at BIGINT)
            """,
            "CREATE UNIQUE INDEX portal_sync_change ON portal_sync (dossier_id, sequence)",
            "CREATE INDEX portal_sync_due ON portal_sync (status, next_attempt_at)",
        ]
    }
}
