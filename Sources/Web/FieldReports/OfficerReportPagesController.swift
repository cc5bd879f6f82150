import Domain
import Foundation
import Hummingbird

/// The officers' side of field reports: their agency's queue, intake of hotline and social-network
/// reports, a report's page with every action (moderation included), and the statistics.
struct OfficerReportPagesController: Sendable {
    let service: FieldReportService
    let reports: any FieldReportRepository
    let views: ReportViews
    let uploads: UploadPolicy
    let pages: PageRenderer
    let settings: WebSettings
    let clock: Clock

    var agencies: any AgencyRepository { views.agencies }

    func addRoutes(to groups: RouteGroups) {
        let officers = groups.officers
        officers.on(Routes.officerReports, .get, queue)
        officers.on(Routes.officerNewReport, .get) { _, context in try await intakeForm(context, values: [:], error: nil) }
        officers.on(Routes.officerNewReport, .post, intake)
        officers.on(Routes.officerReportStatistics, .get, statistics)
        officers.on(Routes.officerReport, .get) { _, context in try await detail(try context.parameter("id"), context, error: nil) }
        officers.on(Routes.officerReportAction, .post, act)
    }

    /// Today, local time.
    var today: LocalDate { LocalDate.local(clock.now(), utcOffsetSeconds: Format.offset).date }

    @Sendable func queue(_ request: Request, _ context: OfficerContext) async throws -> Response {
        let officer = context.officer
        let all = request.formQuery["status"] == "all"
        let found = try await reports.list(
            ReportQuery(
                statuses: all ? nil : [.received, .accepted, .assigned, .inProgress],
                agencyId: officer.roles.contains(.admin) && request.formQuery["agency"] == "all" ? nil : officer.agencyId,
                includeHidden: true, limit: 200))
        let today = today
        let categories = try await views.categoryNames(context.language == .en)
        let communes = try await views.communeNames()
        let rows = found.sorted { ($0.answerBy, $0.id) < ($1.answerBy, $1.id) }.map {
            views.row(
                $0, link: Routes.officerReport.link(String($0.id)), categories: categories, communes: communes,
                language: context.language, today: today)
        }
        let page = OfficerReportsPage(
            reports: rows, none: rows.isEmpty, all: all, intakeLink: Routes.officerNewReport.link(),
            statisticsLink: Routes.officerReportStatistics.link(), queueLink: Routes.officerReports.link())
        return try pages.render(page, context: context)
    }

    func intakeForm(_ context: OfficerContext, values: [String: String], error: String?, status: HTTPResponse.Status = .ok) async throws
        -> Response
    {
        var v = values
        if v["submissionKey"] == nil { v["submissionKey"] = Tokens.random() }
        let page = OfficerReportIntakePage(
            values: v, categories: try await views.categoryOptions(context.language == .en, selected: v["categoryCode"]),
            communes: try await views.communeOptions(selected: v["unitCode"]), action: Routes.officerNewReport.link(),
            hotline: v["channel"] != "socialNetwork", error: error)
        return try pages.render(page, context: context, status: status)
    }

    @Sendable func intake(_ request: Request, _ context: OfficerContext) async throws -> Response {
        let officer = context.officer
        let form = try await MultipartForm.read(request, settings: settings, files: ReportForm.maxPhotos)
        let f = form.fields
        let key = f["submissionKey"] ?? Tokens.random()
        guard Tokens.wellFormed(key) else { throw DomainError.invalid("submissionKey") }
        if let done = try await reports.report(token: key) {
            return .redirect(to: Routes.officerReport.link(String(done.id)), type: .normal)
        }
        do {
            guard let channel = f["channel"].flatMap(ReportChannel.init(rawValue:)), [.hotline, .socialNetwork, .officer].contains(channel)
            else {
                throw DomainError.invalid("channel")
            }
            let intake = try ReportForm.intake(f, channel: channel, citizen: nil)
            try await service.check(intake)
            let clean = try ReportForm.cleanPhotos(form, uploads: uploads)
            let photos = try await ReportForm.store(clean, uploads: uploads, now: clock.now())
            let (report, _) = try await service.submit(intake, photos: photos, by: officer, token: key)
            return .redirect(to: Routes.officerReport.link(String(report.id)), type: .normal)
        } catch let error as DomainError {
            return try await intakeForm(context, values: f.fields, error: pages.message(error, context), status: error.kind.status)
        }
    }

