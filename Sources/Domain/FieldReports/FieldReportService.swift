import Foundation

/// What a reporter sends: the category (or none, then the classifier's suggestion is used),
/// the text, where, and how to reach them.
public struct ReportIntake: Codable, Sendable, Hashable {
    public var categoryCode: String?
    public var description: String
    public var attributes: [String: String]
    public var location: GeoPoint?
    public var unitCode: String?
    public var address: String?
    public var channel: ReportChannel
    public var reporter: ReporterContact

    public init(
        categoryCode: String?, description: String, attributes: [String: String] = [:], location: GeoPoint?, unitCode: String?,
        address: String?, channel: ReportChannel, reporter: ReporterContact
    ) {
        self.categoryCode = categoryCode
        self.description = description
        self.attributes = attributes
        self.location = location
        self.unitCode = unitCode
        self.address = address
        self.channel = channel
        self.reporter = reporter
    }

    /// Checks the text, the place (coordinates in Vietnam, or a commune, or an address), the contact.
    public func validate() throws {
        let text = description.trimmingCharacters(in: .whitespacesAndNewlines)
        guard text.count >= 10, text.count <= ReportRules.maxText else { throw DomainError.invalid("description", "report.badDescription") }
        if let location, !location.isInVietnam { throw DomainError.invalid("location", "report.badLocation") }
        guard location != nil || unitCode != nil || !(address ?? "").trimmingCharacters(in: .whitespaces).isEmpty else {
            throw DomainError.invalid("location", "report.placeRequired")
        }
        if let unitCode, !ReceiptInput.isUnitCode(unitCode) { throw DomainError.invalid("unitCode") }
        guard (address?.count ?? 0) <= 500, attributes.count <= 20, attributes.allSatisfy({ $0.key.count <= 60 && $0.value.count <= 500 })
        else {
            throw DomainError.invalid("attributes")
        }
        if let phone = reporter.phone, !ReceiptInput.isPhone(phone) { throw DomainError.invalid("phone") }
        if let email = reporter.email, !ReceiptInput.isEmail(email) { throw DomainError.invalid("email") }
        guard (reporter.name?.count ?? 0) <= 200 else { throw DomainError.invalid("name") }
    }
}

