/// Migration 17: the instant a field report's answer is due, for categories whose limit counts in hours
/// (urgent hazards: exposed wires, fallen trees across a road). Reports of categories counted in days
/// keep only their due day.
enum Migration0017ReportAnswerHours {
    static let migration = Migration(version: 17, name: "report answer hours") { _ in
        ["ALTER TABLE field_reports ADD COLUMN answer_due_at BIGINT"]
    }
}
