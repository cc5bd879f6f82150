import Domain
import Foundation
import SQLKit
import TestSupport
import Testing

@testable import Persistence

/// Migration 21 on a database seeded before it: 2025 and 2026 become confirmed with their notices, and the days the old seed
/// guessed for 2027 (Tết, its compensatory days, 1 September) go; days an administrator entered stay; the stored default workflow
/// gets the source of its national portal status codes.
@Suite("Calendar years migration")
struct CalendarYearsMigrationTests {
    static func storedWorkflow(_ database: Database) async throws -> String? {
        try await database.read { sql -> String? in
            try await sql.raw("SELECT body FROM workflows WHERE code = 'ONE_STOP_DEFAULT'").first()?.decode(column: "body", as: String.self)
        }
    }

    static func strings(_ database: Database, _ query: String, _ column: String) async throws -> [String] {
        try await database.read { sql -> [String] in
            try await sql.raw(SQLQueryString(query)).all().map { try $0.decode(column: column, as: String.self) }
        }
    }

    /// Puts the database back as an old seed left it.
    static func makeOld(_ database: Database) async throws {
        let stored = try #require(try await storedWorkflow(database))
        var old = try #require(try JSONSerialization.jsonObject(with: Data(stored.utf8)) as? [String: Any])
        old.removeValue(forKey: "nationalStatusSource")
        let oldBody = String(decoding: try JSONSerialization.data(withJSONObject: old, options: [.sortedKeys]), as: UTF8.self)
        let guessed: [(String, String)] = [
            ("2027-02-05", "holiday"), ("2027-02-10", "compensatory"), ("2027-09-01", "holiday"), ("2027-03-01", "swapDayOff"),
        ]
        try await database.transaction { sql in
            try await sql.raw("UPDATE workflows SET body = \(bind: oldBody) WHERE code = 'ONE_STOP_DEFAULT'").run()
            try await sql.raw("DELETE FROM calendar_years").run()
            for (date, kind) in guessed {
                try await sql.raw(
                    """
                    INSERT INTO calendar_days (calendar_code, date, kind, name, name_en)
                    VALUES ('VN-CQNN', \(bind: date), \(bind: kind), 'x', 'x')
                    """
                ).run()
            }
        }
    }

    @Test(
        "migration 21 confirms 2025-2026, removes the guessed 2027 days, cites the workflow's status source", arguments: Backend.available)
    func upgradesAnOldSeed(_ backend: Backend) async throws {
        try await withApp(backend) { _, db in
            let database = try db.open()
            try await Self.makeOld(database)
            let statements = Migration0021CalendarYears.migration.statements(database.dialect).dropFirst()
            try await database.transaction { sql in
                for statement in statements { try await sql.raw(SQLQueryString(Migration.render(statement, for: database.dialect))).run() }
            }
            let years = try await Self.strings(
                database, "SELECT CAST(year AS TEXT) AS y FROM calendar_years WHERE calendar_code = 'VN-CQNN' ORDER BY year", "y")
            let citations = try await Self.strings(database, "SELECT citation FROM calendar_years", "citation")
            let days = try await Self.strings(
                database, "SELECT date FROM calendar_days WHERE calendar_code = 'VN-CQNN' AND date LIKE '2027-%' ORDER BY date", "date")
            let body = try await Self.storedWorkflow(database)
            await database.shutdown()
            #expect(years == ["2025", "2026"])
            #expect(citations.allSatisfy { $0.contains("VPCP-KGVX") })
            #expect(days == ["2027-01-01", "2027-03-01", "2027-04-16", "2027-04-30", "2027-05-01", "2027-05-03", "2027-09-02"])
            let upgraded = try JSONDecoder().decode(Workflow.self, from: Data(try #require(body).utf8))
            #expect(upgraded.nationalStatusSource == NationalPortalStatus.source)
            try upgraded.validate()
        }
    }
}
