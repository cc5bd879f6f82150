import Domain
import Foundation
import Persistence

/// Page data shared by the portal's pages.
enum PortalViews {
    /// The communes of the province, for a select box.
    static func communes(_ agencies: any AgencyRepository, selected: String?) async throws -> [[String: Any]] {
        try await agencies.units(tree: "2025", parentCode: Seeder.provinceCode).map {
            ["code": $0.code, "name": $0.name, "selected": $0.code == selected]
        }
    }

    /// A procedure's summary for lists.
    static func procedureRow(_ p: Procedure, english: Bool) -> [String: Any] {
        [
            "code": p.code, "name": english ? p.nameEn : p.name, "link": Routes.procedure.link(p.code),
            "days": p.processingDays, "online": p.onlineLevel == .full, "commune": p.level == .commune,
        ]
    }
}
