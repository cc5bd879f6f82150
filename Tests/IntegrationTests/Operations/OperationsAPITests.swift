import Domain
import Foundation
import HTTPTypes
import Persistence
import TestSupport
import Testing
import Web

/// The operations centre over HTTP on each database: who may see what, bad input, figures that
/// reconcile with the dossiers, the index and its framework, pages, CSV, the monthly archive.
@Suite("Operations centre")
struct OperationsAPITests {
    static let environment = ["STATISTICS_POLL_SECONDS": "3600"]

    /// Three dossiers at Hạc Thành (one returned early, one late and pending, one pending in time)
    /// and one at Quảng Phú, received in November 2026; the clock ends on 20 Nov.
    static func seed(_ api: APIClient, _ clock: TestClock) async throws -> (late: String, returned: String) {
        let desk = try await api.login("tiepnhan.hacthanh")
        let leader = try await api.login("lanhdao.hacthanh")
        let specialist = try await api.login("chuyenvien.hacthanh")
        let specialistId = try await api.officerId("chuyenvien.hacthanh")
        let (returned, r1) = try await api.receive(desk, Fixtures.receipt("1.000689", commune: "14797"))
        var v = try await api.must(desk, returned, "forward", version: r1)
        v = try await api.must(leader, returned, "assign", version: v, extra: ["assigneeId": specialistId])
        v = try await api.must(specialist, returned, "submitForApproval", version: v)
        v = try await api.must(leader, returned, "approve", version: v)
        _ = try await api.must(desk, returned, "returnResult", version: v)
        let (late, l1) = try await api.receive(desk, Fixtures.receipt("1.000689", commune: "14797"))
        _ = try await api.must(desk, late, "forward", version: l1)
        clock.set("2026-11-20T10:00:00+07:00")
        _ = try await api.receive(desk, Fixtures.receipt("1.000689", commune: "14797"))
        _ = try await api.receive(try await api.login("tiepnhan.quangphu"), Fixtures.receipt("1.000689", commune: "16522"))
        return (late, returned)
    }

    static func project(_ testDB: TestDatabase, _ clock: TestClock) async throws {
        let database = try testDB.open()
        try await StatisticsProjector(database: database).runBesideTheApp(now: clock.now)
        await database.shutdown()
    }

