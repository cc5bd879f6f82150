/// Migration 8: marks a database keeps about how it was used. `development` is written when the
/// demo is seeded, so that production refuses a database that ever held the demo (its officers,
/// published keys, and the citizens and dossiers made while trying it).
enum Migration0008DeploymentMarks {
    static let migration = Migration(version: 8, name: "deployment marks") { _ in
        ["CREATE TABLE deployment_marks (name VARCHAR(64) PRIMARY KEY, noted_at BIGINT NOT NULL)"]
    }
}
