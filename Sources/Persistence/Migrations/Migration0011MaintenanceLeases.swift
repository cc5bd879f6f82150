/// Migration 11: leases on maintenance passes that one instance at a time may run (the sweep of
/// unreferenced blobs), so two instances sharing the database and the data folder never sweep together.
enum Migration0011MaintenanceLeases {
    static let migration = Migration(version: 11, name: "maintenance leases") { _ in
        ["CREATE TABLE maintenance_leases (name TEXT PRIMARY KEY, holder TEXT NOT NULL, expires_at BIGINT NOT NULL)"]
    }
}
