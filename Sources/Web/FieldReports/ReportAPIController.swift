import Domain
import Foundation
import Hummingbird

/// The field-report API: statistics (JSON and CSV, public: no personal data), categories and the
/// routing table (administrators change them), actions for officers' tools, the category suggestion.
struct ReportAPIController: Sendable {
    let service: FieldReportService
    let reports: any FieldReportRepository
    let settings: WebSettings
    let clock: Clock

    func addRoutes(to groups: RouteGroups) {
        groups.open.on(Routes.apiReportStatistics, .get, statistics)
        groups.open.on(Routes.apiReportStatisticsCSV, .get, statisticsCSV)
        groups.open.on(Routes.apiReportCategories, .get) { _, _ in try JSONCoding.response(["items": try await service.categories()]) }
        groups.administrators.on(Routes.apiReportCategory, .put, saveCategory)
        groups.officers.on(Routes.apiReportRoutes, .get, routes)
        groups.administrators.on(Routes.apiReportRoutes, .put, setRoute)
        groups.officers.on(Routes.apiReport, .get, one)
        groups.officers.on(Routes.apiReportActions, .post, act)
        groups.open.on(Routes.apiReportSuggestion, .get, suggestion)
        groups.administrators.on(Routes.apiReportEscalations, .post, escalate)
    }

    /// Runs the escalation of overdue reports now (the worker also runs it periodically).
    @Sendable func escalate(_ request: Request, _ context: AdminContext) async throws -> Response {
        let moved = try await service.escalateOverdue(by: AuditActor(context.officer, address: context.clientAddress))
        return try JSONCoding.response(["escalated": moved])
    }

    /// `from` and `to` (YYYY-MM-DD, local days, both included) of a statistics request.
    static func period(_ q: FormData) throws -> (Date?, Date?) {
        func day(_ key: String) throws -> LocalDate? {
            guard let text = q[key] else { return nil }
            guard let day = LocalDate(iso: text) else { throw DomainError.invalid(key) }
            return day
        }
        let from = try day("from")
        let to = try day("to")
        if let from, let to, from > to { throw DomainError.invalid("from") }
        return (
            from.map { $0.startInstant(utcOffsetSeconds: Format.offset) },
            to.map { $0.startInstant(utcOffsetSeconds: Format.offset).addingTimeInterval(86_400 - 0.001) }
        )
    }

    func compute(_ request: Request) async throws -> ReportStatistics {
        let (from, to) = try Self.period(request.formQuery)
        let now = clock.now()
        return try await reports.statistics(from: from, to: to, today: LocalDate.local(now, utcOffsetSeconds: Format.offset).date, now: now)
    }

    @Sendable func statistics(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        try JSONCoding.response(StatisticsView(try await compute(request)))
    }

    /// One table: dimension, key, and the figures of each group (UTF-8 with a byte-order mark for spreadsheets).
    @Sendable func statisticsCSV(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let s = try await compute(request)
        var rows = [
            ["dimension", "key", "received", "answered", "answered_on_time", "on_time_percent", "overdue_open", "average_answer_hours"]
        ]
        for (dimension, list) in [
            ("total", [s.total]), ("category", s.byCategory), ("agency", s.byAgency), ("commune", s.byUnit),
            ("status", s.byStatus), ("month", s.byMonth),
        ] {
            for r in list {
                rows.append([
                    dimension, r.key, String(r.received), String(r.answered), String(r.answeredOnTime),
                    r.onTimePercent.map { String($0) } ?? "", String(r.overdueOpen), r.averageAnswerHours.map { String($0) } ?? "",
                ])
            }
        }
        return Response(
            status: .ok,
            headers: [
                .contentType: "text/csv; charset=utf-8",
                .contentDisposition: "attachment; filename=\"motcua-field-reports.csv\"",
            ],
            body: .init(byteBuffer: .init(string: CSV.byteOrderMark + CSV.write(rows))))
    }

