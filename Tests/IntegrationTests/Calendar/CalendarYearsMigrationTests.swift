import Foundation
import SQLKit
import TestSupport
import Testing

@testable import Persistence

/// Migration 21 on a database seeded before it: 2025 and 2026 become confirmed with their notices, and the days the old seed
/// guessed for 2027 (Tết, its compensatory days, 1 September) go; days an administrator entered stay.
@Suite("Calendar years migration")
struct CalendarYearsMigrationTests {
    @Test("migration 21 confirms 2025-2026 and removes the guessed 2027 days", arguments: Backend.available)
    func upgradesAnOldSeed(_ backend: Backend) async throws {
        try await withApp(backend) { _, db in
            let database = try db.open()
            try await database.transaction { sql in
                try await sql.raw("DELETE FROM calendar_years").run()
                for (date, kind) in [
                    ("2027-02-05", "holiday"), ("2027-02-10", "compensatory"), ("2027-09-01", "holiday"), ("2027-03-01", "swapDayOff"),
                ] {
                    try await sql.raw(
                        """
                        INSERT INTO calendar_days (calendar_code, date, kind, name, name_en)
                        VALUES ('VN-CQNN', \(bind: date), \(bind: kind), 'x', 'x')
                        """
                    ).run()
                }
            }
            let statements = Migration0021CalendarYears.migration.statements(database.dialect).dropFirst()
            try await database.transaction { sql in
                for statement in statements { try await sql.raw(SQLQueryString(Migration.render(statement, for: database.dialect))).run() }
            }
            let (years, days) = try await database.read { sql in
                (
                    try await sql.raw("SELECT year, citation FROM calendar_years WHERE calendar_code = 'VN-CQNN' ORDER BY year").all(),
                    try await sql.raw("SELECT date FROM calendar_days WHERE calendar_code = 'VN-CQNN' AND date LIKE '2027-%' ORDER BY date")
                        .all()
                )
            }
            await database.shutdown()
            #expect(try years.map { try $0.decode(column: "year", as: Int.self) } == [2025, 2026])
            #expect(try years.allSatisfy { try $0.decode(column: "citation", as: String.self).contains("VPCP-KGVX") })
            #expect(
                try days.map { try $0.decode(column: "date", as: String.self) } == [
                    "2027-01-01", "2027-03-01", "2027-04-16", "2027-04-30", "2027-05-01", "2027-05-03", "2027-09-02",
                ])
        }
    }
}
