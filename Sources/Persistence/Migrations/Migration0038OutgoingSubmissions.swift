/// Migration 38: the key a client gives when it drafts an outgoing document through the JSON API (`Idempotency-Key`,
/// stored as `api:<officer>:<key>`). It is unique: a retry of the same creation stores no second draft.
enum Migration0038OutgoingSubmissions {
    static let migration = Migration(version: 38, name: "outgoing submissions") { _ in
        [
            "ALTER TABLE outgoing_documents ADD COLUMN submission_key TEXT",
            "CREATE UNIQUE INDEX outgoing_documents_submission ON outgoing_documents (submission_key)",
        ]
    }
}
