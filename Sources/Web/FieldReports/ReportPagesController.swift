import Domain
import Foundation
import Hummingbird

/// The public side of field reports: the list and a report's page (no personal data), the form
/// to report from a phone, photos, and the reporter's reopening or rating.
struct ReportPagesController: Sendable {
    let service: FieldReportService
    let reports: any FieldReportRepository
    let views: ReportViews
    let uploads: UploadPolicy
    let limiter: RequestRateLimiter
    /// Anonymous photos per address (an hourly, then a daily allowance).
    let photoQuota: [RequestRateLimiter]
    let pages: PageRenderer
    let settings: WebSettings
    let clock: Clock

    func addRoutes(to groups: RouteGroups) {
        groups.open.on(Routes.reports, .get, list)
        groups.open.on(Routes.newReport, .get) { _, context in try await form(context, values: [:], error: nil) }
        groups.open.on(Routes.newReport, .post, submit)
        groups.open.on(Routes.report, .get, detail)
        groups.open.on(Routes.reportPhoto, .get, photo)
        groups.citizens.on(Routes.reportFeedback, .post, feedback)
    }

    @Sendable func list(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let q = request.formQuery
        let english = context.language == .en
        var query = ReportQuery(limit: 50)
        if let category = q["category"] { query.categories = [category] }
        switch q["status"] {
        case "open": query.statuses = ReportStatus.allCases.filter(\.isOpen)
        case "closed": query.statuses = ReportStatus.allCases.filter { !$0.isOpen }
        default: break
        }
        if let unit = q["commune"] {
            guard ReceiptInput.isUnitCode(unit) else { throw DomainError.invalid("commune") }
            query.unitCode = unit
        }
        if let before = q["before"] {
            guard let id = Int64(before) else { throw DomainError.invalid("before") }
            query.before = id
        }
        let found = try await reports.list(query)
        let categories = try await views.categoryNames(english)
        let communes = try await views.communeNames()
        let rows = found.map {
            views.row($0, link: Routes.report.link(String($0.id)), categories: categories, communes: communes, language: context.language)
        }
        var next: String?
        if found.count == query.limit, let last = found.last {
            var parts = ["before=\(last.id)"]
            for key in ["category", "status", "commune"] { if let v = q[key] { parts.append("\(key)=\(v)") } }
            next = Routes.reports.link() + "?" + parts.joined(separator: "&")
        }
        let page = ReportsPage(
            reports: rows, none: rows.isEmpty, next: next, newLink: Routes.newReport.link(),
            categories: try await views.categoryOptions(english, selected: q["category"]),
            communes: try await views.communeOptions(selected: q["commune"]),
            statusOpen: q["status"] == "open", statusClosed: q["status"] == "closed")
        return try pages.render(page, context: context)
    }

    func form(_ context: AppRequestContext, values: [String: String], error: String?, status: HTTPResponse.Status = .ok) async throws
        -> Response
    {
        var v = values
        if let citizen = context.citizen, values.isEmpty {
            v["name"] = citizen.profile.fullName
            v["phone"] = citizen.profile.phone ?? ""
            v["email"] = citizen.profile.email ?? ""
            v["unitCode"] = citizen.profile.unitCode ?? ""
        }
        if v["submissionKey"] == nil { v["submissionKey"] = Tokens.random() }
        let page = ReportFormPage(
            values: v, categories: try await views.categoryOptions(context.language == .en, selected: v["categoryCode"]),
            communes: try await views.communeOptions(selected: v["unitCode"]), action: Routes.newReport.link(),
            error: error, loggedIn: context.citizen != nil, maxMB: settings.maxUploadBytes / (1 << 20))
        return try pages.render(page, context: context, status: status)
    }

    @Sendable func submit(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let form = try await MultipartForm.read(request, settings: settings, files: ReportForm.maxPhotos)
        let f = form.fields
        let key = f["submissionKey"] ?? Tokens.random()
        guard Tokens.wellFormed(key) else { throw DomainError.invalid("submissionKey") }
        if let done = try await reports.report(token: key) { return .redirect(to: Routes.report.link(String(done.id)), type: .normal) }
        guard try await limiter.allow(context.clientKey) else {
            return try await self.form(
                context, values: f.fields, error: pages.message(DomainError(.tooManyRequests, "report.tooMany"), context),
                status: .tooManyRequests)
        }
        do {
            // Checked, cleaned and counted against the address's quota before anything is stored.
            let intake = try ReportForm.intake(f, channel: .web, citizen: context.citizen)
            try await service.check(intake)
            let clean = try ReportForm.cleanPhotos(form, uploads: uploads)
            guard try await RequestRateLimiter.allowAll(photoQuota, context.clientKey, cost: clean.count) else {
                throw DomainError(.tooManyRequests, "report.tooManyPhotos")
            }
            let photos = try await ReportForm.store(clean, uploads: uploads, now: clock.now())
            let (report, nearby) = try await service.submit(intake, photos: photos, by: nil, token: key)
            let similar = nearby.isEmpty ? "" : "&similar=" + nearby.prefix(5).map { String($0.id) }.joined(separator: ",")
            return .redirect(to: Routes.report.link(String(report.id)) + "?new=1" + similar, type: .normal)
        } catch let error as DomainError {
            return try await self.form(context, values: f.fields, error: pages.message(error, context), status: error.kind.status)
        }
    }

