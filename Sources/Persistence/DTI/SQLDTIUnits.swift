import Domain
import Foundation
import SQLKit

/// The assessed units from the reference data: departments are the province's agencies of kind
/// `department`; communes are the province's communes of the current tree, and their committee,
/// one-stop desk and police assess themselves as the commune; the province is one unit (its code),
/// assessed by the provincial People's Committee.
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
                try await db.raw(
                    """
                    SELECT code AS k, name FROM units WHERE tree = '2025' AND level = 'commune'
                        AND parent_code = \(bind: Seeder.provinceCode)
                    ORDER BY name
                    """
                ).all().map { DTIUnit(key: try $0.string("k"), name: try $0.string("name"), nameEn: try $0.string("name")) }
            case .province:
                try await db.raw("SELECT code AS k, name, type FROM units WHERE tree = '2025' AND code = \(bind: Seeder.provinceCode)")
                    .all().map { row in
                        let type = try row.string("type")
                        let name = try row.string("name")
                        return DTIUnit(
                            key: try row.string("k"), name: type.prefix(1).uppercased() + type.dropFirst() + " " + name, nameEn: name)
                    }
            }
        }
    }

    public func unit(ofAgency agencyId: String) async throws -> (group: DTIGroup, key: String)? {
        try await database.read { db in
            guard let row = try await db.raw("SELECT kind, unit_code FROM agencies WHERE id = \(bind: agencyId)").first() else {
                return nil
            }
            switch AgencyKind(rawValue: try row.string("kind")) {
            case .department: return (.department, agencyId)
            case .provincialCommittee: return (.province, Seeder.provinceCode)
            default: break
            }
            return try row.optionalString("unit_code").map { (.commune, $0) }
        }
    }
}

/// The platform indicators of every unit of a group over a year, from the statistics aggregates
/// (dossiers by handling agency or by commune, field reports likewise) and the officers' activity.
public struct SQLDTIIndicators: DTIIndicatorSource {
    let database: Database
    let statistics: any StatisticsRepository

    public init(database: Database, statistics: any StatisticsRepository) {
        self.database = database
        self.statistics = statistics
    }

    public func rates(_ group: DTIGroup, year: Int, today: LocalDate) async throws -> [String: [PlatformIndicator: Rate]] {
        async let dossiers = dossierTallies(group, year: year)
        async let reports = reportTallies(group, year: year)
        async let overdue = overdueReports(group, year: year, today: today)
        async let officers = activeOfficers(group, year: year)
        let (d, r, late, o) = try await (dossiers, reports, overdue, officers)
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
        for unit in Set(r.keys).union(late.keys) {
            let t = r[unit] ?? Tally()
            result[unit, default: [:]][.fieldReportsOnTimeRate] = t.answeredOnTime(overdueOpen: late[unit] ?? 0)
        }
        for (unit, rate) in o { result[unit, default: [:]][.activeOfficerShare] = rate }
        return result
    }

    /// Dossier counters of the year per unit of the group (the province: its totals).
    func dossierTallies(_ group: DTIGroup, year: Int) async throws -> [String: Tally<DossierMetric>] {
        switch group {
        case .department: try await statistics.dossierRanking(.agency, .year(year))
        case .commune: try await statistics.dossierRanking(.commune, .year(year))
        case .province: [Seeder.provinceCode: try await statistics.dossierFlows(.province, .year(year), procedures: nil)]
        }
    }

    /// Field-report counters of the year per unit of the group (the province: all categories summed).
    func reportTallies(_ group: DTIGroup, year: Int) async throws -> [String: Tally<ReportMetric>] {
        switch group {
        case .department: try await statistics.reportRanking(.agency, .year(year))
        case .commune: try await statistics.reportRanking(.commune, .year(year))
        case .province: [Seeder.provinceCode: try await statistics.reportFlows(.province, .year(year)).values.reduce(Tally(), +)]
        }
    }

    /// Reports received in the year and still open past their answer day on `today` (for a past year: by its last
    /// day), per unit of the group: late, so in the denominator of the on-time rate (issue 18 item 7).
    func overdueReports(_ group: DTIGroup, year: Int, today: LocalDate) async throws -> [String: Int64] {
        // The province is one group: a constant key, no grouping (PostgreSQL refuses a constant in GROUP BY).
        let (key, grouping): (String, String)
        switch group {
        case .department: (key, grouping) = ("agency_id", "GROUP BY agency_id")
        case .commune: (key, grouping) = ("COALESCE(unit_code, '')", "GROUP BY COALESCE(unit_code, '')")
        case .province: (key, grouping) = ("'\(Seeder.provinceCode)'", "")
        }
        let next = "\(year + 1)-01-01"
        let by = min(today.iso, next)
        return try await database.read { db in
            var result: [String: Int64] = [:]
            for row in try await db.raw(
                """
                SELECT \(unsafeRaw: key) AS k, COUNT(*) AS n FROM field_reports
                WHERE status IN ('received', 'accepted', 'assigned', 'inProgress') AND duplicate_of IS NULL
                    AND received_day >= \(bind: "\(year)-01-01") AND received_day < \(bind: next) AND answer_by < \(bind: by)
                \(unsafeRaw: grouping)
                """
            ).all() where try row.int64("n") > 0 {
                result[try row.string("k")] = try row.int64("n")
            }
            return result
        }
    }

    /// Active officers of each unit who took at least one action in the year, over its active
    /// officers (the province: every officer of the province).
    func activeOfficers(_ group: DTIGroup, year: Int) async throws -> [String: Rate] {
        // The province is one group of every officer: grouped by a constant column of its own.
        let key: String
        let kinds: SQLQueryString
        switch group {
        case .department: (key, kinds) = ("a.id", "a.kind = 'department'")
        case .commune: (key, kinds) = ("a.unit_code", "a.unit_code IS NOT NULL")
        case .province: (key, kinds) = ("p.code", "p.code = \(bind: Seeder.provinceCode)")
        }
        return try await database.read { db in
            var result: [String: Rate] = [:]
            for row in try await db.raw(
                """
                SELECT \(unsafeRaw: key) AS k, COUNT(*) AS officers,
                    SUM(CASE WHEN EXISTS (SELECT 1 FROM stat_officer_activity s WHERE s.officer_id = o.id
                        AND s.period >= \(bind: "\(year)-01") AND s.period <= \(bind: "\(year)-12")) THEN 1 ELSE 0 END) AS active
                FROM officers o JOIN agencies a ON a.id = o.agency_id JOIN units p ON p.tree = '2025'
                    AND p.code = \(bind: Seeder.provinceCode)
                WHERE o.active AND \(kinds) GROUP BY \(unsafeRaw: key)
                """
            ).all() {
                result[try row.string("k")] = Rate(try row.int64("active"), of: try row.int64("officers"))
            }
            return result
        }
    }
}
