/// Migration 13: rate limits and login throttles counted in the database, so that the instances
/// sharing a PostgreSQL database share their limits: one row per key and its current window.
/// Only PostgreSQL uses the table (SQLite runs one process, which counts in memory); updates of the
/// count leave the indexed columns alone, so on PostgreSQL they stay heap-only (free space kept).
enum Migration0013RateCounters {
    static let migration = Migration(version: 13, name: "rate counters") { dialect in
        [
            """
            CREATE TABLE rate_counters (
                scope TEXT NOT NULL, subject TEXT NOT NULL, n BIGINT NOT NULL, window_end BIGINT NOT NULL, last_at BIGINT NOT NULL,
                PRIMARY KEY (scope, subject))
            """ + (dialect == .postgres ? " WITH (fillfactor = 70)" : ""),
            "CREATE INDEX rate_counters_window_end ON rate_counters (window_end)",
        ]
    }
}
