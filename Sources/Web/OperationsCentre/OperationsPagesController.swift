import Domain
import Foundation
import HTTPTypes
import Hummingbird

/// The operations centre's pages for leaders: the dashboard of the province, an agency or a
/// commune (with a big-screen mode that refreshes itself), the service-quality index with its
/// formulas and ranking, and the periodic report (printable page, CSV, monthly archive).
struct OperationsPagesController: Sendable {
    let operations: OperationsService
    let statistics: any StatisticsRepository
    let agencies: any AgencyRepository
    let catalogue: any CatalogueRepository
    let views: OperationsViews
    let dti: DTIService
    let pages: PageRenderer
    let now: @Sendable () -> Date

    func addRoutes(to router: Router<AppRequestContext>) {
        router.on(Routes.operations, .get, dashboard)
        router.on(Routes.operationsIndex, .get, index)
        router.on(Routes.operationsReport, .get, report)
        router.on(Routes.operationsArchived, .get, archived)
        router.on(Routes.operationsScript, .get) { _, _ in
            try OperationsController.resource("operations", "js", type: "text/javascript; charset=utf-8")
        }
    }

    func query(_ request: Request, _ context: AppRequestContext) async throws -> OperationsQuery {
        try await OperationsQuery.read(request.formQuery, officer: try context.requireOfficer(), agencies: agencies, now: now())
    }

    /// Filter values shared by the three pages: scopes and units the officer may pick.
    func filters(_ q: OperationsQuery, names: OperationsViews.Names, officer: Officer, language: Language) async throws -> [String: Any] {
        let access = try await OperationsAccess.of(officer, agencies: agencies)
        var units: [[String: Any]] = []
        if access.everything {
            units.append([
                "value": "province|", "name": views.strings.text("ops_province", language), "selected": q.scope.kind == .province,
            ])
            // Commune agencies are reached through their commune; the picker lists the province's.
            for (id, name) in names.agencies.filter({ names.provincialAgencies.contains($0.key) }).sorted(by: { $0.value < $1.value }) {
                units.append(["value": "agency|\(id)", "name": name, "selected": q.scope == StatScope(kind: .agency, key: id)])
            }
            for (code, name) in names.communes.sorted(by: { $0.value < $1.value }) {
                units.append([
                    "value": "commune|\(code)", "name": name,
                    "selected": q.scope == StatScope(kind: .commune, key: code),
                ])
            }
        } else if let agency = access.agency {
            units.append([
                "value": "agency|\(agency.id)", "name": names.agencies[agency.id] ?? agency.id, "selected": q.scope.kind == .agency,
            ])
            if let commune = agency.unitCode {
                units.append([
                    "value": "commune|\(commune)", "name": names.communes[commune] ?? commune, "selected": q.scope.kind == .commune,
                ])
            }
        }
        return [
            "units": units, "period": q.period.description,
            "fields": names.fields.map { ["code": $0.code, "name": $0.name, "selected": $0.code == q.field] },
            "unitName": names.unit(q.scope, province: views.strings.text("ops_province", language)),
            "dashboardLink": Routes.operations.link() + q.queryString(),
            "indexLink": Routes.operationsIndex.link() + q.queryString(),
            "reportLink": Routes.operationsReport.link() + q.queryString(),
            "previousLink": q.queryString(["period": q.period.previous.description]),
            "nextLink": q.queryString([
                "period": StatPeriod(
                    kind: q.period.kind, firstMonth: q.period.firstMonth.adding(q.period.monthCount),
                    lastMonth: q.period.lastMonth.adding(q.period.monthCount)
                ).description
            ]),
        ]
    }

