/// Migration 22: sign-in through an external identity provider (VNeID, OpenID Connect). One row per
/// attempt (state, nonce, PKCE verifier; used once, expiring); the provider's subject and the
/// identity level on the account; the level of the account that submitted a dossier online; and
/// the provider's subject unique, so that two instances cannot give one person two accounts.
enum Migration0022ExternalSignIn {
    static let migration = Migration(version: 22, name: "external sign-in") { _ in
        [
            """
            CREATE TABLE sign_in_attempts (state TEXT PRIMARY KEY, nonce TEXT NOT NULL, code_verifier TEXT NOT NULL,
                browser_hash TEXT NOT NULL, next_path TEXT NOT NULL, consented {BOOL} NOT NULL, created_at BIGINT NOT NULL,
                expires_at BIGINT NOT NULL, used_at BIGINT)
            """,
            "CREATE INDEX sign_in_attempts_expiry ON sign_in_attempts (expires_at)",
            "ALTER TABLE citizens ADD COLUMN identity_level INTEGER NOT NULL DEFAULT 0",
            "ALTER TABLE citizens ADD COLUMN identity_provider TEXT",
            "ALTER TABLE citizens ADD COLUMN identity_subject TEXT",
            "CREATE UNIQUE INDEX citizens_identity_subject ON citizens (identity_provider, identity_subject)",
            "ALTER TABLE dossiers ADD COLUMN identity_level INTEGER",
        ]
    }
}
