/// Migration 12: claims on outbox messages, so that instances sharing the database never send one
/// message together. A pass sets `claimed_by` and `lease_until` on the rows it takes; a row is due
/// when pending and its lease (0: none) has passed, so a crashed sender's rows are retried after it.
enum Migration0012OutboxClaims {
    static let migration = Migration(version: 12, name: "outbox claims") { _ in
        [
            "ALTER TABLE outbox ADD COLUMN claimed_by TEXT",
            "ALTER TABLE outbox ADD COLUMN lease_until BIGINT NOT NULL DEFAULT 0",
        ]
    }
}