    @Test("leaders see their unit, administrators the province; others are refused", arguments: Backend.available)
    func access(_ backend: Backend) async throws {
        try await withApp(backend, extraEnvironment: Self.environment) { api, _ in
            let admin = try await api.login("quantri")
            let communeLeader = try await api.login("lanhdao.hacthanh")
            let specialist = try await api.login("chuyenvien.hacthanh")
            let stpLeader = try await api.login("lanhdao.stp")
            #expect(try await api.request(.get, "/api/v1/statistics/dashboard").status == .unauthorized)
            #expect(try await api.request(.get, "/api/v1/statistics/dashboard", token: specialist).status == .forbidden)
            #expect(
                try await api.request(.get, "/api/v1/statistics/dashboard", token: admin).json[path: "scope.kind"] as? String == "province")
            let own = try await api.request(.get, "/api/v1/statistics/dashboard", token: communeLeader)
            #expect(own.status == .ok && own.json[path: "scope.kind"] as? String == "agency")
            #expect(
                try await api.request(.get, "/api/v1/statistics/dashboard?scope=commune&unit=14797", token: communeLeader).status == .ok)
            for forbidden in ["scope=province", "scope=commune&unit=16522", "scope=agency&unit=UB16522.H56"] {
                let r = try await api.request(.get, "/api/v1/statistics/dashboard?\(forbidden)", token: communeLeader)
                #expect(r.status == .forbidden, "\(forbidden)")
            }
            #expect(try await api.request(.get, "/api/v1/statistics/service-index/ranking", token: stpLeader).status == .forbidden)
            #expect(try await api.request(.post, "/api/v1/statistics/rebuild", token: stpLeader).status == .forbidden)
            #expect(
                try await api.request(.put, "/api/v1/statistics/service-index/framework", token: stpLeader, json: [:]).status == .forbidden)
        }
    }

    @Test("bad periods, scopes and frameworks are answered 400 in both languages", arguments: Backend.available)
    func badInput(_ backend: Backend) async throws {
        try await withApp(backend, extraEnvironment: Self.environment) { api, _ in
            let admin = try await api.login("quantri")
            for query in [
                "period=2026-13", "period=2026-Q5", "period=abc", "scope=planet", "scope=agency",
                "field=" + String(repeating: "x", count: 50),
            ] {
                let r = try await api.request(.get, "/api/v1/statistics/dashboard?\(query)", token: admin)
                #expect(r.status == .badRequest, "\(query): \(r.status)")
                #expect(r.errorMessages.vi?.isEmpty == false && r.errorMessages.en?.isEmpty == false)
            }
            for unknown in ["scope=commune&unit=99999", "scope=agency&unit=KHONG.CO"] {
                let r = try await api.request(.get, "/api/v1/statistics/dashboard?\(unknown)", token: admin)
                #expect(r.status == .notFound && r.errorCode == "operations.unitNotFound", "\(unknown): \(r.status)")
            }
            // Pages: the language link keeps the filters; an error page keeps the officer's header.
            let page = try await api.request(.get, "/officer/dieu-hanh?period=2026-10&scope=commune&unit=14797", token: admin)
            #expect(page.text.contains("href=\"/officer/dieu-hanh?period=2026-10&amp;scope=commune&amp;unit=14797&amp;lang=en\""))
            let denied = try await api.request(.get, "/officer/dieu-hanh?scope=province", token: try await api.login("lanhdao.hacthanh"))
            #expect(denied.status == .forbidden && denied.text.contains("logout-form"))
            var framework = try await api.request(.get, "/api/v1/statistics/service-index/framework", token: admin).json
            var groups = framework["groups"] as? [[String: Any]] ?? []
            var indicators = groups[0]["indicators"] as? [[String: Any]] ?? []
            indicators[0]["maxPoints"] = 9  // the framework no longer adds up to 100
            groups[0]["indicators"] = indicators
            framework["groups"] = groups
            let r = try await api.request(.put, "/api/v1/statistics/service-index/framework", token: admin, json: framework)
            #expect(r.status == .badRequest && r.errorCode == "scoring.notHundred")
            #expect(try await api.request(.put, "/api/v1/statistics/service-index/framework", token: admin, raw: "{").status == .badRequest)
        }
    }

    @Test("figures reconcile with the dossiers; the index follows its framework", arguments: Backend.available)
    func figures(_ backend: Backend) async throws {
        let clock = TestClock("2026-11-02T09:00:00+07:00")
        try await withApp(backend, clock: clock, extraEnvironment: Self.environment) { api, testDB in
            let (late, _) = try await Self.seed(api, clock)
            let (report, _) = try await Reports.report(BrowserSession(api), ["category": "ROADS"])
            #expect(report != nil)
            try await Self.project(testDB, clock)
            let admin = try await api.login("quantri")
            let dashboard = try await api.request(.get, "/api/v1/statistics/dashboard?period=2026-11", token: admin).json
            #expect(dashboard[path: "flows.received"] as? Int == 4)
            #expect(dashboard[path: "flows.resolved"] as? Int == 1)
            #expect(dashboard[path: "flows.returned"] as? Int == 1)
            #expect(dashboard[path: "pending.pastDeadline"] as? Int == 1)
            #expect(dashboard[path: "pending.withinDeadline"] as? Int == 2)
            #expect((dashboard["late"] as? [[String: Any]])?.map { $0["code"] as? String } == [late])
            let weekly = try await api.request(.get, "/api/v1/statistics/dashboard?period=2026-Q4&trend=week", token: admin).json
            let weeks = weekly["trend"] as? [[String: Any]] ?? []
            #expect(weeks.first?["period"] as? String == "2026-W40" && weeks.count == 14)
            #expect(weeks.reduce(0) { $0 + (($1["flows"] as? [String: Any])?["received"] as? Int ?? 0) } == 4)
            #expect(try await api.request(.get, "/api/v1/statistics/dashboard?trend=hourly", token: admin).status == .badRequest)
            let reports = dashboard["reportsByCategory"] as? [[String: Any]] ?? []
            #expect(reports.map { $0["key"] as? String } == ["ROADS"] && reports.first?[path: "flows.received"] as? Int == 1)
            // The field filter narrows to the procedures of one field.
            let field = try #require(try await api.request(.get, "/api/v1/procedures/1.000689").json["field"] as? String)
            let inField = try await api.request(.get, "/api/v1/statistics/dashboard?period=2026-11&field=\(field)", token: admin).json
            #expect(inField[path: "flows.received"] as? Int == 4 && inField[path: "pending.pastDeadline"] as? Int == 1)
            let otherField = try await api.request(.get, "/api/v1/statistics/dashboard?period=2026-11&field=NONE", token: admin).json
            #expect(otherField[path: "flows.received"] as? Int == 0 && (otherField["late"] as? [Any])?.isEmpty == true)
            let communes = dashboard["communes"] as? [[String: Any]] ?? []
            #expect(Set(communes.compactMap { $0["key"] as? String }) == ["14797", "16522"])
            let trend = dashboard["trend"] as? [[String: Any]] ?? []
            #expect(trend.count == 30 && trend.reduce(0) { $0 + (($1["flows"] as? [String: Any])?["received"] as? Int ?? 0) } == 4)

            // The periodic table: BOM, one row per procedure and agency, totals equal to the dossiers.
            let csv = try await api.request(.get, "/api/v1/statistics/report.csv?period=2026-11", token: admin)
            #expect(csv.headers[.contentType]?.hasPrefix("text/csv") == true && csv.text.hasPrefix("\u{FEFF}"))
            let rows = try CSV.parse(csv.text)
            let total = try #require(rows.last)
            #expect(total[0] == "Σ" && total[4] == "4" && total[6] == "1" && total[11] == "3" && total[12] == "2" && total[13] == "1")
            #expect(rows.count == 4)  // header, Hạc Thành's committee, Quảng Phú's committee, total

            // The index: the shipped framework, then a framework that weighs online dossiers differently.
            let index = try await api.request(.get, "/api/v1/statistics/service-index?period=2026-11", token: admin).json
            let indicators = (index["groups"] as? [[String: Any]] ?? []).flatMap { $0["indicators"] as? [[String: Any]] ?? [] }
            let onTime = try #require(indicators.first { $0["code"] as? String == "G2.1" })
            // One rate over every dossier handled: 1 early + 2 pending within date over 1 decided + 3 pending = 75 % of 20.
            #expect(onTime["points"] as? Double == 15)
            #expect(onTime["formula"] as? String == "min(x / 100, 1) × 20")
            let before = try #require(index["points"] as? Double)
            let history = index["history"] as? [[String: Any]] ?? []
            #expect(
                history.count == 12 && history.first?["period"] as? String == "2025-11" && history.last?["period"] as? String == "2026-10")
            #expect(history.allSatisfy { $0["normalised"] == nil || $0["normalised"] is NSNull })  // nothing happened before November
            let quarter = try await api.request(.get, "/api/v1/statistics/service-index?period=2027-Q1", token: admin).json
            let lastQuarter = (quarter["history"] as? [[String: Any]])?.last
            #expect(lastQuarter?["period"] as? String == "2026-Q4" && lastQuarter?["normalised"] as? Double != nil)

            var framework = try await api.request(.get, "/api/v1/statistics/service-index/framework", token: admin).json
            var groups = framework["groups"] as? [[String: Any]] ?? []
            var g2 = groups[1]["indicators"] as? [[String: Any]] ?? []
            // on time: all or nothing
            g2[0]["rule"] = ["kind": "steps", "steps": [["min": 100, "points": 20], ["min": 0, "points": 0]]]
            groups[1]["indicators"] = g2
            framework["groups"] = groups
            #expect(try await api.request(.put, "/api/v1/statistics/service-index/framework", token: admin, json: framework).status == .ok)
            let after = try await api.request(.get, "/api/v1/statistics/service-index?period=2026-11", token: admin).json
            // 75 % on time gave 15 of 20 points; the step table gives 0.
            #expect(((after["points"] as? Double ?? 0) * 100).rounded() == ((before - 15) * 100).rounded())

            let ranking = try await api.request(.get, "/api/v1/statistics/service-index/ranking?of=commune&period=2026-11", token: admin)
            let ranked =
                ranking.text.isEmpty ? [] : (try JSONSerialization.jsonObject(with: Data(ranking.text.utf8)) as? [[String: Any]] ?? [])
            #expect(ranked.count == 2 && ranked.first?["rank"] as? Int == 1)

            // Rebuilding gives the same dashboard.
            #expect(try await api.request(.post, "/api/v1/statistics/rebuild", token: admin).status == .ok)
            let rebuilt = try await api.request(.get, "/api/v1/statistics/dashboard?period=2026-11", token: admin).json
            #expect(
                NSDictionary(dictionary: rebuilt["flows"] as? [String: Any] ?? [:]).isEqual(
                    to: dashboard["flows"] as? [String: Any] ?? ["x": 1]))
        }
    }

    @Test("pages render with charts, formulas and a printable table; the month is archived once", arguments: Backend.available)
    func pages(_ backend: Backend) async throws {
        let clock = TestClock("2026-11-02T09:00:00+07:00")
        try await withApp(backend, clock: clock, extraEnvironment: Self.environment) { api, testDB in
            _ = try await Self.seed(api, clock)
            try await Self.project(testDB, clock)
            let admin = try await api.login("quantri")
            let dashboard = try await api.request(.get, "/officer/dieu-hanh?period=2026-11", token: admin)
            #expect(dashboard.status == .ok)
            #expect(dashboard.text.contains("<svg") && dashboard.text.contains("data-kpi=\"received\">4<"))
            #expect(dashboard.text.contains("Hồ sơ đang quá hạn"))
            let big = try await api.request(.get, "/officer/dieu-hanh?period=2026-11&screen=big", token: admin)
            #expect(big.headers[HTTPField.Name("Refresh")!] == "60")
            let index = try await api.request(.get, "/officer/dieu-hanh/chi-so-766?period=2026-11&lang=en", token: admin)
            #expect(
                index.status == .ok && index.text.contains("50% or more: 6 points; below that, points in proportion")
                    && index.text.contains("QĐ 766/QĐ-TTg ngày 23/6/2022, Phụ lục, nhóm II")
                    && index.text.contains("not connected to the national population database")
                    && index.text.contains("Communes ranked"))
            let report = try await api.request(.get, "/officer/dieu-hanh/bao-cao?period=2026-11", token: admin)
            #expect(report.status == .ok && report.text.contains("ops-report-total"))
            let pageCSV = try await api.request(.get, "/officer/dieu-hanh/bao-cao?period=2026-11&format=csv", token: admin)
            #expect(pageCSV.text.hasPrefix("\u{FEFF}Cơ quan,"))

            // Once November is over, its province report is archived once (the app's worker archived
            // October at start) and served to those who may see it.
            clock.set("2026-12-01T08:00:00+07:00")
            let database = try testDB.open()
            let statistics = SQLStatisticsRepository(database: database)
            let catalogue = SQLCatalogueRepository(database: database)
            let agencies = SQLAgencyRepository(database: database)
            let operations = OperationsService(
                statistics: statistics, catalogue: catalogue, agencies: agencies, indexStore: SQLServiceIndexStore(database: database))
            let archiver = MonthlyReportArchiver(
                operations: operations, statistics: statistics,
                writer: try PeriodicReportCSVWriter(operations: operations, catalogue: catalogue, agencies: agencies))
            #expect(try await archiver.archivePreviousMonth(now: clock.now) == 1)
            #expect(try await archiver.archivePreviousMonth(now: clock.now) == 0)
            await database.shutdown()
            let listed = try await api.request(.get, "/officer/dieu-hanh/bao-cao?period=2026-11", token: admin).text
            #expect(listed.contains(">Tháng 10/2026<"))
            let link = try #require(
                listed.range(of: #"/officer/dieu-hanh/bao-cao/luu-tru/\d+(?=">Tháng 11/2026<)"#, options: .regularExpression)
                    .map { String(listed[$0]) })
            let file = try await api.request(.get, link, token: admin)
            #expect(file.status == .ok && file.text.hasPrefix("\u{FEFF}") && file.headers[.contentDisposition]?.contains("2026-11") == true)
            #expect(try await api.request(.get, link, token: try await api.login("lanhdao.hacthanh")).status == .notFound)
        }
    }
}
