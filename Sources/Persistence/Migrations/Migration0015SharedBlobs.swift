/// Migration 15: files in the shared database, for PostgreSQL deployments of several instances
/// (`BLOB_STORE=database`): a row per content, its bytes in pieces deleted with it. SQLite keeps its
/// files in the data folder (one process), so the tables exist on PostgreSQL only.
enum Migration0015SharedBlobs {
    static let migration = Migration(version: 15, name: "shared blobs") { dialect in
        guard dialect == .postgres else { return [] }
        return [
            """
            CREATE TABLE blobs (sha256 TEXT PRIMARY KEY, size BIGINT NOT NULL, created_at BIGINT NOT NULL,
                touched_at BIGINT NOT NULL)
            """,
            "CREATE INDEX blobs_touched ON blobs (touched_at)",
            """
            CREATE TABLE blob_chunks (sha256 TEXT NOT NULL REFERENCES blobs(sha256) ON DELETE CASCADE, seq INTEGER NOT NULL,
                data BYTEA NOT NULL, PRIMARY KEY (sha256, seq))
            """,
            // Uploads are PDFs and JPEGs, compressed already: stored out of line without a compression attempt.
            "ALTER TABLE blob_chunks ALTER COLUMN data SET STORAGE EXTERNAL",
        ]
    }
}
