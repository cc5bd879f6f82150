import Foundation
import TestSupport
import Testing

/// The operations pages read by people (issue 19, item 9): whole distinct ticks, percents that
/// do not break, a period picker in words without future periods, empty tables that say so,
/// formulas in words.
@Suite("Dashboard readability")
struct DashboardReadabilityTests {
    /// The y-axis labels of the first column chart of `html` (the trend), top to bottom.
    static func yTicks(_ html: String) -> [String] {
        guard let start = html.range(of: "<svg"), let end = html[start.lowerBound...].range(of: "</svg>") else { return [] }
        return FindingProcedureTests.matches(#"text-anchor="end">([^<]*)</text>"#, in: String(html[start.lowerBound..<end.upperBound]))
    }

    @Test("the trend's y-axis has whole, distinct ticks from 0 (peak 2: 0, 1, 2)", arguments: Backend.available)
    func ticks(_ backend: Backend) async throws {
        let clock = TestClock("2026-11-02T09:00:00+07:00")
        try await withApp(backend, clock: clock, extraEnvironment: OperationsAPITests.environment) { api, testDB in
            _ = try await OperationsAPITests.seed(api, clock)
            try await OperationsAPITests.project(testDB, clock)
            let page = try await api.request(.get, "/officer/dieu-hanh?period=2026-11", token: try await api.login("quantri"))
            #expect(page.status == .ok)
            let ticks = Self.yTicks(page.text)
            let values = ticks.compactMap(Int.init)
            #expect(values.count == ticks.count && ticks.count >= 2, "\(ticks)")
            #expect(Set(values).count == values.count, "repeated ticks \(ticks)")
            #expect(values == values.sorted(by: >) && values.last == 0 && values.first == 2, "\(ticks)")
        }
    }

    @Test("a period picker in words, no link or choice of a future period", arguments: Backend.available)
    func periods(_ backend: Backend) async throws {
        try await withApp(backend, clock: TestClock("2026-11-20T10:00:00+07:00"), extraEnvironment: OperationsAPITests.environment) {
            api, _ in
            let admin = try await api.login("quantri")
            for path in ["/officer/dieu-hanh", "/officer/dieu-hanh/chi-so-766", "/officer/dieu-hanh/bao-cao"] {
                let page = try await api.request(.get, path, token: admin)
                #expect(page.status == .ok, "\(path)")
                #expect(PageReading.attribute("href", id: "ops-next", in: page.text) == nil, "\(path): a link to the next period")
                let picker = try #require(PageReading.inner(id: "ops-period", in: page.text), "\(path): no period picker")
                #expect(page.text.contains("<select id=\"ops-period\" name=\"period\""), "\(path)")
                let values = FindingProcedureTests.matches(#"value="([^"]+)""#, in: picker)
                #expect(values.contains("2026-11") && values.contains("2026-Q4") && values.contains("2026") && values.contains("2026-10"))
                #expect(!values.contains("2026-12") && !values.contains("2027") && !values.contains("2027-Q1"), "\(values)")
                let labels = PageReading.plain(picker)
                #expect(labels.contains("Tháng 11/2026") && labels.contains("Quý IV/2026") && labels.contains("Năm 2026"), "\(labels)")
                #expect(picker.contains("value=\"2026-11\" selected"), "\(path)")
                #expect(!page.text.contains("2026-Q4 hoặc"), "\(path): the typed syntax is still explained")
                #expect(PageReading.text(id: "ops-period-name", in: page.text) == "Tháng 11/2026", "\(path)")
            }
            let past = try await api.request(.get, "/officer/dieu-hanh?period=2026-10", token: admin)
            let next = try #require(PageReading.attribute("href", id: "ops-next", in: past.text))
            #expect(next.contains("period=2026-11"), "\(next)")
            let english = try await api.request(.get, "/officer/dieu-hanh?period=2026-Q3&lang=en", token: admin)
            #expect(PageReading.text(id: "ops-period-name", in: english.text) == "Q3 2026")
        }
    }

    @Test("empty tables say so; percents keep their sign; formulas are written in words", arguments: Backend.available)
    func emptyAndWords(_ backend: Backend) async throws {
        try await withApp(backend, clock: TestClock("2026-11-20T10:00:00+07:00"), extraEnvironment: OperationsAPITests.environment) {
            api, _ in
            let admin = try await api.login("quantri")
            let dashboard = try await api.request(.get, "/officer/dieu-hanh", token: admin).text
            for id in ["ops-no-reports", "ops-no-agencies", "ops-no-communes"] {
                #expect(PageReading.text(id: id, in: dashboard)?.isEmpty == false, "dashboard: no message \(id)")
            }
            #expect(PageReading.rows(id: "ops-reports", in: dashboard).isEmpty)
            let index = try await api.request(.get, "/officer/dieu-hanh/chi-so-766", token: admin).text
            for id in ["ops-no-agency-ranking", "ops-no-commune-ranking"] {
                #expect(PageReading.text(id: id, in: index)?.isEmpty == false, "index: no message \(id)")
            }
            #expect(!index.contains("min(") && !index.contains("<code>"), "a formula written as code")
            let onTime = PageReading.text(id: "formula-G2.1", in: index) ?? ""
            #expect(onTime.contains("20 điểm") && onTime.contains("100 %") && onTime.contains("Tỷ lệ đạt"), "\(onTime)")
            let online = PageReading.text(id: "formula-G3.3", in: index) ?? ""
            #expect(online.contains("Đạt từ 50 % trở lên: 6 điểm"), "\(online)")
            let feedback = PageReading.text(id: "formula-G5.1", in: index) ?? ""
            #expect(feedback.contains("Không phát sinh: đủ 6 điểm"), "\(feedback)")
            let englishIndex = try await api.request(.get, "/officer/dieu-hanh/chi-so-766?lang=en", token: admin).text
            #expect((PageReading.text(id: "formula-G2.1", in: englishIndex) ?? "").contains("20 points"))
            let report = try await api.request(.get, "/officer/dieu-hanh/bao-cao", token: admin).text
            #expect(PageReading.text(id: "ops-report-empty", in: report)?.isEmpty == false)
        }
    }

    @Test("a percent and its sign never break apart (no-break space in Vietnamese)", arguments: Backend.available)
    func percents(_ backend: Backend) async throws {
        let clock = TestClock("2026-11-02T09:00:00+07:00")
        try await withApp(backend, clock: clock, extraEnvironment: OperationsAPITests.environment) { api, testDB in
            _ = try await OperationsAPITests.seed(api, clock)
            try await OperationsAPITests.project(testDB, clock)
            let page = try await api.request(.get, "/officer/dieu-hanh?period=2026-11&screen=big", token: try await api.login("quantri"))
            let kpis = try #require(PageReading.inner(id: "ops-kpis", in: page.text))
            #expect(kpis.contains("\u{00A0}%"), "no percent with a no-break space")
            #expect(!kpis.contains(" %"), "a percent with a breaking space")
        }
    }
}
