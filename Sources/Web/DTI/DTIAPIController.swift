import Domain
import Foundation
import Hummingbird

/// The digital-transformation assessment as JSON: the framework set (export, and import by
/// administrators), rounds, a unit's entries and score, self-assessment, reviews, publication,
/// rankings (JSON or CSV) and targets. The same rules as the pages apply.
struct DTIAPIController: Sendable {
    let dti: DTIService
    let pages: DTIPagesController
    let audit: any AuditLog
    let settings: WebSettings

    func addRoutes(to router: Router<AppRequestContext>) {
        router.on(Routes.apiDTIFrameworks, .get, exportFrameworks)
        router.on(Routes.apiDTIFrameworks, .put, importFrameworks)
        router.on(Routes.apiDTIRounds, .get, rounds)
        router.on(Routes.apiDTIRounds, .post, openRound)
        router.on(Routes.apiDTIRound, .get, round)
        router.on(Routes.apiDTIUnit, .get, unit)
        router.on(Routes.apiDTIUnit, .put, declare)
        router.on(Routes.apiDTIReview, .post, review)
        router.on(Routes.apiDTIPublish, .post, publish)
        router.on(Routes.apiDTIRanking, .get, ranking)
        router.on(Routes.apiDTITargets, .get, targets)
        router.on(Routes.apiDTITargets, .post, setTarget)
        router.on(Routes.apiDTITarget, .delete, deleteTarget)
    }

    @Sendable func exportFrameworks(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        _ = try context.requireOfficer()
        var response = try JSONCoding.response(try await dti.frameworkSet())
        response.headers[.contentDisposition] = "attachment; filename=\"dti-frameworks.json\""
        return response
    }

    /// Replaces the framework set (administrators); rounds already opened keep the framework they froze.
    @Sendable func importFrameworks(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let officer = try context.requireOfficer(role: .admin)
        let set = try await JSONCoding.decode(DTIFrameworkSet.self, from: request, limit: settings.maxImportBytes)
        try set.validate()
        try await dti.repository.saveFrameworkSet(set, actor: officer.username, at: Date())
        try await audit.record(
            AuditEntry(
                actor: officer.username, action: "dti.frameworks.import", target: nil,
                detail: set.frameworks.map { "\($0.code) v\($0.version)" }.joined(separator: ", "),
                ip: context.clientAddress, at: Date()))
        return try JSONCoding.response(set)
    }

    /// A round without its frozen framework (fetched with the framework set or the unit).
    struct RoundSummary: Encodable {
        let id: Int64, year: Int, group: DTIGroup, framework: String, frameworkVersion: Int, recognition: String?
        let deadline: LocalDate, status: DTIRound.Status, openedBy: String, publishedAt: Date?
        init(_ r: DTIRound) {
            id = r.id
            year = r.year
            group = r.group
            framework = r.framework.code
            frameworkVersion = r.framework.version
            recognition = r.recognition?.code
            deadline = r.deadline
            status = r.status
            openedBy = r.openedBy
            publishedAt = r.publishedAt
        }
    }

    @Sendable func rounds(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        _ = try context.requireOfficer()
        return try JSONCoding.response(["items": try await dti.repository.rounds().map(RoundSummary.init)])
    }

    struct OpenBody: Decodable {
        let year: Int
        let group: DTIGroup
        let deadline: LocalDate
        let framework: String?
    }

    @Sendable func openRound(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let officer = try context.requireOfficer()
        let body = try await JSONCoding.decode(OpenBody.self, from: request, limit: settings.maxBodyBytes)
        let round = try await dti.openRound(
            year: body.year, group: body.group, frameworkCode: body.framework, deadline: body.deadline,
            officer: officer, today: pages.today, now: pages.now())
        try await audit.record(
            AuditEntry(
                actor: officer.username, action: "dti.open", target: "\(round.id)",
                detail: "\(round.year) \(round.group.rawValue)", ip: context.clientAddress, at: Date()))
        return try JSONCoding.response(RoundSummary(round), status: .created)
    }

    /// Progress per unit: sub-indices declared and reviewed, provisional or published total.
    struct UnitProgress: Encodable {
        let unit: String
        let declared: Int
        let reviewed: Int
        let moreEvidence: Int
        let total: Double
    }

    @Sendable func round(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let officer = try context.requireOfficer()
        let r = try await pages.loadRound(context)
        try dti.requireAppraiser(officer, round: r)
        let entries = try await dti.repository.entries(roundId: r.id)
        let progress = try await dti.scores(r).map { s in
            let e = Array((entries[s.unit] ?? [:]).values)
            return UnitProgress(
                unit: s.unit, declared: e.count, reviewed: e.filter { $0.status == .accepted || $0.status == .adjusted }.count,
                moreEvidence: e.filter { $0.status == .moreEvidence }.count, total: s.total)
        }
        struct Body: Encodable {
            let round: RoundSummary
            let units: [UnitProgress]
        }
        return try JSONCoding.response(Body(round: RoundSummary(r), units: progress))
    }

    struct UnitBody: Encodable {
        let round: RoundSummary
        let score: DTIUnitScore
        let entries: [DTIEntry]
        let history: [DTIEvent]
    }

    @Sendable func unit(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let officer = try context.requireOfficer()
        let r = try await pages.loadRound(context)
        let key = try context.parameter("unit")
        try await dti.requireView(officer, round: r, unit: key)
        let score = try await dti.score(r, unit: key)
        let entries = try await dti.repository.entries(roundId: r.id, unit: key).values.sorted { $0.subIndex < $1.subIndex }
        return try JSONCoding.response(
            UnitBody(
                round: RoundSummary(r), score: score, entries: entries,
                history: try await dti.repository.events(roundId: r.id, unit: key)))
    }

