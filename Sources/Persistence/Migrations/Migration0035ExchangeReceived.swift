/// Migration 35: the document exchange's receiving side. `exchange_received` records each package received, once per
/// sender and package identifier (a retried package stores nothing more), and the register entry it became;
/// `exchange_statuses` the statuses peers reported about the packages sent to them, once per package and code.
enum Migration0035ExchangeReceived {
    static let migration = Migration(version: 35, name: "document exchange received") { _ in
        [
            """
            CREATE TABLE exchange_received (id {ID}, sender_id TEXT NOT NULL, package_id TEXT NOT NULL,
                document_id BIGINT NOT NULL REFERENCES official_documents(id), received_at BIGINT NOT NULL,
                UNIQUE (sender_id, package_id))
            """,
            "CREATE INDEX exchange_received_document ON exchange_received (document_id)",
            """
            CREATE TABLE exchange_statuses (id {ID}, peer_id TEXT NOT NULL, package_id TEXT NOT NULL, status_code TEXT NOT NULL,
                description TEXT NOT NULL, staff TEXT NOT NULL, occurred_at BIGINT NOT NULL, received_at BIGINT NOT NULL,
                UNIQUE (peer_id, package_id, status_code))
            """,
        ]
    }
}
