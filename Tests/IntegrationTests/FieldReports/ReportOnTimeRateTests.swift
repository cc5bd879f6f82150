import Foundation
import TestSupport
import Testing

/// Issue 18 item 7: the on-time rate of field reports counts the reports still open past their date
/// as late, in the JSON, the CSV and the officers' statistics page; item 4: urgent hazards count in hours.
@Suite("Field-report on-time rate")
struct ReportOnTimeRateTests {
    @Test("an overdue open report is in the denominator: one answered on time, one overdue gives 50%", arguments: Backend.available)
    func overdueCountsAsLate(_ backend: Backend) async throws {
        let clock = TestClock("2026-11-23T09:00:00+07:00")  // a Monday
        try await withApp(backend, clock: clock) { api, _ in
            let leader = try await Reports.oneAnsweredOneOverdue(api, clock: clock)

            let stats = try await api.request(.get, "/api/v1/field-reports/statistics").json
            #expect(stats[path: "total.answered"] as? Int == 1 && stats[path: "total.answeredOnTime"] as? Int == 1)
            #expect(stats[path: "total.overdueOpen"] as? Int == 1)
            #expect(stats[path: "total.onTimePercent"] as? Double == 50.0, "\(stats["total"] ?? "")")
            let csv = try await api.request(.get, "/api/v1/field-reports/statistics.csv")
            #expect(csv.text.contains("total,total,2,1,1,50.0,1,"), "\(csv.text.prefix(300))")
            let page = try await api.request(.get, "/officer/phan-anh/thong-ke", token: leader)
            #expect(PageReading.text(id: "statistics-total", in: page.text)?.contains("50.0%") == true)
        }
    }

    @Test("an urgent hazard (24 hours) received Friday 18:00 is overdue on Saturday 19:00, a day off", arguments: Backend.available)
    func hazardInHours(_ backend: Backend) async throws {
        let clock = TestClock("2026-11-27T18:00:00+07:00")  // a Friday
        try await withApp(backend, clock: clock) { api, _ in
            let browser = BrowserSession(api)
            let hazard = ["categoryCode": "HAZARD", "description": "Dây điện đứt rơi xuống lòng đường Lê Lợi, rất nguy hiểm"]
            let id = try #require(try await Reports.report(browser, hazard).id)
            let leader = try await api.login("lanhdao.hacthanh")
            let report = try await Reports.report(api, leader, id)
            #expect(report["answerBy"] as? String == "2026-11-28" && report["answerDueAt"] as? String == "2026-11-28T11:00:00Z")
            clock.set("2026-11-28T17:59:00+07:00")
            #expect(try await api.request(.get, "/api/v1/field-reports/statistics").json[path: "total.overdueOpen"] as? Int == 0)
            clock.set("2026-11-28T19:00:00+07:00")
            #expect(try await api.request(.get, "/api/v1/field-reports/statistics").json[path: "total.overdueOpen"] as? Int == 1)
            #expect(try await Reports.act(api, leader, id, "accept").status == .ok)
            #expect(try await Reports.act(api, leader, id, "answer", ["note": "Đã cắt điện và nối lại dây."]).status == .ok)
            #expect(try await Reports.report(api, leader, id)["answeredOnTime"] as? Bool == false)
        }
    }
}
