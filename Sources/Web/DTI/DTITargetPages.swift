import Domain
import Foundation
import Hummingbird

/// The targets page: the province and the appraisers see every target (the appraisers set and
/// delete them), a unit's officers see their own.
extension DTIPagesController {
    func targets(_ context: OfficerContext, year: Int, error: String?, status: HTTPResponse.Status = .ok) async throws -> Response {
        let language = context.language
        let access = try await dti.targetAccess(context.officer, ownUnit: true)
        var names: [String: String] = [:]
        for g in DTIGroup.allCases { names.merge(try await views.unitNames(g, language)) { a, _ in a } }
        let targets = try await dti.targets(year: year).filter { access.sees($0.target) }
        let units = try await DTIGroup.allCases.asyncFlatMap { g in
            try await dti.units.units(g).map {
                DTIOption(
                    value: "\(g.rawValue)|\($0.key)", name: "\(views.groupName(g, language)): \(language == .en ? $0.nameEn : $0.name)")
            }
        }
        let page = views.targetsPage(
            year: year, targets: targets, canSet: access.canSet, names: names, units: units, error: error, language)
        return try pages.render(page, context: context, status: status)
    }

    @Sendable func saveTarget(_ request: Request, _ context: OfficerContext) async throws -> Response {
        let f = try await FormData.read(request, limit: settings.maxBodyBytes)
        let year = (try? requests.year(f["year"])) ?? requests.today.year
        do {
            if let id = f["delete"].flatMap(Int64.init) {
                try await dti.deleteTarget(id: id, officer: context.officer, by: DTIRequests.actor(context))
            } else {
                let choice = (f["unit"] ?? "").split(separator: "|", maxSplits: 1).map(String.init)
                guard choice.count == 2, let group = DTIGroup(rawValue: choice[0]) else {
                    throw DomainError.invalid("unit", "dti.unitNotFound")
                }
                guard let kind = f["kind"].flatMap(DTITarget.Kind.init(rawValue:)) else {
                    throw DomainError.invalid("kind", "dti.badTarget")
                }
                _ = try await dti.setTarget(
                    year: try requests.year(f["year"]), group: group, unit: choice[1], kind: kind,
                    minimumScore: kind == .minimumScore ? try DTIViews.number(f["minimumScore"]) : nil, note: f["note"] ?? "",
                    officer: context.officer, by: DTIRequests.actor(context))
            }
            return .redirect(to: Routes.dtiTargets.link() + "?year=\(year)", type: .normal)
        } catch let error as DomainError where error.kind != .forbidden {
            return try await targets(context, year: year, error: pages.message(error, context), status: error.kind.status)
        }
    }
}
