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

    /// A procedure's summary for lists; `agencies` names the competent agency (see `agencyNames`).
    static func procedureRow(_ p: Procedure, english: Bool, agencies: [String: String]) -> ProcedureRow {
        ProcedureRow(
            code: p.code, name: english ? p.nameEn : p.name, link: Routes.procedure.link(p.code),
            agency: agencies[p.competentAgency] ?? p.competentAgency, timeLimit: p.timeLimit.label(english: english),
            online: p.onlineLevel == .full, commune: p.level == .commune)
    }

    /// "12 thủ tục", "1 procedure", "12 procedures".
    static func procedureCount(_ count: Int, strings: Strings, language: Language) -> String {
        strings.text(count == 1 ? "find_count_one" : "find_count", language, ["count": String(count)])
    }

    /// The display names of the competent agencies of `catalogue`, by their catalogue value
    /// (the commune's committee and police in words, a provincial agency by its short code).
    static func agencyNames(
        _ catalogue: [Procedure], agencies: any AgencyRepository, strings: Strings, language: Language
    ) async throws -> [String: String] {
        var names: [String: String] = [:]
        for code in Set(catalogue.map(\.competentAgency)) {
            switch code {
            case "communeCommittee": names[code] = strings.text("portal_agency_commune", language)
            case "communePolice": names[code] = strings.text("portal_agency_police", language)
            default:
                let agency = try await agencies.agency(shortCode: code)
                names[code] = (language == .en ? agency?.nameEn : agency?.name) ?? code
            }
        }
        return names
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
    /// The competent agency's name: it tells apart entries whose names are the same.
    let agency: String
    /// "Trong ngày", "5 ngày làm việc", …
    let timeLimit: String
    let online: Bool
    let commune: Bool
}
