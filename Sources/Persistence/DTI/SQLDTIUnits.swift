import Domain
import Foundation
import SQLKit

/// The assessed units from the reference data: departments are the province's agencies of kind
/// `department`; communes are the province's communes of the current tree, and their committee,
/// one-stop desk and police assess themselves as the commune.
public struct SQLDTIUnits: DTIUnitDirectory {
    let database: Database

    public init(database: Database) { self.database = database }

    public func units(_ group: DTIGroup) async throws -> [DTIUnit] {
        try await database.read { db in
            switch group {
            case .department:
                try await db.raw("SELECT id AS k, name, name_en FROM agencies WHERE kind = 'department' ORDER BY name").all().map {
                    DTIUnit(key: try $0.string("k"), name: try $0.string("name"), nameEn: try $0.string("name_en"))
                }
            case .commune:
                try await db.raw("""
                    SELECT code AS k, name FROM units WHERE tree = '2025' AND level = 'commune' AND parent_code = \(bind: Seeder.provinceCode)
                    ORDER BY name
                    """).all().map { DTIUnit(key: try $0.string("k"), name: try $0.string("name"), nameEn: try $0.string("name")) }
            }
        }
    }

    public func unit(ofAgency agencyId: String) async throws -> (group: DTIGroup, key: String)? {
        try await database.read { db in
            guard let row = try await db.raw("SELECT kind, unit_code FROM agencies WHERE id = \(bind: agencyId)").first() else { return nil }
            if try row.string("kind") == AgencyKind.department.rawValue { return (.department, agencyId) }
            return try row.optionalString("unit_code").map { (.commune, $0) }
        }
    }
}

/// The platform indicators of every unit of a group over a year, from the statistics aggregates
/// (dossiers by handling agency or by commune, field reports likewise) and the officers' activity.
public struct SQLDTIIndicators: DTIIndicatorSource {
    let database: Database
    let statistics: any StatisticsRepository

    public init(database: Database, statistics: any StatisticsRepository) { self.database = database; self.statistics = statistics }

    public func rates(_ group: DTIGroup, year: Int) async throws -> [String: [PlatformIndicator: Rate]] {
        let kind: StatScope.Kind = group == .commune ? .commune : .agency
        async let dossiers = statistics.dossierRanking(kind, .year(year))
        async let reports = statistics.reportRanking(kind, .year(year))
        async let officers = activeOfficers(group, year: year)
        let (d, r, o) = try await (dossiers, reports, officers)
        var result: [String: [PlatformIndicator: Rate]] = [:]
        for (unit, t) in d {
            result[unit, default: [:]].merge([
                .onlineSubmissionRate: Rate(t[.receivedOnline], of: t[.received]),
                .onTimeRate: t.onTime,
                .onlinePaymentRate: Rate(t[.paidOnline], of: t[.paid]),
                .electronicResultRate: Rate(t[.returnedElectronic], of: t[.returned]),
                .digitisedDossierRate: Rate(t[.receivedDigitised], of: t[.received]),
            ]) { $1 }
        }
        for (unit, t) in r { result[unit, default: [:]][.fieldReportsOnTimeRate] = Rate(t[.answeredOnTime], of: t[.answered]) }
        for (unit, rate) in o { result[unit, default: [:]][.activeOfficerShare] = rate }
        return result
    }

    /// Active officers of each unit who took at least one action in the year, over its active officers.
    func activeOfficers(_ group: DTIGroup, year: Int) async throws -> [String: Rate] {
        let key = group == .commune ? "a.unit_code" : "a.id"
        let kinds: SQLQueryString = group == .commune ? "a.unit_code IS NOT NULL" : "a.kind = 'department'"
        return try await database.read { db in
            var result: [String: Rate] = [:]
            for row in try await db.raw("""
                SELECT \(unsafeRaw: key) AS k, COUNT(*) AS officers,
                    SUM(CASE WHEN EXISTS (SELECT 1 FROM stat_officer_activity s WHERE s.officer_id = o.id
                        AND s.period >= \(bind: "\(year)-01") AND s.period <= \(bind: "\(year)-12")) THEN 1 ELSE 0 END) AS active
                FROM officers o JOIN agencies a ON a.id = o.agency_id
                WHERE o.active AND \(kinds) GROUP BY \(unsafeRaw: key)
                """).all() {
                result[try row.string("k")] = Rate(try row.int64("active"), of: try row.int64("officers"))
            }
            return result
        }
    }
}
