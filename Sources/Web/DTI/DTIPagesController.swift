import Domain
import Foundation
import Hummingbird

/// The digital-transformation assessment in the browser: the IT department opens a round,
/// follows every unit's progress, appraises each sub-index and publishes the ranking; a unit's
/// officers assess themselves with evidence before the deadline; targets are set per unit.
struct DTIPagesController: Sendable {
    let dti: DTIService
    let views: DTIViews
    let uploads: UploadPolicy
    let documents: any DocumentRepository
    let blobs: any BlobStore
    let agencies: any AgencyRepository
    let audit: any AuditLog
    let pages: PageRenderer
    let settings: WebSettings
    let now: @Sendable () -> Date

    func addRoutes(to router: Router<AppRequestContext>) {
        router.on(Routes.dti, .get) { _, context in try await home(context, values: [:], error: nil) }
        router.on(Routes.dti, .post, openRound)
        router.on(Routes.dtiRound, .get, round)
        router.on(Routes.dtiPublish, .post, publish)
        router.on(Routes.dtiRanking, .get, ranking)
        router.on(Routes.dtiUnit, .get) { _, context in
            try await unit(try await loadRound(context), try context.parameter("unit"), context, error: nil)
        }
        router.on(Routes.dtiDeclare, .post, declare)
        router.on(Routes.dtiReview, .post, review)
        router.on(Routes.dtiEvidence, .get, evidence)
        router.on(Routes.dtiTargets, .get) { request, context in
            try await targets(context, year: try year(request.formQuery["year"]), error: nil)
        }
        router.on(Routes.dtiTargets, .post, saveTarget)
    }

    var today: LocalDate { LocalDate.local(now(), utcOffsetSeconds: Format.offset).date }

    func loadRound(_ context: AppRequestContext) async throws -> DTIRound {
        guard let id = Int64(try context.parameter("id")) else { throw DomainError.notFound("dti.roundNotFound") }
        return try await dti.round(id)
    }

    func year(_ text: String?) throws -> Int {
        guard let text, !text.isEmpty else { return today.year }
        guard let y = Int(text), (2000...2100).contains(y) else { throw DomainError.invalid("year", "dti.badYear") }
        return y
    }

    /// Administrators and leaders of the provincial committee or the service centre follow rankings under way.
    func seesProvince(_ officer: Officer) async throws -> Bool {
        if officer.roles.contains(.admin) { return true }
        guard officer.roles.contains(.leader), let agency = try await agencies.agency(id: officer.agencyId) else { return false }
        return agency.kind == .provincialCommittee || agency.kind == .serviceCentre
    }

    // MARK: Rounds

    func home(_ context: AppRequestContext, values: [String: String], error: String?, status: HTTPResponse.Status = .ok) async throws
        -> Response
    {
        let officer = try context.requireOfficer()
        let language = context.language
        let appraiser = try await dti.isAppraiser(officer)
        let own = try await dti.ownUnit(officer)
        let rounds = try await dti.repository.rounds()
        var ownName: String?
        if let own { ownName = try await views.unitNames(own.group, language)[own.key] }
        let rows = rounds.map { r -> [String: Any] in
            let mine = own.map { $0.group == r.group } ?? false
            return [
                "title": views.roundTitle(r, language), "framework": "\(r.framework.code) v\(r.framework.version)",
                "status": views.strings.text("dti_status_\(r.status.rawValue)", language), "published": r.status == .published,
                "deadline": Format.day(r.deadline), "open": r.acceptsDeclarations(today: today),
                "link": (appraiser ? Routes.dtiRound.link(String(r.id)) : nil) as Any,
                "ownLink": (mine ? Routes.dtiUnit.link(String(r.id), own?.key ?? "") : nil) as Any,
                "rankingLink": Routes.dtiRanking.link(String(r.id)),
            ]
        }
        var v = values
        if v["year"] == nil { v["year"] = String(today.year) }
        if v["deadline"] == nil { v["deadline"] = today.adding(days: 30).iso }
        return try pages.render(
            "dti-home",
            [
                "rounds": rows, "none": rows.isEmpty, "canOpen": appraiser, "ownUnit": ownName as Any, "values": v,
                "groups": DTIGroup.allCases.map {
                    ["value": $0.rawValue, "name": views.groupName($0, language), "selected": v["group"] == $0.rawValue]
                },
                "action": Routes.dti.link(), "targetsLink": Routes.dtiTargets.link(), "exportLink": Routes.apiDTIFrameworks.link(),
                "error": error as Any,
            ], context: context, status: status)
    }

    @Sendable func openRound(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let officer = try context.requireOfficer()
        let form = try await FormData.read(request, limit: settings.maxBodyBytes)
        do {
            guard let group = form["group"].flatMap(DTIGroup.init(rawValue:)) else { throw DomainError.invalid("group") }
            guard let deadline = form["deadline"].flatMap(LocalDate.init(iso:)) else {
                throw DomainError.invalid("deadline", "dti.badDeadline")
            }
            let round = try await dti.openRound(
                year: try year(form["year"]), group: group, frameworkCode: nil, deadline: deadline,
                officer: officer, today: today, now: now())
            try await audit.record(
                AuditEntry(
                    actor: officer.username, action: "dti.open", target: "\(round.id)",
                    detail: "\(round.year) \(round.group.rawValue)", ip: context.clientAddress, at: Date()))
            return .redirect(to: Routes.dtiRound.link(String(round.id)), type: .normal)
        } catch let error as DomainError where error.kind != .forbidden {
            return try await home(context, values: form.fields, error: pages.message(error, context), status: error.kind.status)
        }
    }

