import Domain
import Foundation
import SQLKit

/// The procedure catalogue and workflows in SQL, with an in-process cache of lookups by code and
/// of the whole catalogue and its fields (cleared by every write through this repository, and by
/// another instance's write through `SharedCache`). A value read while a change commits is not kept.
public final class SQLCatalogueRepository: CatalogueRepository, SharedCache {
    let database: Database
    private let procedures = DroppableCache<[String: Procedure]>([:])
    /// The whole catalogue and its fields.
    private let catalogue = DroppableCache<(list: [Procedure]?, fields: [ProcedureField]?)>((nil, nil))
    private let workflows = DroppableCache<[String: Workflow]>([:])

    public init(database: Database) { self.database = database }

    public func drop(_ name: CacheName) {
        switch name {
        case .catalogue:
            procedures.drop()
            catalogue.drop()
        case .workflows: workflows.drop()
        case .calendars, .agencies, .reportCategories: break
        }
    }

    public func fields() async throws -> [ProcedureField] {
        let (generation, cached) = catalogue.current()
        if let hit = cached.fields { return hit }
        let all = try await database.read { db in
            try await db.raw("SELECT code, name, name_en FROM procedure_fields ORDER BY name").all().map {
                ProcedureField(code: try $0.string("code"), name: try $0.string("name"), nameEn: try $0.string("name_en"))
            }
        }
        catalogue.fill(generation: generation) { $0.fields = all }
        return all
    }

    public func procedure(code: String) async throws -> Procedure? {
        let (generation, cached) = procedures.current()
        if let hit = cached[code] { return hit }
        let found = try await database.read { db in
            try await db.raw("SELECT body FROM procedures WHERE code = \(bind: code)").first()
                .map { try Stored.decode(Procedure.self, try $0.string("body")) }
        }
        if let found { procedures.fill(generation: generation) { $0[code] = found } }
        return found
    }

    public func search(_ query: ProcedureQuery) async throws -> [Procedure] {
        let words = VietnameseFolding.fold(query.text).split(separator: " ").prefix(10).map(String.init)
        return try await database.read { db in
            var sql: SQLQueryString = "SELECT body FROM procedures WHERE 1 = 1"
            for word in words {
                let escaped = word.replacingOccurrences(of: "\\", with: "\\\\")
                    .replacingOccurrences(of: "%", with: "\\%").replacingOccurrences(of: "_", with: "\\_")
                sql += " AND search_text LIKE \(bind: "%\(escaped)%") ESCAPE '\\'"
            }
            if let field = query.field { sql += " AND field = \(bind: field)" }
            if let level = query.level { sql += " AND level = \(bind: level.rawValue)" }
            sql += " ORDER BY name, code LIMIT \(literal: max(1, min(query.limit, 500)))"
            return try await db.raw(sql).all().map { try Stored.decode(Procedure.self, try $0.string("body")) }
        }
    }

    public func allProcedures() async throws -> [Procedure] {
        let (generation, cached) = catalogue.current()
        if let hit = cached.list { return hit }
        let all = try await database.read { db in
            try await db.raw("SELECT body FROM procedures ORDER BY name, code").all()
                .map { try Stored.decode(Procedure.self, try $0.string("body")) }
        }
        catalogue.fill(generation: generation) { $0.list = all }
        return all
    }

    public func serviceGuide() async throws -> ServiceGuide { try Self.guide.get() }

    /// `Seed/service-guide.json`, read once.
    private static let guide = Result { try SeedFiles.load(ServiceGuide.self, "service-guide") }

