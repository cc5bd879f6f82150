import Domain
import Foundation

/// The dashboard's table of work dossiers handled fully online per agency, against the targets.
enum OnlineWorkSection {
    static func fill(
        _ page: inout OperationsDashboardPage, service: WorkDossierService, scope: StatScope, names: OperationsViews.Names,
        strings: Strings, percent: (Double?, Language) -> String, _ language: Language
    ) async throws {
        let shares = try await service.onlineShares(in: scope)
        page.showsOnlineWork = true
        page.noOnlineWork = shares.isEmpty
        page.onlineWorkSource = strings.text("ops_online_work_source", language, ["source": OnlineWorkTargets.source])
        page.onlineWork = shares.map {
            .init(
                unit: names.agencies[$0.agencyId] ?? $0.agencyId, closed: $0.closed, online: $0.fullyOnline,
                share: percent($0.percent, language), target: percent(Double($0.target), language), met: $0.meetsTarget)
        }
    }
}
