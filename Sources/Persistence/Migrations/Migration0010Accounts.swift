/// Migration 10: officer accounts. Failed logins in a row and the back-off they earn; the second
/// factor (sealed secret, last step used) and its recovery codes (hashed, single use); pending
/// logins awaiting a code; citizens' password-reset codes (hashed, short-lived, few attempts).
enum Migration0010Accounts {
    static let migration = Migration(version: 10, name: "officer accounts") { _ in
        [
            "ALTER TABLE officers ADD COLUMN failed_logins INTEGER NOT NULL DEFAULT 0",
            "ALTER TABLE officers ADD COLUMN retry_after BIGINT",
            """
            CREATE TABLE officer_second_factors (officer_id BIGINT PRIMARY KEY REFERENCES officers(id),
                sealed_secret TEXT NOT NULL, last_step BIGINT NOT NULL, enabled_at BIGINT NOT NULL)
            """,
            """
            CREATE TABLE officer_recovery_codes (officer_id BIGINT NOT NULL REFERENCES officers(id), code_hash TEXT NOT NULL,
                used_at BIGINT, PRIMARY KEY (officer_id, code_hash))
            """,
            """
            CREATE TABLE pending_logins (token_hash TEXT PRIMARY KEY, officer_id BIGINT NOT NULL REFERENCES officers(id),
                attempts INTEGER NOT NULL DEFAULT 0, expires_at BIGINT NOT NULL)
            """,
            """
            CREATE TABLE password_resets (id {ID}, citizen_id BIGINT NOT NULL REFERENCES citizens(id), code_hash TEXT NOT NULL,
                attempts INTEGER NOT NULL DEFAULT 0, expires_at BIGINT NOT NULL, used_at BIGINT, created_at BIGINT NOT NULL)
            """,
            "CREATE INDEX password_resets_citizen ON password_resets (citizen_id, created_at)",
        ]
    }
}
