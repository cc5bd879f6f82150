/// Migration 30: an officer whose password an administrator set (a new account's or a reset one's temporary
/// password) must choose their own at the next login; until then only the change page and logging out answer.
enum Migration0030PasswordChange {
    static let migration = Migration(version: 30, name: "forced password change") { _ in
        ["ALTER TABLE officers ADD COLUMN must_change_password {BOOL} NOT NULL DEFAULT FALSE"]
    }
}
