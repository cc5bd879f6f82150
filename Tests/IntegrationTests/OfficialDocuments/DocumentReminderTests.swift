import Domain
import Foundation
import Persistence
import TestSupport
import Testing

/// Reminders of assigned documents through the outbox (one per unit and deadline, two instances
/// running at once) and the late documents per lead unit on the operations dashboard.
@Suite("Official document reminders and late documents")
struct DocumentReminderTests {
    static let mailbox = "vanthu.{agency}@thanhhoa.gov.vn"

    /// The reminder worker of one instance (`holder`) on the test database.
    static func worker(_ database: Database, clock: TestClock, holder: String) -> DocumentReminderService {
        DocumentReminderService(
            reminders: SQLDocumentReminderRepository(database: database), agencies: SQLAgencyRepository(database: database),
            calendars: SQLCalendarRepository(database: database), clock: Clock { clock.now }, daysBefore: 2, mailbox: mailbox,
            holder: holder)
    }

    @Test(
        "two working days before the deadline, the lead unit is reminded once through the outbox, two instances running at once",
        arguments: Backend.available)
    func remindOnce(_ backend: Backend) async throws {
        let clock = TestClock(OfficialDocs.morning)
        try await withApp(backend, clock: clock) { api, db in
            let id = try #require(try await OfficialDocs.register(api, try await api.login("vanthu.ubnd")).id)
            // Thursday 5 March plus 5 working days: Thursday 12 March.
            let assigned = try await OfficialDocs.assign(api, try await api.login("lanhdao.ubnd"), id, lead: "STP", db: db)
            #expect(assigned.status == .seeOther)
            let database = try db.open()
            defer { Task { await database.shutdown() } }
            let one = Self.worker(database, clock: clock, holder: "instance-1")
            let two = Self.worker(database, clock: clock, holder: "instance-2")
            #expect(try await one.runOnce() == 0, "a week before the deadline: no reminder yet")
            // Tuesday 10 March: two working days before the deadline.
            clock.set("2026-03-10T01:00:00Z")
            let queued = try await withThrowingTaskGroup(of: Int.self) { group in
                for worker in [one, two, one, two] { group.addTask { try await worker.runOnce() } }
                return try await group.reduce(0, +)
            }
            #expect(queued == 1)
            #expect(try await two.runOnce() == 0)
            #expect(try await one.runOnce() == 0)
            let recipients = try await OutgoingDocs.strings(
                db, "SELECT recipient AS s FROM outbox WHERE template = 'officialDocumentReminder'")
            #expect(recipients == ["vanthu.stp@thanhhoa.gov.vn"])
            #expect(
                try await OfficialDocs.integers(db, "SELECT COUNT(*) AS n FROM audit_log WHERE action = 'officialDocument.remind'") == [1])
            // Handled documents are not reminded: close it, reassignments aside.
            let closed = try await OfficialDocs.post(
                api, try await api.login("chuyenvien.stp"), "/officer/van-ban/\(id)/hoan-thanh", ["expectedVersion": "2", "note": "Xong"])
            #expect(closed.status == .seeOther)
            #expect(try await one.runOnce() == 0)
        }
    }

    @Test("late documents per lead unit on the dashboard, with an empty state", arguments: Backend.available)
    func lateOnDashboard(_ backend: Backend) async throws {
        let clock = TestClock(OfficialDocs.morning)
        try await withApp(backend, clock: clock) { api, db in
            let admin = try await api.login("quantri")
            let before = try await api.request(.get, "/officer/dieu-hanh", token: admin)
            #expect(PageReading.text(id: "ops-no-late-documents", in: before.text) == "Không có văn bản nào quá hạn xử lý.")
            let clerk = try await api.login("vanthu.ubnd")
            let leader = try await api.login("lanhdao.ubnd")
            for (symbol, lead) in [("1/UBND-VX", "STP"), ("2/UBND-VX", "STP"), ("3/UBND-VX", "SXD")] {
                let id = try #require(try await OfficialDocs.register(api, clerk, ["numberSymbol": symbol]).id)
                #expect(try await OfficialDocs.assign(api, leader, id, lead: lead, db: db).status == .seeOther)
            }
            // Friday 13 March: past the deadline of Thursday 12 March.
            clock.set("2026-03-13T03:00:00Z")
            let after = try await api.request(.get, "/officer/dieu-hanh", token: admin)
            let rows = PageReading.rows(id: "ops-late-documents", in: after.text)
            #expect(rows.count == 2, "\(rows)")
            #expect(rows.first?.contains("2") == true && rows.first?.contains("12/03/2026") == true)
            #expect(rows.first?.first?.contains("Tư pháp") == true)
            let english = try await api.request(.get, "/officer/dieu-hanh?lang=en", token: admin)
            #expect(PageReading.text(id: "main", in: english.text)?.contains("Official documents past their deadline") == true)
        }
    }
}
