import Domain
import Foundation
import SQLKit

/// Loads the demo province into an empty database: administrative units (current and legacy
/// trees), agencies with their electronic identifiers, the default workflow, the working
/// calendar and the procedure catalogue. Does nothing on a database that is already seeded.
public struct Seeder: Sendable {
    /// Thanh Hóa: statistical code 38, level-1 group H56 of Decision 20/2020/QĐ-TTg.
    public static let provinceCode = "38"
    static let provinceGroup = "H56"

    let database: Database

    public init(database: Database) { self.database = database }

    /// Whether the reference data is already there.
    public func isSeeded() async throws -> Bool {
        try await database.read { db in try await db.raw("SELECT code FROM unit_trees LIMIT 1").first() != nil }
    }

    /// Seeds reference data in one transaction; returns false when it was already seeded.
    @discardableResult
    public func seedReferenceData() async throws -> Bool {
        if try await isSeeded() { return false }
        let units2025 = try SeedFiles.load(SeedFiles.Units2025.self, "units-2025")
        let legacy = try SeedFiles.load(SeedFiles.UnitsLegacy.self, "units-legacy")
        let provincial = try SeedFiles.load(SeedFiles.ProvinceAgencies.self, "agencies-province")
        let workflow = try SeedFiles.load(Workflow.self, "workflow-default")
        try workflow.validate()
        let calendar = try SeedFiles.load(SeedFiles.CalendarFile.self, "calendar-vn")
        let catalogue = try SeedFiles.load(SeedFiles.Catalogue.self, "procedures")
        for procedure in catalogue.procedures { try procedure.validate() }

        try await database.transaction { db in
            try await Self.insertUnits(db, units2025, legacy)
            try await Self.insertAgencies(db, provincial, communes: units2025.communes[Self.provinceCode] ?? [])
            try await Self.insertCalendar(db, calendar)
            try await db.raw(
                """
                INSERT INTO workflows (code, name, body, updated_at)
                VALUES (\(bind: workflow.code), \(bind: workflow.name), \(bind: try Stored.encode(workflow)),
                    \(bind: Stored.millis(Date())))
                """
            ).run()
            try await CacheVersions.bump(.agencies, .calendars, .workflows, on: db, dialect: database.dialect)
        }
        _ = try await SQLCatalogueRepository(database: database)
            .importCatalogue(fields: catalogue.fields, procedures: catalogue.procedures)
        return true
    }

    /// Rows inserted a batch at a time; `values` are bound in order.
    static func insertBatch(_ db: any SQLDatabase, _ table: String, _ columns: [String], _ rows: [[any Encodable & Sendable]]) async throws
    {
        for chunk in stride(from: 0, to: rows.count, by: 100).map({ Array(rows[$0..<min($0 + 100, rows.count)]) }) {
            var sql = SQLQueryString("INSERT INTO ")
            sql.appendInterpolation(unsafeRaw: "\(table) (\(columns.joined(separator: ", "))) VALUES ")
            for (i, row) in chunk.enumerated() {
                sql.appendInterpolation(unsafeRaw: i == 0 ? "(" : ", (")
                for (j, value) in row.enumerated() {
                    if j > 0 { sql.appendInterpolation(unsafeRaw: ", ") }
                    sql.appendInterpolation(bind: value)
                }
                sql.appendInterpolation(unsafeRaw: ")")
            }
            try await db.raw(sql).run()
        }
    }

