import Domain
import Foundation
import Hummingbird

/// Turns the operations centre's figures into page values: names for codes, percents written
/// the Vietnamese way, charts as SVG.
struct OperationsViews: Sendable {
    let operations: OperationsService
    let catalogue: any CatalogueRepository
    let agencies: any AgencyRepository
    let strings: Strings
    let fieldReports: FieldReportService?

    func reportCategories(_ language: Language) async throws -> [String: String] {
        guard let fieldReports else { return [:] }
        return Dictionary(
            try await fieldReports.categories().map { ($0.code, language == .en ? $0.nameEn : $0.name) }, uniquingKeysWith: { a, _ in a })
    }

    /// Display names of agencies, communes, procedures, fields and report categories.
    struct Names {
        var agencies: [String: String] = [:]
        /// Agencies above the communes (departments, the service centre...), for pickers and rankings.
        var provincialAgencies: Set<String> = []
        var communes: [String: String] = [:]
        var procedures: [String: String] = [:]
        var fields: [(code: String, name: String)] = []

        func unit(_ scope: StatScope, province: String) -> String {
            switch scope.kind {
            case .province: province
            case .agency: agencies[scope.key] ?? scope.key
            case .commune: communes[scope.key] ?? scope.key
            }
        }
    }

    func names(_ language: Language) async throws -> Names {
        let english = language == .en
        var names = Names()
        let communeKinds: Set<AgencyKind> = [.communeCommittee, .communeOneStop, .communePolice]
        for agency in try await agencies.agencies(kind: nil) {
            names.agencies[agency.id] = english ? agency.nameEn : agency.name
            if !communeKinds.contains(agency.kind) { names.provincialAgencies.insert(agency.id) }
        }
        for unit in try await operations.communes() { names.communes[unit.code] = unit.name }
        for p in try await catalogue.allProcedures() { names.procedures[p.code] = english ? p.nameEn : p.name }
        names.fields = try await catalogue.fields().map { ($0.code, english ? $0.nameEn : $0.name) }
        return names
    }

    /// "87,5 %" in Vietnamese (a no-break space: the sign never wraps to a line of its own), "87.5%"
    /// in English, "—" without data.
    func percent(_ value: Double?, _ language: Language) -> String {
        guard let value else { return "—" }
        let text = String(format: "%.1f", value)
        return language == .en ? text + "%" : text.replacingOccurrences(of: ".", with: ",") + "\u{00A0}%"
    }

    func number(_ value: Double?, _ language: Language) -> String {
        guard let value else { return "—" }
        let text = String(format: "%.1f", value)
        return language == .en ? text : text.replacingOccurrences(of: ".", with: ",")
    }

    func points(_ value: Double?, _ language: Language) -> String {
        guard let value else { return "—" }
        let text = ScoreRule.number(value)
        return language == .en ? text : text.replacingOccurrences(of: ".", with: ",")
    }

    /// The periodic report's CSV columns.
    func csvHeader(_ language: Language) -> [String] {
        [
            "agency", "code", "procedure", "carried", "received", "online", "resolved", "early", "onTime", "late", "withdrawn",
            "pendingEnd", "within", "past", "paused",
        ].map { strings.text("ops_col_\($0)", language) }
    }

    /// The periodic report as CSV text, codes replaced by names.
    func csv(_ report: PeriodicReport, names: Names, language: Language) -> String {
        report.csv(
            header: csvHeader(language), agencyName: { names.agencies[$0] ?? $0 },
            procedureName: { names.procedures[$0] ?? $0 })
    }
}

extension OperationsViews {
    /// State names of every workflow in use, for the "held at step" column.
    func stateNames(_ language: Language) async throws -> [String: String] {
        var names: [String: String] = [:]
        for code in Set(try await catalogue.allProcedures().map(\.workflow)) {
            for state in try await catalogue.workflow(code: code)?.states ?? [] {
                names[state.code] = language == .en ? state.nameEn : state.name
            }
        }
        return names
    }
}

extension OperationsViews {
    /// The periodic report as a CSV download.
    func csvResponse(_ report: PeriodicReport, names: Names, language: Language) -> Response {
        Self.csvResponse(
            csv(report, names: names, language: language), filename: "bao-cao-\(report.scope.kind.rawValue)-\(report.period).csv")
    }

    /// `text` as a CSV attachment named `filename`.
    static func csvResponse(_ text: String, filename: String) -> Response {
        Response(
            status: .ok, headers: [.contentType: "text/csv; charset=utf-8", .contentDisposition: "attachment; filename=\"\(filename)\""],
            body: .init(byteBuffer: .init(string: text)))
    }
}