    @Sendable func dashboard(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let q = try await query(request, context)
        let language = context.language
        let d = try await operations.dashboard(q.scope, q.period, field: q.field, today: q.today, grain: q.grain)
        let names = try await views.names(language)
        let trend = views.trend(d, language)
        // Commune agencies are compared in the commune ranking.
        let agencies = views.ranking(
            d.agencies.filter { names.provincialAgencies.contains($0.key) }, names: names.agencies,
            title: views.strings.text("ops_agencies_worst", language), language)
        let communes = views.ranking(d.communes, names: names.communes, title: views.strings.text("ops_communes_worst", language), language)
        let categories = try await views.reportCategories(language)
        var data = try await filters(q, names: names, officer: try context.requireOfficer(), language: language)
        let lateStates = try await stateNames(language)
        data.merge([
            "kpis": views.kpis(d, language), "trendSvg": trend.svg, "trendRows": trend.rows,
            "hasGrains": true,
            "grains": TrendGrain.allCases.map {
                [
                    "value": $0.rawValue, "name": views.strings.text("ops_grain_\($0.rawValue)", language),
                    "selected": $0 == d.trendGrain,
                ]
            },
            "late": d.late.map { l -> [String: Any] in
                [
                    "code": l.code, "link": Routes.dossier.link(l.code), "procedure": names.procedures[l.procedureCode] ?? l.procedureCode,
                    "agency": names.agencies[l.handlingAgencyId] ?? l.handlingAgencyId, "state": lateStates[l.state] ?? l.state,
                    "due": Format.day(l.dueDate), "daysLate": q.today.dayNumber - l.dueDate.dayNumber, "apologized": l.apologized,
                ]
            },
            "hasLate": !d.late.isEmpty,
            "lateProcedures": d.lateProcedures.map { p -> [String: Any] in
                [
                    "name": names.procedures[p.key] ?? p.key, "code": p.key, "late": p.flows[.resolvedLate], "resolved": p.flows[.resolved],
                    "onTime": views.percent(p.flows.onTime.percent, language),
                ]
            },
            "hasLateProcedures": !d.lateProcedures.isEmpty,
            "isProvince": q.scope.kind == .province,
            "agencySvg": agencies.svg, "agencyRows": agencies.rows, "communeSvg": communes.svg, "communeRows": communes.rows,
            "reports": d.reportsByCategory.map { r -> [String: Any] in
                [
                    "name": categories[r.key] ?? r.key, "received": r.flows[.received], "answered": r.flows[.answered],
                    "onTime": views.percent(r.flows.answeredOnTime.percent, language), "overdue": d.reportsOverdue[r.key] ?? 0,
                ]
            },
            "bigScreen": q.bigScreen,
            "bigScreenLink": Routes.operations.link() + q.queryString(["screen": "big"]),
            "apiLink": Routes.apiDashboard.link() + q.queryString(),
            "script": Routes.operationsScript.link(),
            "updatedAt": Format.instant(now()),
            "dtiTargets": try await dtiTargets(q, language: language) as Any,
        ]) { a, _ in a }
        var response = try pages.render("operations-dashboard", data, context: context)
        // The big screen in the operations room reloads itself every minute, script or not.
        if q.bigScreen { response.headers[HTTPField.Name("Refresh")!] = "60" }
        return response
    }

    @Sendable func index(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let q = try await query(request, context)
        let language = context.language
        let english = language == .en
        // The unit's score and, for the province, both rankings are read side by side.
        let province = q.scope.kind == .province
        async let index = operations.serviceIndex(q.scope, q.period, today: q.today)
        async let agencyRanking = province ? operations.indexRanking(.agency, q.period, today: q.today) : []
        async let communeRanking = province ? operations.indexRanking(.commune, q.period, today: q.today) : []
        let (score, history) = try await index
        let names = try await views.names(language)
        var data = try await filters(q, names: names, officer: try context.requireOfficer(), language: language)
        let framework = try await operations.framework()
        data.merge([
            "framework": english ? framework.nameEn : framework.name,
            "total": views.points(score.points, language), "applicable": views.points(score.applicableMax, language),
            "normalised": views.points(score.normalised, language),
            "groups": score.groups.map { g -> [String: Any] in
                [
                    "code": g.code, "name": english ? g.nameEn : g.name, "points": views.points(g.points, language),
                    "max": views.points(g.maxPoints, language),
                    "indicators": g.indicators.map { i -> [String: Any] in
                        var inputs = "\(i.value.rate.numerator) / \(i.value.rate.denominator)"
                        if let extra = i.value.extra {
                            inputs += "; \(views.strings.text("ops_late_share", language)) \(extra.numerator) / \(extra.denominator)"
                        }
                        return [
                            "code": i.code, "name": english ? i.nameEn : i.name,
                            "measure": views.strings.text("measure_\(i.measure.rawValue)", language),
                            "inputs": inputs, "value": views.percent(i.value.percent, language), "formula": i.formula,
                            "points": views.points(i.points, language), "max": views.points(i.maxPoints, language),
                            "noData": i.points == nil,
                        ]
                    },
                ]
            },
            "historySvg": SVGChart.bars(
                title: views.strings.text("ops_index_history", language),
                description: views.strings.text("ops_index_history_desc", language),
                items: history.map { ($0.0.description, $0.1, views.points($0.1, language)) }),
            "history": history.map { ["period": $0.0.description, "score": views.points($0.1, language)] },
        ]) { a, _ in a }
        let (agencies, communes) = try await (agencyRanking, communeRanking)
        if province {
            func rows(_ list: [RankedUnit], _ n: [String: String], kind: StatScope.Kind) -> [[String: Any]] {
                list.map {
                    [
                        "rank": $0.rank, "name": n[$0.key] ?? $0.key, "score": views.points($0.score, language),
                        "points": views.points($0.points, language), "received": $0.flows[.received],
                        "link": Routes.operationsIndex.link() + q.queryString(["scope": kind.rawValue, "unit": $0.key]),
                    ]
                }
            }
            // Commune agencies are ranked among the communes; the provincial ones are ranked again alone.
            data["agencyRanking"] = rows(
                RankedUnit.rank(agencies.filter { names.provincialAgencies.contains($0.key) }), names.agencies,
                kind: .agency)
            data["communeRanking"] = rows(communes, names.communes, kind: .commune)
            data["isProvince"] = true
        }
        return try pages.render("operations-index", data, context: context)
    }

