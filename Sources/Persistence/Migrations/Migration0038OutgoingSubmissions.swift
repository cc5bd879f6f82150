/// Migration 38: the key a client gives when it drafts an outgoing document through the JSON API (`Idempotency-Key`,
/// stored as `api:<officer>:<key>`). It is unique: a retry of the same creation stores no second draft. `reply_to` is
/// the incoming document a draft answers ("Dự thảo văn bản trả lời"), indexed so that the incoming document shows its
/// replies.
enum Migration0038OutgoingSubmissions {
    static let migration = Migration(version: 38, name: "outgoing submissions and replies") { _ in
        [
            "ALTER TABLE outgoing_documents ADD COLUMN submission_key TEXT",
            "CREATE UNIQUE INDEX outgoing_documents_submission ON outgoing_documents (submission_key)",
            "ALTER TABLE outgoing_documents ADD COLUMN reply_to BIGINT REFERENCES official_documents(id)",
            "CREATE INDEX outgoing_documents_reply_to ON outgoing_documents (reply_to)",
        ]
    }
}
