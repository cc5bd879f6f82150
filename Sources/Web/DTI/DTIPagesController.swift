import Domain
import Foundation
import Hummingbird

/// The digital-transformation assessment in the browser: the IT department opens a round,
/// follows every unit's progress, appraises each sub-index and publishes the ranking; a unit's
/// officers assess themselves with evidence before the deadline; targets are set per unit.
struct DTIPagesController: Sendable {
    let requests: DTIRequests
    let uploads: UploadPolicy
    let documents: any DocumentRepository
    let blobs: any BlobStore
    let pages: PageRenderer
    let settings: WebSettings

    var dti: DTIService { requests.dti }
    var views: DTIViews { requests.views }

    func addRoutes(to groups: RouteGroups) {
        let officers = groups.officers
        officers.on(Routes.dti, .get) { _, context in try await home(context, values: [:], error: nil) }
        officers.on(Routes.dti, .post, openRound)
        officers.on(Routes.dtiRound, .get, round)
        officers.on(Routes.dtiPublish, .post, publish)
        officers.on(Routes.dtiRanking, .get, ranking)
        officers.on(Routes.dtiUnit, .get) { _, context in
            try await unit(try await requests.round(context), try context.parameter("unit"), context, error: nil)
        }
        officers.on(Routes.dtiDeclare, .post, declare)
        officers.on(Routes.dtiReview, .post, review)
        officers.on(Routes.dtiEvidence, .get, evidence)
        officers.on(Routes.dtiTargets, .get) { request, context in
            try await targets(context, year: try requests.year(request.formQuery["year"]), error: nil)
        }
        officers.on(Routes.dtiTargets, .post, saveTarget)
    }

    // MARK: Rounds

    func home(_ context: OfficerContext, values: [String: String], error: String?, status: HTTPResponse.Status = .ok) async throws
        -> Response
    {
        let officer = context.officer
        let language = context.language
        let appraiser = try await dti.isAppraiser(officer)
        let own = try await dti.ownUnit(officer)
        let rounds = try await dti.rounds()
        var ownName: String?
        if let own { ownName = try await views.unitNames(own.group, language)[own.key] }
        let page = views.homePage(
            rounds, appraiser: appraiser, own: own, ownName: ownName, values: values, today: requests.today, error: error, language)
        return try pages.render(page, context: context, status: status)
    }

    @Sendable func openRound(_ request: Request, _ context: OfficerContext) async throws -> Response {
        let form = try await FormData.read(request, limit: settings.maxBodyBytes)
        do {
            guard let group = form["group"].flatMap(DTIGroup.init(rawValue:)) else { throw DomainError.invalid("group") }
            guard let deadline = form["deadline"].flatMap(LocalDate.init(iso:)) else {
                throw DomainError.invalid("deadline", "dti.badDeadline")
            }
            let round = try await dti.openRound(
                year: try requests.year(form["year"]), group: group, frameworkCode: nil, deadline: deadline,
                officer: context.officer, by: DTIRequests.actor(context))
            return .redirect(to: Routes.dtiRound.link(String(round.id)), type: .normal)
        } catch let error as DomainError where error.kind != .forbidden {
            return try await home(context, values: form.fields, error: pages.message(error, context), status: error.kind.status)
        }
    }

    /// The appraiser's overview: every unit's progress and provisional score; a unit's officers
    /// go to their own page.
    @Sendable func round(_ request: Request, _ context: OfficerContext) async throws -> Response {
        let r = try await requests.round(context)
        if case .ownUnit(let key) = try await dti.roundAccess(context.officer, round: r) {
            return .redirect(to: Routes.dtiUnit.link(String(r.id), key), type: .normal)
        }
        let entries = try await dti.entries(r)
        let scores = Dictionary(uniqueKeysWithValues: try await dti.scores(r).map { ($0.unit, $0) })
        let units = try await dti.units.units(r.group)
        return try pages.render(views.roundPage(r, units: units, entries: entries, scores: scores, context.language), context: context)
    }

    @Sendable func publish(_ request: Request, _ context: OfficerContext) async throws -> Response {
        let r = try await requests.round(context)
        _ = try await dti.publish(r, officer: context.officer, by: DTIRequests.actor(context))
        return .redirect(to: Routes.dtiRanking.link(String(r.id)), type: .normal)
    }

    /// The ranking: published for every officer; while the round is open, provisional, for the
    /// appraisers and the province's leaders. Printable, and as CSV with `format=csv`.
    @Sendable func ranking(_ request: Request, _ context: OfficerContext) async throws -> Response {
        let officer = context.officer
        let r = try await requests.round(context)
        try await dti.requireRankingReader(officer, round: r)
        let language = context.language
        let ranking = try await dti.ranking(r)
        if request.formQuery["format"] == "csv" { return try await requests.csv(ranking, round: r, language) }
        let names = try await views.unitNames(r.group, language)
        let page = views.rankingPage(
            r, ranking: ranking, names: names, appraiser: dti.isAppraiser(officer, agency: r.appraiserAgency),
            own: try await dti.ownUnit(officer), language)
        return try pages.render(page, context: context)
    }
}

extension Array {
    /// The elements' results in order, each awaited in turn.
    func asyncFlatMap<T>(_ transform: (Element) async throws -> [T]) async throws -> [T] {
        var result: [T] = []
        for element in self { result += try await transform(element) }
        return result
    }
}