    @Sendable func report(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let q = try await query(request, context)
        let language = context.language
        let report = try await operations.periodicReport(q.scope, q.period, today: q.today)
        let names = try await views.names(language)
        if request.formQuery["format"] == "csv" { return csvResponse(report, names: names, language: language) }
        var data = try await filters(q, names: names, officer: try context.requireOfficer(), language: language)
        func cells(_ r: PeriodicReport.Row) -> [String: Any] {
            [
                "agency": names.agencies[r.agencyId] ?? r.agencyId, "procedure": names.procedures[r.procedureCode] ?? r.procedureCode,
                "code": r.procedureCode, "carried": r.carriedOver, "received": r.received, "online": r.receivedOnline,
                "resolved": r.resolved, "early": r.early, "onTime": r.onTime, "late": r.late, "withdrawn": r.withdrawn,
                "pendingEnd": r.pendingEnd, "within": r.pendingNow.map { "\($0.withinDeadline)" } ?? "—",
                "past": r.pendingNow.map { "\($0.pastDeadline)" } ?? "—", "paused": r.pendingNow.map { "\($0.paused)" } ?? "—",
            ]
        }
        data.merge([
            "rows": report.rows.map(cells), "total": cells(report.total), "isCurrent": report.isCurrent,
            "csvLink": Routes.operationsReport.link() + q.queryString(["format": "csv"]),
            "archive": try await statistics.archivedReports(scope: q.scope, limit: 24).map {
                ["period": $0.period, "link": Routes.operationsArchived.link(String($0.id)), "at": Format.instant($0.generatedAt)]
            },
        ]) { a, _ in a }
        return try pages.render("operations-report", data, context: context)
    }

    @Sendable func archived(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let officer = try context.requireOfficer()
        guard let id = Int64(context.parameters.get("id") ?? ""), let (entry, csv) = try await statistics.archivedReport(id: id) else {
            throw DomainError(.notFound, "http.notFound")
        }
        guard try await OperationsAccess.of(officer, agencies: agencies).allows(entry.scope) else {
            throw DomainError(.notFound, "http.notFound")
        }
        return Self.csv(csv, filename: "bao-cao-\(entry.scope.kind.rawValue)-\(entry.period).csv")
    }

    func csvResponse(_ report: PeriodicReport, names: OperationsViews.Names, language: Language) -> Response {
        let text = report.csv(
            header: Self.header(views.strings, language), agencyName: { names.agencies[$0] ?? $0 },
            procedureName: { names.procedures[$0] ?? $0 })
        return Self.csv(text, filename: "bao-cao-\(report.scope.kind.rawValue)-\(report.period).csv")
    }

    static func header(_ strings: Strings, _ language: Language) -> [String] {
        [
            "agency", "code", "procedure", "carried", "received", "online", "resolved", "early", "onTime", "late", "withdrawn",
            "pendingEnd", "within", "past", "paused",
        ].map { strings.text("ops_col_\($0)", language) }
    }

    static func csv(_ text: String, filename: String) -> Response {
        Response(
            status: .ok, headers: [.contentType: "text/csv; charset=utf-8", .contentDisposition: "attachment; filename=\"\(filename)\""],
            body: .init(byteBuffer: .init(string: text)))
    }

    /// The digital-transformation targets of the period's year that fall in the scope (all of them
    /// for the province), with their status; nil when there are none.
    func dtiTargets(_ q: OperationsQuery, language: Language) async throws -> [String: Any]? {
        let year = q.period.lastMonth.year
        let all = try await dti.targets(year: year).filter { t in
            switch q.scope.kind {
            case .province: true
            case .agency: t.target.group == .department && t.target.unit == q.scope.key
            case .commune: t.target.group == .commune && t.target.unit == q.scope.key
            }
        }
        guard !all.isEmpty else { return nil }
        var names: [String: String] = [:]
        for g in DTIGroup.allCases {
            for u in try await dti.units.units(g) { names[u.key] = language == .en ? u.nameEn : u.name }
        }
        let counts = Dictionary(grouping: all, by: \.status).mapValues(\.count)
        return [
            "title": views.strings.text("ops_dti_targets", language, ["year": String(year)]),
            "counts": DTIService.TargetStatus.allCases.compactMap { s in
                counts[s].map {
                    ["code": s.rawValue, "name": views.strings.text("dti_target_status_\(s.rawValue)", language), "count": $0]
                }
            },
            "rows": all.prefix(30).map { t, status, score -> [String: Any] in
                [
                    "unit": names[t.unit] ?? t.unit, "statusCode": status.rawValue,
                    "kind": views.strings.text(
                        "dti_target_\(t.kind.rawValue)", language, ["score": views.points(t.minimumScore, language)]),
                    "score": views.points(score, language), "status": views.strings.text("dti_target_status_\(status.rawValue)", language),
                ]
            },
            "link": Routes.dtiTargets.link() + "?year=\(year)",
        ]
    }

    /// State names of every workflow in use, for the "held at step" column.
    func stateNames(_ language: Language) async throws -> [String: String] {
        var names: [String: String] = [:]
        for code in Set(try await catalogue.allProcedures().map(\.workflow)) {
            for state in try await catalogue.workflow(code: code)?.states ?? [] {
                names[state.code] = language == .en ? state.nameEn : state.name
            }
        }
        return names
    }
}