    @Sendable func detail(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        guard let id = Int64(try context.parameter("id")), let r = try await reports.report(id: id), !r.hidden else {
            throw DomainError.notFound("report.notFound")
        }
        let english = context.language == .en
        let categories = try await views.categoryNames(english)
        let communes = try await views.communeNames()
        let photos = try await reports.photos(reportId: id).filter { !$0.hidden }
        let q = request.formQuery
        let row = views.row(r, link: Routes.report.link(String(id)), categories: categories, communes: communes, language: context.language)
        let photoLink = { (p: ReportPhoto) in PhotoSource(src: Routes.reportPhoto.link(String(id), String(p.documentId))) }
        var similar: [ReportLink]?
        if let text = q["similar"] {
            let ids = text.split(separator: ",").prefix(5).compactMap { Int64($0) }
            similar = ids.map { ReportLink(id: $0, link: Routes.report.link(String($0))) }
        }
        let page = ReportPage(
            id: row.id, category: row.category, status: row.status, receivedAt: row.receivedAt, answerBy: row.answerBy,
            commune: row.commune, address: row.address, description: r.publicDescription, answer: r.answer,
            answeredAt: r.answeredAt.map(Format.instant), map: r.location.map(ReportViews.mapLinks),
            photos: photos.filter { !$0.ofAnswer }.map(photoLink), answerPhotos: photos.filter(\.ofAnswer).map(photoLink),
            hasPhotos: photos.contains { !$0.ofAnswer }, hasAnswerPhotos: photos.contains(where: \.ofAnswer),
            timeline: views.timeline(try await reports.events(reportId: id), publicOnly: true, language: context.language),
            isNew: q["new"] == "1", duplicateOf: r.duplicateOf.map { ReportLink(id: $0, link: Routes.report.link(String($0))) },
            similar: similar, hasSimilar: similar.map { !$0.isEmpty }, feedback: feedback(r, context),
            rating: r.rating.map { pages.strings.text("rating_\($0.rawValue)", context.language) })
        return try pages.render(page, context: context)
    }

    /// The reporter's forms on their own report: reopen an answer, rate it.
    func feedback(_ r: FieldReport, _ context: AppRequestContext) -> ReportPage.Feedback? {
        guard let citizen = context.citizen, r.reporter.citizenId == citizen.id else { return nil }
        let actions = ReportRules.available(for: r, actor: .reporter(citizen))
        guard actions.contains(.reopen) || actions.contains(.rate) else { return nil }
        return ReportPage.Feedback(
            action: Routes.reportFeedback.link(String(r.id)), version: r.version,
            canReopen: actions.contains(.reopen) && r.answeredAt != nil, canRate: actions.contains(.rate) && r.rating == nil)
    }

    /// A photo of a report, while neither it nor the report is hidden (officers of the agency see all).
    @Sendable func photo(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        guard let id = Int64(try context.parameter("id")), let doc = Int64(try context.parameter("doc")),
            let report = try await reports.report(id: id),
            let photo = try await reports.photos(reportId: id).first(where: { $0.documentId == doc })
        else {
            throw DomainError.notFound("document.notFound")
        }
        let officerOfAgency = context.officer.map { $0.agencyId == report.agencyId || $0.roles.contains(.admin) } ?? false
        guard officerOfAgency || (!report.hidden && !photo.hidden),
            let document = try await uploads.documents.document(id: doc), let body = try await uploads.blobs.body(document.sha256)
        else {
            throw DomainError.notFound("document.notFound")
        }
        return Response(
            status: .ok, headers: [.contentType: document.mediaType.rawValue, .cacheControl: "private, max-age=300"], body: body)
    }

    /// The reporter reopens the report (with a reason) or rates the answer.
    @Sendable func feedback(_ request: Request, _ context: CitizenRequestContext) async throws -> Response {
        guard let id = Int64(try context.parameter("id")) else { throw DomainError.notFound("report.notFound") }
        let form = try await FormData.read(request, limit: settings.maxBodyBytes)
        guard let version = form["version"].flatMap(Int.init) else { throw DomainError.invalid("version") }
        let request: ReportActionRequest
        switch form["intent"] {
        case "reopen": request = ReportActionRequest(action: .reopen, expectedVersion: version, note: form["note"])
        case "rate":
            guard let score = form["score"].flatMap(RatingScore.init(rawValue:)) else { throw DomainError.invalid("score") }
            request = ReportActionRequest(action: .rate, expectedVersion: version, score: score)
        default: throw DomainError.invalid("intent")
        }
        _ = try await service.act(on: id, request, by: .reporter(context.citizen))
        return .redirect(to: Routes.report.link(String(id)), type: .normal)
    }
}
