import Foundation
import TestSupport
import Testing

/// The service-quality index of one commune for one month, worked by hand indicator by indicator as the annex of
/// Decision 766/QĐ-TTg defines it, over HTTP on each database.
@Suite("Service index as the annex defines it")
struct ServiceIndexAnnexTests {
    static func indicators(_ index: [String: Any]) -> [String: [String: Any]] {
        let list = (index["groups"] as? [[String: Any]] ?? []).flatMap { $0["indicators"] as? [[String: Any]] ?? [] }
        return Dictionary(list.map { ($0["code"] as? String ?? "", $0) }, uniquingKeysWith: { a, _ in a })
    }

    static func points(_ i: [String: [String: Any]], _ code: String) -> Double? { i[code]?["points"] as? Double }

    @Test("a commune's month worked by hand; feedback left unanswered scores 0", arguments: Backend.available)
    func commune(_ backend: Backend) async throws {
        let clock = TestClock("2026-11-02T09:00:00+07:00")
        try await withApp(backend, clock: clock, extraEnvironment: OperationsAPITests.environment) { api, testDB in
            // Hạc Thành (14797): one dossier returned early, one pending past its date, one received on 20 Nov and
            // pending within its date; one waste report (5 working days) received on 20 Nov, not answered.
            _ = try await OperationsAPITests.seed(api, clock)
            let waste = ["categoryCode": "WASTE", "description": "Rác đổ trộm ven đường đã ba ngày"]
            #expect(try await Reports.report(BrowserSession(api), waste).id != nil)
            try await OperationsAPITests.project(testDB, clock)
            let admin = try await api.login("quantri")
            let url = "/api/v1/statistics/service-index?period=2026-11&scope=commune&unit=14797"
            let index = try await api.request(.get, url, token: admin).json
            let i = Self.indicators(index)
            #expect(i.count == 21 && i.values.allSatisfy { ($0["citation"] as? String)?.contains("766/QĐ-TTg") == true })
            #expect(Self.points(i, "G1.2") == 4)  // every procedure of the commune is in the published catalogue: 100 % of 4
            #expect(Self.points(i, "G1.4") == 6)  // 3 of 3 received dossiers trackable by code
            // Progress: (1 early + 1 pending within date) / (1 decided + 2 pending) = 66.67 % of 20 = 13.33.
            #expect(Self.points(i, "G2.1") == 13.33)
            #expect(Self.points(i, "G3.2") == 0)  // no procedure received an online dossier
            #expect(Self.points(i, "G3.3") == 0)  // 0 of 3 submitted online
            #expect(Self.points(i, "G3.1") == 2)  // every procedure offered online (fully or partly): 100 % ≥ 80 %, full 2
            #expect(Self.points(i, "G3.6") == 0)  // no fee paid online: nothing to divide scores 0, never full
            // Counter receipts without scanned documents or documents from the store: 0 of 3 on each.
            #expect(Self.points(i, "G4.2") == 0 && Self.points(i, "G4.3") == 0 && Self.points(i, "G4.4") == 0)
            #expect(Self.points(i, "G4.5") == 0 && Self.points(i, "G4.6") == 0 && Self.points(i, "G4.7") == 0)  // not collected
            // Feedback: 1 received and none answered: 0 of 1 handled on time scores 0 on G5.1 (an agency answering no
            // feedback scores 0); nothing late or overdue yet, so G5.2 keeps (1 − 0) / 1 = 100 %: 6.
            #expect(Self.points(i, "G5.1") == 0 && Self.points(i, "G5.2") == 6)
            #expect((i["G5.1"]?["value"] as? [String: Any])?[path: "rate.denominator"] as? Int == 1)
            // Dossiers: 100 − 1 late (pending past date) / 3 handled − 0 unsatisfied = 66.67 %; 66.67/90 of 6 = 4.44.
            #expect(Self.points(i, "G5.3") == 4.44)
            // The total is the sum of the 21 indicators, out of 100.
            let sum = i.values.reduce(0) { $0 + ($1["points"] as? Double ?? 0) }
            #expect(((index["points"] as? Double ?? -1) * 100).rounded() == (sum * 100).rounded())
            #expect(index["maxPoints"] as? Double == 100)

            // A week later the report is past its answer date and still unanswered: 0 on both feedback indicators.
            clock.set("2026-11-30T10:00:00+07:00")
            let later = Self.indicators(try await api.request(.get, url, token: admin).json)
            #expect(Self.points(later, "G5.1") == 0 && Self.points(later, "G5.2") == 0)
            #expect((later["G5.1"]?["value"] as? [String: Any])?[path: "rate.denominator"] as? Int == 1)
        }
    }

    @Test("the index page shows each indicator's points, value, formula and citation", arguments: Backend.available)
    func page(_ backend: Backend) async throws {
        let clock = TestClock("2026-11-02T09:00:00+07:00")
        try await withApp(backend, clock: clock, extraEnvironment: OperationsAPITests.environment) { api, testDB in
            _ = try await OperationsAPITests.seed(api, clock)
            try await OperationsAPITests.project(testDB, clock)
            let admin = try await api.login("quantri")
            let page = try await api.request(.get, "/officer/dieu-hanh/chi-so-766?period=2026-11&scope=commune&unit=14797", token: admin)
            #expect(page.status == .ok)
            #expect(page.text.contains("id=\"points-G2.1\">13,33 / 20<"))
            #expect(page.text.contains("id=\"citation-G2.1\">QĐ 766/QĐ-TTg ngày 23/6/2022, Phụ lục, nhóm II"))
            #expect(page.text.contains("id=\"note-G4.5\">Nền tảng chưa kết nối Cơ sở dữ liệu quốc gia về dân cư"))
            #expect(page.text.contains("Không phát sinh: đủ 6 điểm"))
        }
    }
}