    struct DeclareBody: Decodable { let entries: [DTIDeclaration] }

    /// The unit's self-assessment of several sub-indices at once (one transaction).
    @Sendable func declare(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let officer = try context.requireOfficer()
        let r = try await pages.loadRound(context)
        let key = try context.parameter("unit")
        let body = try await JSONCoding.decode(DeclareBody.self, from: request, limit: settings.maxBodyBytes)
        try await dti.declare(r, unit: key, body.entries, officer: officer, today: pages.today, now: pages.now())
        return try JSONCoding.response(try await dti.score(r, unit: key))
    }

    struct ReviewBody: Decodable {
        let subIndex: String
        let decision: String
        let value: Double?
        let denominator: Double?
        let reason: String?
    }

    @Sendable func review(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let officer = try context.requireOfficer()
        let r = try await pages.loadRound(context)
        let key = try context.parameter("unit")
        let body = try await JSONCoding.decode(ReviewBody.self, from: request, limit: settings.maxBodyBytes)
        let decision: DTIReview
        switch body.decision {
        case "accept": decision = .accept
        case "adjust":
            guard let value = body.value else { throw DomainError(.invalid, "dti.badValue", ["code": body.subIndex]) }
            decision = .adjust(value: value, denominator: body.denominator, reason: body.reason ?? "")
        case "moreEvidence": decision = .moreEvidence(reason: body.reason ?? "")
        default: throw DomainError.invalid("decision")
        }
        try await dti.review(r, unit: key, subIndex: body.subIndex, decision, officer: officer, now: pages.now())
        return try JSONCoding.response(try await dti.score(r, unit: key))
    }

    @Sendable func publish(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let officer = try context.requireOfficer()
        let r = try await pages.loadRound(context)
        let ranked = try await dti.publish(r, officer: officer, now: pages.now())
        try await audit.record(
            AuditEntry(
                actor: officer.username, action: "dti.publish", target: "\(r.id)", detail: "\(ranked.count) units",
                ip: context.clientAddress, at: Date()))
        return try JSONCoding.response(["items": ranked])
    }

    @Sendable func ranking(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let officer = try context.requireOfficer()
        let r = try await pages.loadRound(context)
        let province = try await pages.seesProvince(officer)
        guard r.status == .published || dti.isAppraiser(officer, agency: r.appraiserAgency) || province else {
            throw DomainError.forbidden("dti.rankingNotPublished")
        }
        let ranking = try await dti.ranking(r)
        if request.formQuery["format"] == "csv" {
            let names = try await pages.views.unitNames(r.group, context.language)
            return OperationsPagesController.csv(
                pages.views.csv(ranking, round: r, names: names, context.language),
                filename: "dti-\(r.year)-\(r.group.rawValue).csv")
        }
        struct Body: Encodable {
            let round: RoundSummary
            let provisional: Bool
            let items: [DTIRankedUnit]
            let recognised: Int
        }
        return try JSONCoding.response(
            Body(
                round: RoundSummary(r), provisional: r.status != .published, items: ranking,
                recognised: ranking.filter { $0.recognised == true }.count))
    }

    struct TargetRow: Encodable {
        let target: DTITarget
        let status: DTIService.TargetStatus
        let score: Double?
    }

    @Sendable func targets(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let officer = try context.requireOfficer()
        let appraiser = try await dti.isAppraiser(officer)
        let province = try await pages.seesProvince(officer)
        guard appraiser || province else { throw DomainError.forbidden("dti.appraiserOnly") }
        let year = try pages.year(request.formQuery["year"])
        return try JSONCoding.response([
            "items": try await dti.targets(year: year).map { TargetRow(target: $0.target, status: $0.status, score: $0.score) }
        ])
    }

    struct TargetBody: Decodable {
        let year: Int
        let group: DTIGroup
        let unit: String
        let kind: DTITarget.Kind
        let minimumScore: Double?
        let note: String?
    }

    @Sendable func setTarget(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let officer = try context.requireOfficer()
        let b = try await JSONCoding.decode(TargetBody.self, from: request, limit: settings.maxBodyBytes)
        let target = try await dti.setTarget(
            DTITarget(
                year: b.year, group: b.group, unit: b.unit, kind: b.kind, minimumScore: b.minimumScore,
                note: b.note ?? "", setBy: officer.username, setAt: pages.now()), officer: officer)
        try await audit.record(
            AuditEntry(
                actor: officer.username, action: "dti.target.set", target: "\(target.id)",
                detail: "\(target.year) \(target.unit) \(target.kind.rawValue)", ip: context.clientAddress, at: Date()))
        return try JSONCoding.response(target, status: .created)
    }

    @Sendable func deleteTarget(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let officer = try context.requireOfficer()
        guard try await dti.isAppraiser(officer) else { throw DomainError.forbidden("dti.appraiserOnly") }
        guard let id = Int64(try context.parameter("id")), try await dti.repository.deleteTarget(id: id) else {
            throw DomainError.notFound("dti.targetNotFound")
        }
        try await audit.record(
            AuditEntry(
                actor: officer.username, action: "dti.target.delete", target: "\(id)", detail: nil,
                ip: context.clientAddress, at: Date()))
        return Response(status: .noContent)
    }
}