    /// The appraiser's overview: every unit's progress and provisional score; a unit's officers
    /// go to their own page.
    @Sendable func round(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let officer = try context.requireOfficer()
        let r = try await loadRound(context)
        guard dti.isAppraiser(officer, agency: r.appraiserAgency) else {
            if let own = try await dti.ownUnit(officer), own.group == r.group {
                return .redirect(to: Routes.dtiUnit.link(String(r.id), own.key), type: .normal)
            }
            throw DomainError.forbidden("dti.appraiserOnly")
        }
        let language = context.language
        let entries = try await dti.repository.entries(roundId: r.id)
        let scores = Dictionary(uniqueKeysWithValues: try await dti.scores(r).map { ($0.unit, $0) })
        let reported = r.framework.subIndices.filter { $0.source == .reported }.count
        let units = try await dti.units.units(r.group).map { u -> [String: Any] in
            let e = Array((entries[u.key] ?? [:]).values)
            let reviewed = e.filter { $0.status == .accepted || $0.status == .adjusted }.count
            return [
                "name": language == .en ? u.nameEn : u.name, "code": u.key, "link": Routes.dtiUnit.link(String(r.id), u.key),
                "declared": e.count, "reported": reported, "reviewed": reviewed,
                "waiting": e.filter { $0.status == .declared }.count, "moreEvidence": e.filter { $0.status == .moreEvidence }.count,
                "total": views.points(scores[u.key]?.total, language),
                "declaredTotal": views.points(scores[u.key]?.declaredTotal, language),
            ]
        }
        return try pages.render(
            "dti-round",
            [
                "title": views.roundTitle(r, language), "framework": language == .en ? r.framework.nameEn : r.framework.name,
                "version": r.framework.version, "deadline": Format.day(r.deadline), "units": units, "unitCount": units.count,
                "started": units.filter { ($0["declared"] as? Int ?? 0) > 0 }.count,
                "maxPoints": views.points(r.framework.maxPoints, language),
                "status": views.strings.text("dti_status_\(r.status.rawValue)", language), "isOpen": r.status == .open,
                "publishAction": Routes.dtiPublish.link(String(r.id)), "rankingLink": Routes.dtiRanking.link(String(r.id)),
            ], context: context)
    }

    @Sendable func publish(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let officer = try context.requireOfficer()
        let r = try await loadRound(context)
        let ranked = try await dti.publish(r, officer: officer, now: now())
        try await audit.record(
            AuditEntry(
                actor: officer.username, action: "dti.publish", target: "\(r.id)",
                detail: "\(ranked.count) units", ip: context.clientAddress, at: Date()))
        return .redirect(to: Routes.dtiRanking.link(String(r.id)), type: .normal)
    }

    /// The ranking: published for every officer; while the round is open, provisional, for the
    /// appraisers and the province's leaders. Printable, and as CSV with `format=csv`.
    @Sendable func ranking(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let officer = try context.requireOfficer()
        let r = try await loadRound(context)
        let appraiser = dti.isAppraiser(officer, agency: r.appraiserAgency)
        let province = try await seesProvince(officer)
        guard r.status == .published || appraiser || province else { throw DomainError.forbidden("dti.rankingNotPublished") }
        let language = context.language
        let names = try await views.unitNames(r.group, language)
        let ranking = try await dti.ranking(r)
        if request.formQuery["format"] == "csv" {
            return OperationsPagesController.csv(
                views.csv(ranking, round: r, names: names, language), filename: "dti-\(r.year)-\(r.group.rawValue).csv")
        }
        let own = try await dti.ownUnit(officer)
        let rows = ranking.map { u -> [String: Any] in
            let canOpen = appraiser || (own?.group == r.group && own?.key == u.unit)
            return [
                "rank": u.rank, "name": names[u.unit] ?? u.unit, "code": u.unit, "total": views.points(u.total, language),
                "link": (canOpen ? Routes.dtiUnit.link(String(r.id), u.unit) : nil) as Any,
                "pillars": r.framework.nodes.map { ["points": views.points(u.pillars[$0.code], language)] },
                "change": u.change.map { ($0 > 0 ? "+" : "") + views.points($0, language) } ?? "—",
                "previousRank": u.previousRank.map(String.init) ?? "—", "recognised": u.recognised == true,
                "mine": own?.group == r.group && own?.key == u.unit,
            ]
        }
        let recognised = ranking.filter { $0.recognised == true }
        return try pages.render(
            "dti-ranking",
            [
                "title": views.roundTitle(r, language), "provisional": r.status != .published, "rows": rows,
                "pillars": r.framework.nodes.map {
                    [
                        "code": $0.code, "name": language == .en ? $0.nameEn : $0.name,
                        "max": views.points($0.maxPoints, language),
                    ]
                },
                "maxPoints": views.points(r.framework.maxPoints, language), "hasRecognition": r.recognition != nil,
                "recognition": (r.recognition.map { language == .en ? $0.nameEn : $0.name }) as Any,
                "recognisedCount": recognised.count, "unitCount": ranking.count,
                "recognised": recognised.map { ["name": names[$0.unit] ?? $0.unit, "total": views.points($0.total, language)] },
                "csvLink": Routes.dtiRanking.link(String(r.id)) + "?format=csv",
                "publishedAt": Format.instant(r.publishedAt),
            ], context: context)
    }
}
