/// Migration 28: API keys as data. A key belongs to a named client (and optionally an agency), holds
/// scopes from `api_key_scopes`, and is stored only as the SHA-256 of the whole key with a short visible
/// prefix; who created it and when, when it was last used, and when it was revoked.
enum Migration0028APIKeys {
    static let migration = Migration(version: 28, name: "api keys") { _ in
        [
            "CREATE TABLE api_key_scopes (code TEXT PRIMARY KEY, name TEXT NOT NULL, name_en TEXT NOT NULL)",
            """
            INSERT INTO api_key_scopes (code, name, name_en) VALUES
                ('national-portal.inbound', 'Cổng Dịch vụ công quốc gia chuyển hồ sơ đến', 'The national portal hands dossiers over'),
                ('open311.requests', 'Ứng dụng gửi phản ánh qua Open311', 'An application sends field reports through Open311')
            """,
            """
            CREATE TABLE api_keys (id {ID}, client TEXT NOT NULL, agency_id TEXT REFERENCES agencies(id), scopes TEXT NOT NULL,
                prefix TEXT NOT NULL UNIQUE, key_hash TEXT NOT NULL UNIQUE, created_by TEXT NOT NULL, created_at BIGINT NOT NULL,
                last_used_at BIGINT, revoked_at BIGINT)
            """,
        ]
    }
}