    static func insertUnits(_ db: any SQLDatabase, _ current: SeedFiles.Units2025, _ legacy: SeedFiles.UnitsLegacy) async throws {
        try await insertBatch(
            db, "unit_trees", ["code", "name", "levels", "valid_from", "valid_to"],
            [
                [current.tree, current.name, current.levels.joined(separator: ","), current.validFrom, String?.none],
                [legacy.tree, legacy.name, legacy.levels.joined(separator: ","), String?.none, legacy.validTo],
            ])
        let columns = ["tree", "code", "name", "type", "level", "parent_code", "valid_from", "valid_to"]
        var rows: [[any Encodable & Sendable]] = []
        for p in current.provinces {
            rows.append([
                current.tree, SeedFiles.code(p.code, width: 2), p.name, p.type, "province", String?.none, current.validFrom, String?.none,
            ])
        }
        for (province, communes) in current.communes {
            for c in communes {
                rows.append([
                    current.tree, SeedFiles.code(c.code, width: 5), c.name, c.type, "commune", province, current.validFrom, String?.none,
                ])
            }
        }
        for p in legacy.provinces {
            let type = p.name.hasPrefix("Thành phố") ? "thành phố trung ương" : "tỉnh"
            rows.append([
                legacy.tree, SeedFiles.code(p.code, width: 2), p.name, type, "province", String?.none, String?.none, legacy.validTo,
            ])
        }
        for (province, districts) in legacy.districts {
            for d in districts {
                let districtCode = SeedFiles.code(d.code, width: 3)
                rows.append([legacy.tree, districtCode, d.name, unitType(d.name), "district", province, String?.none, legacy.validTo])
                for c in d.communes {
                    rows.append([
                        legacy.tree, SeedFiles.code(c.code, width: 5), c.name, unitType(c.name), "commune", districtCode, String?.none,
                        legacy.validTo,
                    ])
                }
            }
        }
        try await insertBatch(db, "units", columns, rows)
    }

    /// The unit type is the leading word(s) of its official name.
    static func unitType(_ name: String) -> String {
        for prefix in ["Thành phố", "Thị xã", "Thị trấn", "Huyện", "Quận", "Phường", "Xã"] where name.hasPrefix(prefix) {
            return prefix.lowercased()
        }
        return "khác"
    }

    static func insertAgencies(
        _ db: any SQLDatabase, _ provincial: SeedFiles.ProvinceAgencies,
        communes: [SeedFiles.Units2025.Commune]
    ) async throws {
        let columns = ["id", "short_code", "name", "name_en", "kind", "unit_code", "parent_id"]
        let ids = Dictionary(provincial.agencies.map { ($0.shortCode, $0.identifier) }, uniquingKeysWith: { a, _ in a })
        // Parents first, so that the foreign key holds inside the transaction.
        let ordered = provincial.agencies.sorted { ($0.parent == nil ? 0 : 1) < ($1.parent == nil ? 0 : 1) }
        var rows: [[any Encodable & Sendable]] = ordered.map { a in
            [a.identifier, a.shortCode, a.name, a.nameEn, a.kind.rawValue, String?.none, a.parent.flatMap { ids[$0] }]
        }
        for c in communes {
            let code = SeedFiles.code(c.code, width: 5)
            let bare = c.name.replacingOccurrences(of: "Phường ", with: "").replacingOccurrences(of: "Xã ", with: "")
            let kindEn = c.type == "phường" ? "ward" : "commune"
            let committee = "UB\(code).\(provinceGroup)"
            rows.append([
                committee, String?.none, "Ủy ban nhân dân \(c.name)", "People's Committee of \(bare) \(kindEn)",
                AgencyKind.communeCommittee.rawValue, code, ids["UBND"],
            ])
            rows.append([
                "MC\(code).\(provinceGroup)", String?.none, "Bộ phận Một cửa \(c.name)", "One-stop desk of \(bare) \(kindEn)",
                AgencyKind.communeOneStop.rawValue, code, committee,
            ])
            rows.append([
                "CA\(code).\(provinceGroup)", String?.none, "Công an \(c.name)", "Police of \(bare) \(kindEn)",
                AgencyKind.communePolice.rawValue, code, String?.none,
            ])
        }
        try await insertBatch(db, "agencies", columns, rows)
    }

    static func insertCalendar(_ db: any SQLDatabase, _ file: SeedFiles.CalendarFile) async throws {
        try await insertBatch(
            db, "calendars", ["code", "name", "name_en", "weekend_days", "utc_offset_minutes", "is_default"],
            [
                [file.code, file.name, file.nameEn, file.weekendDays.map(String.init).joined(separator: ","), file.utcOffsetMinutes, true]
            ])
        try await insertBatch(
            db, "calendar_days", ["calendar_code", "date", "kind", "name", "name_en"],
            file.days.map { [file.code, $0.date.iso, $0.kind.rawValue, $0.name, $0.nameEn] })
        try await insertBatch(
            db, "calendar_years", ["calendar_code", "year", "citation"], file.confirmedYears.map { [file.code, $0.year, $0.citation] })
    }
}
