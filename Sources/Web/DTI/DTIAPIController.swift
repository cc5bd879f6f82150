import Domain
import Foundation
import Hummingbird

/// The digital-transformation assessment as JSON: the framework set (export, and import by
/// administrators), rounds, a unit's entries and score, self-assessment, reviews, publication,
/// rankings (JSON or CSV) and targets. The same rules as the pages apply.
struct DTIAPIController: Sendable {
    let requests: DTIRequests
    let settings: WebSettings

    var dti: DTIService { requests.dti }

    func addRoutes(to groups: RouteGroups) {
        groups.officers.on(Routes.apiDTIFrameworks, .get, exportFrameworks)
        groups.administrators.on(Routes.apiDTIFrameworks, .put, importFrameworks)
        groups.officers.on(Routes.apiDTIRounds, .get, rounds)
        groups.officers.on(Routes.apiDTIRounds, .post, openRound)
        groups.officers.on(Routes.apiDTIRound, .get, round)
        groups.officers.on(Routes.apiDTIUnit, .get, unit)
        groups.officers.on(Routes.apiDTIUnit, .put, declare)
        groups.officers.on(Routes.apiDTIReview, .post, review)
        groups.officers.on(Routes.apiDTIPublish, .post, publish)
        groups.officers.on(Routes.apiDTIRanking, .get, ranking)
        groups.officers.on(Routes.apiDTITargets, .get, targets)
        groups.officers.on(Routes.apiDTITargets, .post, setTarget)
        groups.officers.on(Routes.apiDTITarget, .delete, deleteTarget)
    }

    @Sendable func exportFrameworks(_ request: Request, _ context: OfficerContext) async throws -> Response {
        var response = try JSONCoding.response(try await dti.frameworkSet())
        response.headers[.contentDisposition] = "attachment; filename=\"dti-frameworks.json\""
        return response
    }

    /// Replaces the framework set (administrators); rounds already opened keep the framework they froze.
    @Sendable func importFrameworks(_ request: Request, _ context: AdminContext) async throws -> Response {
        let set = try await JSONCoding.decode(DTIFrameworkSet.self, from: request, limit: settings.maxImportBytes)
        try await dti.importFrameworks(set, by: DTIRequests.actor(context))
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

    @Sendable func rounds(_ request: Request, _ context: OfficerContext) async throws -> Response {
        try JSONCoding.response(["items": try await dti.rounds().map(RoundSummary.init)])
    }

    struct OpenBody: Decodable {
        let year: Int
        let group: DTIGroup
        let deadline: LocalDate
        let framework: String?
    }

    @Sendable func openRound(_ request: Request, _ context: OfficerContext) async throws -> Response {
        let body = try await JSONCoding.decode(OpenBody.self, from: request, limit: settings.maxBodyBytes)
        let round = try await dti.openRound(
            year: body.year, group: body.group, frameworkCode: body.framework, deadline: body.deadline,
            officer: context.officer, by: DTIRequests.actor(context))
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

    @Sendable func round(_ request: Request, _ context: OfficerContext) async throws -> Response {
        let r = try await requests.round(context)
        try dti.requireAppraiser(context.officer, round: r)
        let entries = try await dti.entries(r)
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

    @Sendable func unit(_ request: Request, _ context: OfficerContext) async throws -> Response {
        let r = try await requests.round(context)
        let key = try context.parameter("unit")
        try await dti.requireView(context.officer, round: r, unit: key)
        let score = try await dti.score(r, unit: key)
        let entries = try await dti.entries(r, unit: key).values.sorted { $0.subIndex < $1.subIndex }
        return try JSONCoding.response(
            UnitBody(round: RoundSummary(r), score: score, entries: entries, history: try await dti.history(r, unit: key)))
    }

    struct DeclareBody: Decodable { let entries: [DTIDeclaration] }

    /// The unit's self-assessment of several sub-indices at once (one transaction).
    @Sendable func declare(_ request: Request, _ context: OfficerContext) async throws -> Response {
        let r = try await requests.round(context)
        let key = try context.parameter("unit")
        let body = try await JSONCoding.decode(DeclareBody.self, from: request, limit: settings.maxBodyBytes)
        try await dti.declare(r, unit: key, body.entries, officer: context.officer, by: DTIRequests.actor(context))
        return try JSONCoding.response(try await dti.score(r, unit: key))
    }

    struct ReviewBody: Decodable {
        let subIndex: String
        let decision: String
        let value: Double?
        let denominator: Double?
        let reason: String?
    }

    @Sendable func review(_ request: Request, _ context: OfficerContext) async throws -> Response {
        let r = try await requests.round(context)
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
        try await dti.review(r, unit: key, subIndex: body.subIndex, decision, officer: context.officer, by: DTIRequests.actor(context))
        return try JSONCoding.response(try await dti.score(r, unit: key))
    }

    @Sendable func publish(_ request: Request, _ context: OfficerContext) async throws -> Response {
        let r = try await requests.round(context)
        let ranked = try await dti.publish(r, officer: context.officer, by: DTIRequests.actor(context))
        return try JSONCoding.response(["items": ranked])
    }

    @Sendable func ranking(_ request: Request, _ context: OfficerContext) async throws -> Response {
        let r = try await requests.round(context)
        try await dti.requireRankingReader(context.officer, round: r)
        let ranking = try await dti.ranking(r)
        if request.formQuery["format"] == "csv" { return try await requests.csv(ranking, round: r, context.language) }
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

    @Sendable func targets(_ request: Request, _ context: OfficerContext) async throws -> Response {
        _ = try await dti.targetAccess(context.officer, ownUnit: false)
        let year = try requests.year(request.formQuery["year"])
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

    @Sendable func setTarget(_ request: Request, _ context: OfficerContext) async throws -> Response {
        let b = try await JSONCoding.decode(TargetBody.self, from: request, limit: settings.maxBodyBytes)
        let target = try await dti.setTarget(
            year: b.year, group: b.group, unit: b.unit, kind: b.kind, minimumScore: b.minimumScore, note: b.note ?? "",
            officer: context.officer, by: DTIRequests.actor(context))
        return try JSONCoding.response(target, status: .created)
    }

    @Sendable func deleteTarget(_ request: Request, _ context: OfficerContext) async throws -> Response {
        let id = Int64(try context.parameter("id"))
        try await dti.deleteTarget(id: id, officer: context.officer, by: DTIRequests.actor(context))
        return Response(status: .noContent)
    }
}