    func detail(_ idText: String, _ context: OfficerContext, error: String?, status: HTTPResponse.Status = .ok) async throws -> Response {
        let officer = context.officer
        guard let id = Int64(idText), let r = try await reports.report(id: id),
            r.agencyId == officer.agencyId || officer.roles.contains(.admin)
        else { throw DomainError.notFound("report.notFound") }
        let english = context.language == .en
        let categories = try await views.categoryNames(english)
        let row = views.row(
            r, link: Routes.report.link(String(id)), categories: categories, communes: try await views.communeNames(),
            language: context.language)
        let agency = try await agencies.agency(id: r.agencyId)
        let actions = ReportRules.available(for: r, actor: .officer(officer))
        var page = OfficerReportPage(
            id: r.id, category: row.category, status: row.status, receivedAt: row.receivedAt, answerBy: row.answerBy,
            commune: row.commune, address: row.address, description: r.description,
            publicDescription: r.publicDescription != r.description ? r.publicDescription : nil, answer: r.answer, hidden: r.hidden,
            channel: pages.strings.text("report_channel_\(r.channel.rawValue)", context.language),
            reporter: .init(name: r.reporter.name, phone: r.reporter.phone, email: r.reporter.email, account: r.reporter.citizenId != nil),
            agency: (english ? agency?.nameEn : agency?.name) ?? r.agencyId, acceptBy: Format.day(r.acceptBy),
            map: r.location.map(ReportViews.mapLinks),
            suggestion: r.suggestedCategory.map {
                .init(category: categories[$0] ?? $0, confidence: String(format: "%.0f%%", (r.suggestionConfidence ?? 0) * 100))
            },
            photos: try await reports.photos(reportId: id).map {
                .init(
                    src: Routes.reportPhoto.link(String(id), String($0.documentId)), documentId: $0.documentId, hidden: $0.hidden,
                    ofAnswer: $0.ofAnswer)
            },
            timeline: views.timeline(try await reports.events(reportId: id), publicOnly: false, language: context.language),
            publicLink: Routes.report.link(String(id)), formAction: Routes.officerReportAction.link(String(id)), version: r.version,
            can: Dictionary(actions.map { ($0.rawValue, true) }, uniquingKeysWith: { a, _ in a }), hasActions: !actions.isEmpty,
            error: error)
        try await addChoices(to: &page, report: r, actions: actions, english: english)
        return try pages.render(page, context: context, status: status)
    }

    /// What the forms of the allowed actions offer: specialists, agencies, categories, duplicates.
    func addChoices(to page: inout OfficerReportPage, report r: FieldReport, actions: [ReportAction], english: Bool) async throws {
        if actions.contains(.assign) {
            page.specialists = try await agencies.officers(agencyId: r.agencyId).filter { $0.roles.contains(.specialist) && $0.active }
                .map { .init(id: $0.id, name: $0.fullName) }
        }
        if actions.contains(.forward) {
            page.targets = try await agencies.agencies(kind: nil).filter {
                $0.id != r.agencyId && $0.kind != .communeOneStop && $0.kind != .serviceCentre
            }
            .map { .init(id: $0.id, name: english ? $0.nameEn : $0.name) }
        }
        if actions.contains(.classify) { page.categories = try await views.categoryOptions(english, selected: r.categoryCode) }
        if actions.contains(.merge), let point = r.location {
            page.duplicates = try await reports.nearbyOpen(category: r.categoryCode, point: point, metres: service.duplicateMetres)
                .filter { $0.id != r.id }
                .map {
                    .init(
                        id: $0.id, excerpt: String($0.publicDescription.prefix(80)),
                        distance: Int(($0.location?.distance(to: point) ?? 0).rounded()))
                }
        }
    }