    public func importCatalogue(fields: [ProcedureField], procedures list: [Procedure], audit: AuditEntry?) async throws -> Int {
        for procedure in list { try procedure.validate() }
        let count = try await database.transaction { db in
            for field in fields {
                if try await db.raw("SELECT code FROM procedure_fields WHERE code = \(bind: field.code)").first() == nil {
                    try await db.raw(
                        "INSERT INTO procedure_fields (code, name, name_en) VALUES (\(bind: field.code), \(bind: field.name), \(bind: field.nameEn))"
                    ).run()
                } else {
                    try await db.raw(
                        "UPDATE procedure_fields SET name = \(bind: field.name), name_en = \(bind: field.nameEn) WHERE code = \(bind: field.code)"
                    ).run()
                }
            }
            for p in list {
                guard try await db.raw("SELECT code FROM procedure_fields WHERE code = \(bind: p.field)").first() != nil else {
                    throw DomainError(.invalid, "procedure.unknownField", ["code": p.code, "field": p.field])
                }
                guard try await db.raw("SELECT code FROM workflows WHERE code = \(bind: p.workflow)").first() != nil else {
                    throw DomainError(.invalid, "procedure.unknownWorkflow", ["code": p.code, "workflow": p.workflow])
                }
                let body = try Stored.encode(p)
                // The column keeps the count of days (0 for a limit in hours or the same day); the body has the unit.
                let days = [.workingDays, .calendarDays].contains(p.timeLimit.unit) ? p.timeLimit.value : 0
                let search = VietnameseFolding.fold("\(p.code) \(p.name) \(p.nameEn)")
                // Upsert, not delete and insert: dossiers refer to their procedure.
                try await db.raw(
                    """
                    INSERT INTO procedures (code, name, search_text, field, level, processing_days, online_level, workflow, body)
                    VALUES (\(bind: p.code), \(bind: p.name), \(bind: search), \(bind: p.field), \(bind: p.level.rawValue),
                            \(bind: days), \(bind: p.onlineLevel.rawValue), \(bind: p.workflow), \(bind: body))
                    ON CONFLICT (code) DO UPDATE SET name = excluded.name, search_text = excluded.search_text,
                        field = excluded.field, level = excluded.level, processing_days = excluded.processing_days,
                        online_level = excluded.online_level, workflow = excluded.workflow, body = excluded.body
                    """
                ).run()
            }
            if let audit { try await SQLAuditLog.insert(audit, on: db) }
            try await CacheVersions.bump(.catalogue, on: db, dialect: self.database.dialect)
            return list.count
        }
        drop(.catalogue)
        return count
    }

    public func workflow(code: String) async throws -> Workflow? {
        let (generation, cached) = workflows.current()
        if let hit = cached[code] { return hit }
        let found = try await database.read { db in
            try await db.raw("SELECT body FROM workflows WHERE code = \(bind: code)").first()
                .map { try Stored.decode(Workflow.self, try $0.string("body")) }
        }
        if let found { workflows.fill(generation: generation) { $0[code] = found } }
        return found
    }

    public func workflows() async throws -> [Workflow] {
        try await database.read { db in
            try await db.raw("SELECT body FROM workflows ORDER BY name, code").all().map {
                try Stored.decode(Workflow.self, try $0.string("body"))
            }
        }
    }

    public func saveWorkflow(_ workflow: Workflow, audit: AuditEntry) async throws {
        try workflow.validate()
        let body = try Stored.encode(workflow)
        let now = Stored.millis(audit.at)
        try await database.transaction { db in
            if try await db.raw("SELECT code FROM workflows WHERE code = \(bind: workflow.code)").first() == nil {
                try await db.raw(
                    "INSERT INTO workflows (code, name, body, updated_at) VALUES (\(bind: workflow.code), \(bind: workflow.name), \(bind: body), \(bind: now))"
                ).run()
            } else {
                try await db.raw(
                    "UPDATE workflows SET name = \(bind: workflow.name), body = \(bind: body), updated_at = \(bind: now) WHERE code = \(bind: workflow.code)"
                ).run()
            }
            try await SQLAuditLog.insert(audit, on: db)
            try await CacheVersions.bump(.workflows, on: db, dialect: self.database.dialect)
        }
        drop(.workflows)
    }
}
