import Domain
import SQLKit

/// Agencies, officers and administrative units in SQL. Agencies are cached in-process: they
/// change rarely and every receipt looks them up (dropped when another instance's change moves
/// their version: `SharedCache`).
public final class SQLAgencyRepository: AgencyRepository, SharedCache {
    let database: Database
    private let cache = DroppableCache<Index?>(nil)

    /// Agencies by identifier, by short code, and by commune and kind (a class: handed out by
    /// reference on every lookup).
    final class Index: Sendable {
        let byId: [String: Agency]
        let byShortCode: [String: Agency]
        let byCommune: [String: Agency]

        init(_ agencies: [Agency]) {
            byId = Dictionary(agencies.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
            byShortCode = Dictionary(agencies.compactMap { a in a.shortCode.map { ($0, a) } }, uniquingKeysWith: { a, _ in a })
            byCommune = Dictionary(
                agencies.compactMap { a in a.unitCode.map { (Index.communeKey($0, a.kind), a) } },
                uniquingKeysWith: { a, _ in a })
        }

        static func communeKey(_ unit: String, _ kind: AgencyKind) -> String { "\(unit)/\(kind.rawValue)" }
    }

    public init(database: Database) { self.database = database }

    public func drop(_ name: CacheName) { if name == .agencies { cache.drop() } }

    private func all() async throws -> Index {
        let (generation, cached) = cache.current()
        if let hit = cached { return hit }
        let rows = try await database.read { db in
            try await db.raw("SELECT id, short_code, name, name_en, kind, unit_code, parent_id FROM agencies").all()
        }
        var list: [Agency] = []
        for row in rows {
            let agency = Agency(
                id: try row.string("id"), shortCode: try row.optionalString("short_code"),
                name: try row.string("name"), nameEn: try row.string("name_en"),
                kind: AgencyKind(rawValue: try row.string("kind")) ?? .department,
                unitCode: try row.optionalString("unit_code"), parentId: try row.optionalString("parent_id"))
            list.append(agency)
        }
        let index = Index(list)
        cache.fill(generation: generation) { $0 = index }
        return index
    }

    public func agency(id: String) async throws -> Agency? { try await all().byId[id] }

    public func agency(shortCode: String) async throws -> Agency? { try await all().byShortCode[shortCode] }

    public func communeAgency(unitCode: String, kind: AgencyKind) async throws -> Agency? {
        try await all().byCommune[Index.communeKey(unitCode, kind)]
    }

    public func agencies(kind: AgencyKind?) async throws -> [Agency] {
        try await all().byId.values.filter { kind == nil || $0.kind == kind }.sorted { $0.id < $1.id }
    }

    public func update(_ agency: Agency, audit: AuditEntry) async throws {
        try await database.transaction { db in
            // Checked again inside the transaction: another instance may have changed agencies since the service looked.
            if let code = agency.shortCode,
                let other = try await db.raw("SELECT name FROM agencies WHERE short_code = \(bind: code) AND id <> \(bind: agency.id)")
                    .first()
            {
                throw DomainError(.conflict, "agency.shortCodeTaken", ["code": code, "agency": try other.string("name")])
            }
            var next = agency.parentId
            var seen: Set<String> = []
            while let current = next, seen.insert(current).inserted {
                if current == agency.id { throw DomainError.invalid("parentId", "agency.parentCycle") }
                next = try await db.raw("SELECT parent_id FROM agencies WHERE id = \(bind: current)").first()?.optionalString("parent_id")
            }
            try await db.raw(
                """
                UPDATE agencies SET name = \(bind: agency.name), name_en = \(bind: agency.nameEn), short_code = \(bind: agency.shortCode),
                    kind = \(bind: agency.kind.rawValue), parent_id = \(bind: agency.parentId) WHERE id = \(bind: agency.id)
                """
            ).run()
            try await SQLAuditLog.insert(audit, on: db)
            try await CacheVersions.bump(.agencies, on: db, dialect: self.database.dialect)
        }
        cache.drop()
    }

    public func officer(id: Int64) async throws -> Officer? {
        try await database.read { db in
            try await db.raw("SELECT id, username, full_name, agency_id, roles, active FROM officers WHERE id = \(bind: id)")
                .first().map(Self.officer)
        }
    }

    public func officers(agencyId: String) async throws -> [Officer] {
        try await database.read { db in
            try await db.raw(
                "SELECT id, username, full_name, agency_id, roles, active FROM officers WHERE agency_id = \(bind: agencyId) ORDER BY full_name"
            )
            .all().map(Self.officer)
        }
    }

    static func officer(_ row: any SQLRow) throws -> Officer {
        let roles = try row.string("roles").split(separator: ",").compactMap { Role(rawValue: String($0)) }
        return Officer(
            id: try row.int64("id"), username: try row.string("username"), fullName: try row.string("full_name"),
            agencyId: try row.string("agency_id"), roles: Set(roles), active: try row.bool("active"),
            mustChangePassword: row.contains(column: "must_change_password") ? try row.bool("must_change_password") : false)
    }

    public func units(tree: String, parentCode: String?) async throws -> [AdministrativeUnit] {
        try await database.read { db in
            let rows: [any SQLRow]
            if let parentCode {
                rows = try await db.raw(
                    "SELECT * FROM units WHERE tree = \(bind: tree) AND parent_code = \(bind: parentCode) ORDER BY name"
                ).all()
            } else {
                rows = try await db.raw("SELECT * FROM units WHERE tree = \(bind: tree) AND parent_code IS NULL ORDER BY name").all()
            }
            return try rows.map(Self.unit)
        }
    }

    static func unit(_ row: any SQLRow) throws -> AdministrativeUnit {
        AdministrativeUnit(
            tree: try row.string("tree"), code: try row.string("code"), name: try row.string("name"),
            type: try row.string("type"), level: try row.string("level"),
            parentCode: try row.optionalString("parent_code"), validFrom: try row.optionalString("valid_from"),
            validTo: try row.optionalString("valid_to"))
    }
}
