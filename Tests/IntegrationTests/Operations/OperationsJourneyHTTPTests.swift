import Domain
import Foundation
import HTTPTypes
import TestSupport
import Testing

/// The checks of the operations-centre browser journey (scripts/browser/operations_journey.py)
/// that need no browser: the report's CSV against its page, the big screen's reload header,
/// a commune leader refused the province.
@Suite("Operations journey over HTTP")
struct OperationsJourneyHTTPTests {
    @Test(
        "the report's CSV: text/csv attachment, BOM, Vietnamese headers, a total row equal to its rows and to the page",
        arguments: Backend.available)
    func reportCSV(_ backend: Backend) async throws {
        let clock = TestClock("2026-11-02T09:00:00+07:00")
        try await withApp(backend, clock: clock, extraEnvironment: OperationsAPITests.environment) { api, testDB in
            _ = try await OperationsAPITests.seed(api, clock)
            try await OperationsAPITests.project(testDB, clock)
            let admin = try await api.login("quantri")
            let page = try await api.request(.get, "/officer/dieu-hanh/bao-cao?period=2026-11", token: admin)
            #expect(page.status == .ok)
            let table = PageReading.rows(id: "ops-report-table", in: page.text)
            let pageTotal = PageReading.cells(in: PageReading.inner(id: "ops-report-total", in: page.text) ?? "")
            let pageRows = Array(table.dropLast())  // the last row with cells is the total, in the table's foot
            #expect(table.last == pageTotal && pageRows.count == 2)
            #expect(pageTotal.count > 1 && Int(pageTotal[1]) == pageRows.reduce(0) { $0 + (Int($1[3]) ?? -1) })

            let link = try #require(PageReading.attribute("href", id: "ops-report-csv", in: page.text))
            let csv = try await api.request(.get, link, token: admin)
            #expect(csv.status == .ok && csv.headers[.contentType]?.hasPrefix("text/csv") == true)
            let disposition = csv.headers[.contentDisposition] ?? ""
            #expect(disposition.contains("attachment") && disposition.contains(".csv"), "\(disposition)")
            #expect(csv.bytes.starts(with: [0xEF, 0xBB, 0xBF]))
            let lines = try CSV.parse(csv.text).filter { !$0.isEmpty && $0 != [""] }
            let header = try #require(lines.first)
            for label in ["Cơ quan", "Thủ tục", "Tiếp nhận trong kỳ", "Đã giải quyết"] {
                #expect(header.contains(label), "the CSV's header \(header) has no \(label)")
            }
            let column = try #require(header.firstIndex(of: "Tiếp nhận trong kỳ"))
            let body = lines.dropFirst()
            let total = try #require(body.first { $0.first == "Σ" })
            let rows = body.filter { $0.first != "Σ" }
            let added = rows.reduce(0) { $0 + (Int($1[column]) ?? -1) }
            #expect(Int(total[column]) == added && "\(added)" == pageTotal[1])
            #expect(rows.count == pageRows.count)
        }
    }

    @Test("the desk's dashboard does not reload itself; the big screen sends Refresh: 60", arguments: Backend.available)
    func refresh(_ backend: Backend) async throws {
        try await withApp(backend, extraEnvironment: OperationsAPITests.environment) { api, _ in
            let admin = try await api.login("quantri")
            let refresh = HTTPField.Name("Refresh")!
            let desk = try await api.request(.get, "/officer/dieu-hanh", token: admin)
            #expect(desk.status == .ok && desk.headers[refresh] == nil)
            let big = try await api.request(.get, "/officer/dieu-hanh?screen=big", token: admin)
            #expect(big.status == .ok && big.headers[refresh] == "60")
        }
    }

    @Test("a commune leader asking for the province gets 403, a Vietnamese page with the header, no figures", arguments: Backend.available)
    func leaderRefusedProvince(_ backend: Backend) async throws {
        try await withApp(backend, extraEnvironment: OperationsAPITests.environment) { api, _ in
            let leader = try await api.login("lanhdao.hacthanh")
            let denied = try await api.request(.get, "/officer/dieu-hanh?scope=province", token: leader)
            #expect(denied.status == .forbidden)
            #expect(denied.text.contains("<html lang=\"vi\""))
            #expect(denied.text.contains("Bạn không được xem số liệu của đơn vị này."))
            #expect(!denied.text.contains("ops-kpis") && denied.text.contains("logout-form"))
        }
    }
}
