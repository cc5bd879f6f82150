import Domain
import Foundation

extension HomePage {
    /// The home page's popular services and life events, from the catalogue's service guide
    /// (both cached in the process: no database query once warm).
    init(catalogue: any CatalogueRepository, strings: Strings, language: Language) async throws {
        let english = language == .en
        let all = try await catalogue.allProcedures()
        let guide = try await catalogue.serviceGuide()
        popular = ServiceGuide.procedures(guide.popular, in: all).map {
            Link(name: english ? $0.nameEn : $0.name, link: Routes.procedure.link($0.code), note: nil)
        }
        events = guide.lifeEvents.map { event in
            let count = ServiceGuide.procedures(event.procedures, in: all).count
            return Link(
                name: english ? event.nameEn : event.name, link: Routes.procedures.link() + "?event=\(event.code)",
                note: PortalViews.procedureCount(count, strings: strings, language: language))
        }
    }
}