    @Sendable func saveCategory(_ request: Request, _ context: AdminContext) async throws -> Response {
        let category = try await JSONCoding.decode(ReportCategory.self, from: request, limit: settings.maxBodyBytes)
        guard category.code == (try context.parameter("code")) else { throw DomainError.invalid("code") }
        try await service.saveCategory(category, by: AuditActor(context.officer, address: context.clientAddress))
        return try JSONCoding.response(category)
    }

    struct RouteRow: Codable, Sendable {
        let category: String
        let unitCode: String?
        let agencyId: String
    }

    @Sendable func routes(_ request: Request, _ context: OfficerContext) async throws -> Response {
        try JSONCoding.response([
            "items": try await reports.routes().map { RouteRow(category: $0.category, unitCode: $0.unitCode, agencyId: $0.agencyId) }
        ])
    }

    @Sendable func setRoute(_ request: Request, _ context: AdminContext) async throws -> Response {
        let row = try await JSONCoding.decode(RouteRow.self, from: request, limit: 16 << 10)
        try await service.setRoute(
            category: row.category, unitCode: row.unitCode, agencyId: row.agencyId,
            by: AuditActor(context.officer, address: context.clientAddress))
        return try JSONCoding.response(row)
    }

    /// A report with its history, for officers of its agency.
    @Sendable func one(_ request: Request, _ context: OfficerContext) async throws -> Response {
        let officer = context.officer
        guard let id = Int64(try context.parameter("id")), let report = try await reports.report(id: id),
            report.agencyId == officer.agencyId || officer.roles.contains(.admin)
        else { throw DomainError.notFound("report.notFound") }
        return try JSONCoding.response(ReportView(report, events: try await reports.events(reportId: id)))
    }

    @Sendable func act(_ request: Request, _ context: OfficerContext) async throws -> Response {
        guard let id = Int64(try context.parameter("id")) else { throw DomainError.notFound("report.notFound") }
        let body = try await JSONCoding.decode(ReportActionRequest.self, from: request, limit: settings.maxBodyBytes)
        let report = try await service.act(on: id, body, by: .officer(context.officer), from: context.clientAddress)
        return try JSONCoding.response(ReportView(report))
    }

    @Sendable func suggestion(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        guard let text = request.formQuery["text"], text.count <= ReportRules.maxText else { throw DomainError.invalid("text", "required") }
        guard let (category, confidence) = try await service.suggest(text) else {
            return try JSONCoding.response(["category": nil as String?])
        }
        return try JSONCoding.response(SuggestionView(category: category, confidence: (confidence * 1000).rounded() / 1000))
    }
}

/// A suggested category.
struct SuggestionView: Encodable, Sendable {
    let category: String
    let confidence: Double
}

/// A report as officers' tools see it (the reporter's contact included), with its history.
struct ReportView: Encodable, Sendable {
    let report: FieldReport
    let events: [ReportEvent]?
    init(_ report: FieldReport, events: [ReportEvent]? = nil) {
        self.report = report
        self.events = events
    }
}

/// Statistics with the derived averages and rates.
struct StatisticsView: Encodable, Sendable {
    struct Row: Encodable, Sendable {
        let key: String, received: Int, answered: Int, answeredOnTime: Int, overdueOpen: Int
        let onTimePercent: Double?, averageAnswerHours: Double?
        init(_ r: ReportStatistics.Row) {
            key = r.key
            received = r.received
            answered = r.answered
            answeredOnTime = r.answeredOnTime
            overdueOpen = r.overdueOpen
            onTimePercent = r.onTimePercent
            averageAnswerHours = r.averageAnswerHours
        }
    }
    let total: Row, byCategory: [Row], byAgency: [Row], byUnit: [Row], byStatus: [Row], byMonth: [Row]
    init(_ s: ReportStatistics) {
        total = Row(s.total)
        byCategory = s.byCategory.map(Row.init)
        byAgency = s.byAgency.map(Row.init)
        byUnit = s.byUnit.map(Row.init)
        byStatus = s.byStatus.map(Row.init)
        byMonth = s.byMonth.map(Row.init)
    }
}