    @Sendable func act(_ request: Request, _ context: OfficerContext) async throws -> Response {
        let officer = context.officer
        let idText = try context.parameter("id")
        guard let id = Int64(idText) else { throw DomainError.notFound("report.notFound") }
        let form = try await MultipartForm.read(request, settings: settings, files: ReportForm.maxPhotos)
        let f = form.fields
        do {
            let name = f["action"] ?? ""
            if name == "hidePhoto" || name == "showPhoto" {
                guard let doc = f["documentId"].flatMap(Int64.init) else { throw DomainError.invalid("documentId") }
                try await service.setPhotoHidden(
                    doc, hidden: name == "hidePhoto", on: id, by: officer, note: f["note"], from: context.clientAddress)
                return .redirect(to: Routes.officerReport.link(idText), type: .normal)
            }
            guard let action = ReportAction(rawValue: name), let version = f["expectedVersion"].flatMap(Int.init) else {
                throw DomainError.invalid("action")
            }
            let request = ReportActionRequest(
                action: action, expectedVersion: version, note: f["note"], assigneeId: f["assigneeId"].flatMap(Int64.init),
                targetAgencyId: f["targetAgencyId"], categoryCode: f["categoryCode"], duplicateOf: f["duplicateOf"].flatMap(Int64.init),
                publicDescription: f["publicDescription"])
            var photos: [Int64] = []
            if action == .answer {
                // Only an officer who may answer the report now stores answer photos.
                guard let report = try await reports.report(id: id) else { throw DomainError.notFound("report.notFound") }
                if let refusal = ReportRules.permits(.answer, report: report, actor: .officer(officer)) { throw refusal }
                let clean = try ReportForm.cleanPhotos(form, uploads: uploads)
                photos = try await ReportForm.store(clean, uploads: uploads, now: clock.now())
            }
            _ = try await service.act(on: id, request, by: .officer(officer), photos: photos, from: context.clientAddress)
            return .redirect(to: Routes.officerReport.link(idText), type: .normal)
        } catch let error as DomainError where error.kind != .notFound {
            return try await detail(idText, context, error: pages.message(error, context), status: error.kind.status)
        }
    }

    @Sendable func statistics(_ request: Request, _ context: OfficerContext) async throws -> Response {
        let english = context.language == .en
        let (from, to) = try ReportAPIController.period(request.formQuery)
        let now = clock.now()
        let stats = try await reports.statistics(
            from: from, to: to, today: LocalDate.local(now, utcOffsetSeconds: Format.offset).date, now: now)
        let categories = try await views.categoryNames(english)
        let communes = try await views.communeNames()
        var agencyNames: [String: String] = [:]
        for row in stats.byAgency { agencyNames[row.key] = try await agencies.agency(id: row.key).map { english ? $0.nameEn : $0.name } }
        func rows(_ list: [ReportStatistics.Row], _ names: [String: String]) -> [OfficerReportStatisticsPage.Line] {
            list.map { r in
                .init(
                    name: names[r.key] ?? (r.key.isEmpty ? "—" : r.key), received: r.received, answered: r.answered,
                    onTime: r.onTimePercent.map { String(format: "%.1f%%", $0) } ?? "—", overdue: r.overdueOpen,
                    hours: r.averageAnswerHours.map { String(format: "%.1f", $0) } ?? "—")
            }
        }
        let statuses = Dictionary(
            ReportStatus.allCases.map { ($0.rawValue, pages.strings.text("report_status_\($0.rawValue)", context.language)) },
            uniquingKeysWith: { a, _ in a })
        var csv = Routes.apiReportStatisticsCSV.link()
        if let f = request.formQuery["from"], let t = request.formQuery["to"] { csv += "?from=\(f)&to=\(t)" }
        let page = OfficerReportStatisticsPage(
            total: rows([stats.total], ["total": pages.strings.text("report_total", context.language)]),
            byCategory: rows(stats.byCategory, categories), byAgency: rows(stats.byAgency, agencyNames),
            byUnit: rows(stats.byUnit, communes), byStatus: rows(stats.byStatus, statuses), byMonth: rows(stats.byMonth, [:]),
            csv: csv, from: request.formQuery["from"] ?? "", to: request.formQuery["to"] ?? "")
        return try pages.render(page, context: context)
    }
}
