import Foundation
import Persistence
import TestSupport
import Testing

/// Issue 18 item 7 in the digital-transformation index: the commune's "field reports handled on time" (6.9)
/// counts a report still open past its date as late.
@Suite("DTI field-report on-time rate")
struct DTIReportRateTests {
    @Test("one report answered on time, one overdue and open: sub-index 6.9 reads 50% of 2", arguments: Backend.available)
    func overdueOpenReportIsLate(_ backend: Backend) async throws {
        let clock = TestClock("2026-11-23T09:00:00+07:00")  // a Monday
        try await withApp(backend, clock: clock, extraEnvironment: DTIRoundTests.environment) { api, testDB in
            let leader = try await Reports.oneAnsweredOneOverdue(api, clock: clock)
            let database = try testDB.open()
            try await StatisticsProjector(database: database).runBesideTheApp(now: clock.now)
            await database.shutdown()

            let appraiser = try await api.login("chuyenvien.skhcn")
            let id =
                try await api.request(
                    .post, "/api/v1/dti/rounds", token: appraiser, json: ["year": 2026, "group": "commune", "deadline": "2026-12-31"]
                ).json["id"] as? Int ?? 0
            let unit = try await api.request(.get, "/api/v1/dti/rounds/\(id)/units/14797", token: leader).json
            let rate = (unit[path: "score.subIndices"] as? [[String: Any]] ?? []).first { $0["code"] as? String == "6.9" }
            #expect(rate?["denominator"] as? Double == 2, "\(rate ?? [:])")
            #expect(rate?["value"] as? Double == 50, "\(rate ?? [:])")
        }
    }
}
