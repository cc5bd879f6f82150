/// Migration 27: the citizen's messages and channels. Each account chooses SMS and e-mail (both on
/// until it chooses); each message about one of its dossiers is kept for the account's list, once
/// per dossier event, whatever the channels. The relay marks every change it has read, so that one
/// that calls for no message (an internal step) is not read again.
enum Migration0027CitizenNotices {
    static let migration = Migration(version: 27, name: "citizen notices") { _ in
        [
            "ALTER TABLE citizens ADD COLUMN notify_sms {BOOL} NOT NULL DEFAULT TRUE",
            "ALTER TABLE citizens ADD COLUMN notify_email {BOOL} NOT NULL DEFAULT TRUE",
            """
            CREATE TABLE citizen_notices (event_id BIGINT PRIMARY KEY, citizen_id BIGINT NOT NULL REFERENCES citizens(id),
                template TEXT NOT NULL, params TEXT NOT NULL, created_at BIGINT NOT NULL)
            """,
            "CREATE INDEX citizen_notices_citizen ON citizen_notices (citizen_id, event_id)",
            "CREATE TABLE relayed_events (event_id BIGINT PRIMARY KEY, relayed_at BIGINT NOT NULL)",
        ]
    }
}
