/// Migration 14: a version per in-process cache (the catalogue, workflows, calendars, agencies, report
/// categories), bumped in the transaction of every change to what it caches, so instances sharing the
/// database drop their copy when it moves.
enum Migration0014CacheVersions {
    static let migration = Migration(version: 14, name: "cache versions") { _ in
        ["CREATE TABLE cache_versions (name TEXT PRIMARY KEY, version BIGINT NOT NULL)"]
    }
}