/// Receives, routes and moves field reports; the classifier learns from officers' corrections.
public actor FieldReportService {
    let reports: any FieldReportRepository
    let agencies: any AgencyRepository
    let calendars: any CalendarRepository
    let now: @Sendable () -> Date
    /// Days after the answer during which the reporter may reopen; distance within which an open
    /// report of the same category is offered as a duplicate.
    public let reopenDays: Int
    public let duplicateMetres: Double
    /// The province's statistical code: the Open311 jurisdiction, the parent of the communes.
    public nonisolated let provinceCode: String
    private var classifier: ReportClassifier
    private let seedSamples: [(text: String, category: String)]
    private var trained = false

    public init(
        reports: any FieldReportRepository, agencies: any AgencyRepository, calendars: any CalendarRepository,
        samples: [(text: String, category: String)], reopenDays: Int, duplicateMetres: Double, provinceCode: String,
        now: @escaping @Sendable () -> Date = Date.init
    ) {
        self.provinceCode = provinceCode
        self.reports = reports
        self.agencies = agencies
        self.calendars = calendars
        self.now = now
        self.reopenDays = reopenDays
        self.duplicateMetres = duplicateMetres
        self.seedSamples = samples
        self.classifier = ReportClassifier()
    }

    /// The classifier, trained on first use from the sample set and the stored corrections.
    func trainedClassifier() async throws -> ReportClassifier {
        if !trained {
            classifier = ReportClassifier(samples: seedSamples + (try await reports.corrections()))
            trained = true
        }
        return classifier
    }

    public func suggest(_ text: String) async throws -> (category: String, confidence: Double)? {
        try await trainedClassifier().suggest(text)
    }

    public func categories() async throws -> [ReportCategory] { try await reports.categories() }

    func category(_ code: String) async throws -> ReportCategory {
        guard let category = try await reports.categories().first(where: { $0.code == code }) else {
            throw DomainError(.invalid, "report.unknownCategory", ["code": code])
        }
        return category
    }

    func calendar() async throws -> WorkingCalendar {
        guard let calendar = try await calendars.calendar(code: try await calendars.defaultCalendarCode()) else {
            throw DomainError.notFound("calendar.notFound")
        }
        return calendar
    }

    /// Checks everything `submit` checks in `intake` (text, place, contact, category, its questions,
    /// commune), so that a report that will be refused stores none of its photos.
    public func check(_ intake: ReportIntake) async throws { _ = try await checked(intake) }

    /// The intake's category (given, or the classifier's suggestion) once the intake is checked.
    func checked(_ intake: ReportIntake) async throws -> (
        category: ReportCategory, suggestion: (category: String, confidence: Double)?
    ) {
        try intake.validate()
        let suggestion = try await suggest(intake.description)
        guard let code = intake.categoryCode ?? suggestion?.category else { throw DomainError.invalid("categoryCode", "required") }
        let category = try await category(code)
        // The web and hotline forms ask no category questions; Open311 clients read them from the service definition.
        try category.check(attributes: intake.attributes, requireAll: intake.channel == .open311)
        if let unit = intake.unitCode, try await agencies.communeAgency(unitCode: unit, kind: .communeCommittee) == nil {
            throw DomainError.invalid("unitCode", "unit.notFound")
        }
        return (category, suggestion)
    }

    /// Receives a report: classifies it, routes it, computes its deadlines, stores it with its
    /// photos; returns it with the open reports of the same category nearby (possible duplicates).
    public func submit(_ intake: ReportIntake, photos: [Int64], by officer: Officer?, token: String? = nil) async throws -> (
        report: FieldReport, nearby: [FieldReport]
    ) {
        let (category, suggestion) = try await checked(intake)
        let calendar = try await calendar()
        let at = now()
        let agency = try await route(category: category, unitCode: intake.unitCode)
        let (acceptBy, answerBy, answerDueAt) = ReportRules.deadlines(receivedAt: at, category: category, calendar: calendar)
        let text = intake.description.trimmingCharacters(in: .whitespacesAndNewlines)
        let draft = FieldReport(
            categoryCode: category.code, suggestedCategory: suggestion?.category, suggestionConfidence: suggestion?.confidence,
            description: text, attributes: intake.attributes, location: intake.location, unitCode: intake.unitCode,
            address: intake.address?.trimmingCharacters(in: .whitespacesAndNewlines).nilIfEmpty, channel: intake.channel,
            reporter: intake.reporter, agencyId: agency, receivedAt: at,
            receivedDay: LocalDate.local(at, utcOffsetSeconds: calendar.utcOffsetSeconds).date, acceptBy: acceptBy, answerBy: answerBy,
            answerDueAt: answerDueAt, token: token)
        let event = ReportEvent(
            action: "submit", fromStatus: nil, toStatus: .received, actorId: officer?.id,
            actorName: officer?.fullName ?? intake.channel.rawValue, agencyId: agency, note: nil, isPublic: true, at: at)
        let stored = try await reports.create(
            draft, event: event,
            extras: ReportChangeExtras(
                photos: photos.map { ReportPhoto(documentId: $0, ofAnswer: false, hidden: false) }))
        var nearby: [FieldReport] = []
        if let point = stored.location {
            nearby = try await reports.nearbyOpen(category: stored.categoryCode, point: point, metres: duplicateMetres).filter {
                $0.id != stored.id
            }
        }
        return (stored, nearby)
    }

    /// The responsible agency: the routing table's row for the category and commune, else the
    /// commune's committee or police as the category says, else the supervising provincial agency.
    func route(category: ReportCategory, unitCode: String?) async throws -> String {
        if let routed = try await reports.routedAgency(category: category.code, unitCode: unitCode) { return routed }
        if let unitCode {
            let kind: AgencyKind = category.responsible == "communePolice" ? .communePolice : .communeCommittee
            if let agency = try await agencies.communeAgency(unitCode: unitCode, kind: kind) { return agency.id }
        }
        guard let supervising = try await agencies.agency(shortCode: category.provincialAgency) else {
            throw DomainError.notFound("agency.notFound")
        }
        return supervising.id
    }

    /// The agency above `agencyId` for `category`: a commune unit's supervising department, or
    /// the provincial People's Committee above a department.
    func supervising(_ agencyId: String, category: ReportCategory) async throws -> Agency? {
        guard let agency = try await agencies.agency(id: agencyId) else { return nil }
        switch agency.kind {
        case .communeCommittee, .communePolice, .communeOneStop:
            return try await agencies.agency(shortCode: category.provincialAgency)
        default:
            return try await agencies.agencies(kind: .provincialCommittee).first { $0.id != agencyId }
        }
    }

    /// Applies an action; `messages` are the notifications the change triggers. An officer's
    /// moderation (hide, unhide, redact) is audited, from `address`, in the change's transaction.
    public func act(
        on id: Int64, _ request: ReportActionRequest, by actor: ReportActor, photos: [Int64] = [], from address: String? = nil
    ) async throws -> FieldReport {
        guard let report = try await reports.report(id: id) else { throw DomainError.notFound("report.notFound") }
        if case .officer(let officer) = actor, officer.agencyId != report.agencyId, !officer.roles.contains(.admin) {
            throw DomainError.notFound("report.notFound")
        }
        let calendar = try await calendar()
        let at = now()
        var context = ReportContext(
            actor: actor, now: at, today: LocalDate.local(at, utcOffsetSeconds: calendar.utcOffsetSeconds).date,
            calendar: calendar, category: try await category(report.categoryCode), reopenDays: reopenDays)
        if let assignee = request.assigneeId { context.assignee = try await agencies.officer(id: assignee) }
        if request.action == .escalate {
            context.targetAgency = try await supervising(report.agencyId, category: context.category)
        } else if let target = request.targetAgencyId {
            context.targetAgency = try await agencies.agency(id: target)
        }
        if let code = request.categoryCode { context.newCategory = try await category(code) }
        if let original = request.duplicateOf { context.original = try await reports.report(id: original) }
        var request = request
        if request.action == .escalate { request.targetAgencyId = context.targetAgency?.id }
        let (updated, event) = try ReportRules.apply(request, to: report, context: context)
        var extras = ReportChangeExtras(
            photos: photos.map { ReportPhoto(documentId: $0, ofAnswer: true, hidden: false) },
            messages: Self.messages(before: report, after: updated))
        if case .officer(let officer) = actor, [.hide, .unhide, .redact].contains(request.action) {
            extras.audit = AuditActor(officer, address: address).entry(
                "report.\(request.action.rawValue)", target: String(id), detail: request.note, at: at)
        }
        if request.action == .classify {
            extras.trainingSample = report.description
            classifier = try await trainedClassifier()
            classifier.add(report.description, category: updated.categoryCode)
        }
        return try await reports.update(updated, expectedVersion: report.version, event: event, extras: extras)
    }

    /// The reporter hears when their report is answered or rejected (SMS and e-mail, when given).
    static func messages(before: FieldReport, after: FieldReport) -> [OutboundMessage] {
        guard before.status != after.status, [.answered, .rejected].contains(after.status) else { return [] }
        let template = after.status == .answered ? "reportAnswered" : "reportRejected"
        let params = ["id": String(after.id), "answer": after.answer ?? ""]
        var out: [OutboundMessage] = []
        if let phone = after.reporter.phone {
            out.append(OutboundMessage(channel: .sms, recipient: phone, template: template, params: params))
        }
        if let email = after.reporter.email {
            out.append(OutboundMessage(channel: .email, recipient: email, template: template, params: params))
        }
        return out
    }

    /// Hides or shows one photo of a report (moderation), recorded in the report's history and
    /// audited (from `address`) in the same transaction.
    public func setPhotoHidden(
        _ documentId: Int64, hidden: Bool, on id: Int64, by officer: Officer, note: String?, from address: String? = nil
    ) async throws {
        let reason = note ?? ""
        guard let report = try await reports.report(id: id) else { throw DomainError.notFound("report.notFound") }
        guard try await reports.photos(reportId: id).contains(where: { $0.documentId == documentId }) else {
            throw DomainError.notFound("document.notFound")
        }
        let request = ReportActionRequest(action: hidden ? .hide : .unhide, expectedVersion: report.version, note: reason)
        let calendar = try await calendar()
        let at = now()
        let context = ReportContext(
            actor: .officer(officer), now: at, today: LocalDate.local(at, utcOffsetSeconds: calendar.utcOffsetSeconds).date,
            calendar: calendar, category: try await category(report.categoryCode), reopenDays: reopenDays)
        var (updated, event) = try ReportRules.apply(request, to: report, context: context)
        updated.hidden = report.hidden
        event.action = hidden ? "hidePhoto" : "showPhoto"
        _ = try await reports.update(
            updated, expectedVersion: report.version, event: event,
            extras: ReportChangeExtras(
                photoVisibility: ReportPhoto(documentId: documentId, ofAnswer: false, hidden: hidden),
                audit: AuditActor(officer, address: address).entry(
                    "report.\(hidden ? "hidePhoto" : "showPhoto")", target: "\(id)/\(documentId)", detail: note, at: at)))
    }

    /// Sends every open report past its answer deadline up one level; returns how many moved.
    @discardableResult
    public func escalateOverdue() async throws -> Int {
        let calendar = try await calendar()
        let today = LocalDate.local(now(), utcOffsetSeconds: calendar.utcOffsetSeconds).date
        var moved = 0
        for report in try await reports.overdue(before: today, limit: 500) {
            do {
                _ = try await act(
                    on: report.id,
                    ReportActionRequest(
                        action: .escalate, expectedVersion: report.version,
                        note: "answerBy \(report.answerBy.iso)"), by: .system)
                moved += 1
            } catch let error as DomainError where error.kind == .conflict || error.kind == .invalid {
                continue  // changed meanwhile, or nowhere to escalate to
            }
        }
        return moved
    }

    public func report(id: Int64) async throws -> FieldReport? { try await reports.report(id: id) }
}
