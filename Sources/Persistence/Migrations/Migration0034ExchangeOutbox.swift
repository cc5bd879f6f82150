/// Migration 34: the document exchange's sending side (issue 20 item 5). `exchange_peers` lists the systems packages are
/// exchanged with (organisation identifier, endpoint, certificate); `exchange_outbox` queues the packages and statuses for
/// them, claimed by the instances like the notification outbox (`claimed_by`, `lease_until`), retried with a doubling wait,
/// and dead-lettered when the attempts run out or the peer refuses. A status is queued once per package and code.
enum Migration0034ExchangeOutbox {
    static let migration = Migration(version: 34, name: "document exchange outbox") { _ in
        [
            """
            CREATE TABLE exchange_peers (organisation_id TEXT PRIMARY KEY, name TEXT NOT NULL, endpoint TEXT NOT NULL,
                certificate_pem TEXT NOT NULL, updated_at BIGINT NOT NULL)
            """,
            """
            CREATE TABLE exchange_outbox (id {ID}, kind TEXT NOT NULL, peer_id TEXT NOT NULL, package_id TEXT NOT NULL,
                document_id BIGINT REFERENCES official_documents(id), status_code TEXT NOT NULL, description TEXT NOT NULL,
                staff TEXT NOT NULL, occurred_at BIGINT NOT NULL, payload TEXT, status TEXT NOT NULL, attempts INTEGER NOT NULL,
                next_attempt_at BIGINT NOT NULL, claimed_by TEXT, lease_until BIGINT NOT NULL, last_error TEXT,
                created_at BIGINT NOT NULL, sent_at BIGINT)
            """,
            "CREATE UNIQUE INDEX exchange_outbox_item ON exchange_outbox (peer_id, package_id, kind, status_code)",
            "CREATE INDEX exchange_outbox_due ON exchange_outbox (status, next_attempt_at)",
            "CREATE INDEX exchange_outbox_document ON exchange_outbox (document_id)",
        ]
    }
}
