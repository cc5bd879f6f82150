import Domain
import Foundation

/// Page data shared by the portal's pages.
enum PortalViews {
    /// The communes of the province, for a select box.
    static func communes(_ agencies: any AgencyRepository, selected: String?) async throws -> [CommuneOption] {
        try await agencies.units(tree: ServedProvince.unitTree, parentCode: ServedProvince.code).map {
            CommuneOption(code: $0.code, name: $0.name, selected: $0.code == selected)
        }
    }

    /// A procedure's summary for lists.
    static func procedureRow(_ p: Procedure, english: Bool) -> ProcedureRow {
        ProcedureRow(
            code: p.code, name: english ? p.nameEn : p.name, link: Routes.procedure.link(p.code),
            timeLimit: p.timeLimit.label(english: english), online: p.onlineLevel == .full, commune: p.level == .commune)
    }
}

/// A commune in a select box.
struct CommuneOption: Encodable, Sendable {
    let code: String
    let name: String
    let selected: Bool
}

/// A procedure in a list.
struct ProcedureRow: Encodable, Sendable {
    let code: String
    let name: String
    let link: String
    /// "Trong ngày", "5 ngày làm việc", …
    let timeLimit: String
    let online: Bool
    let commune: Bool
}
