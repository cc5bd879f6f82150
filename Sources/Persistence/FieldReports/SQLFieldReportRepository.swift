import Domain
import Foundation
import SQLKit

/// Field reports, their history and photos, categories, routing, corrections and Open311 keys in SQL.
/// Categories are cached in-process (every intake, action and Open311 answer reads them) and
/// reloaded after a change (made here, or by another instance: `SharedCache`).
public final class SQLFieldReportRepository: FieldReportRepository, SharedCache {
    let database: Database
    private let cachedCategories = DroppableCache<[ReportCategory]?>(nil)

    public init(database: Database) { self.database = database }

    public func drop(_ name: CacheName) { if name == .reportCategories { cachedCategories.drop() } }

    public func categories() async throws -> [ReportCategory] {
        let (generation, cached) = cachedCategories.current()
        if let hit = cached { return hit }
        let loaded = try await database.read { db in
            try await db.raw("SELECT body FROM report_categories ORDER BY position, code").all().map {
                try Stored.decode(ReportCategory.self, try $0.string("body"))
            }
        }
        cachedCategories.fill(generation: generation) { $0 = loaded }
        return loaded
    }

    public func saveCategory(_ category: ReportCategory, audit: AuditEntry) async throws {
        let body = try Stored.encode(category)
        try await database.transaction { db in
            let next = try await db.raw("SELECT COALESCE(MAX(position), 0) + 1 AS n FROM report_categories").first()?.int("n") ?? 1
            try await db.raw(
                """
                INSERT INTO report_categories (code, position, body) VALUES (\(bind: category.code), \(bind: next), \(bind: body))
                ON CONFLICT (code) DO UPDATE SET body = excluded.body
                """
            ).run()
            try await SQLAuditLog.insert(audit, on: db)
            try await CacheVersions.bump(.reportCategories, on: db, dialect: self.database.dialect)
        }
        drop(.reportCategories)
    }

    public func routedAgency(category: String, unitCode: String?) async throws -> String? {
        try await database.read { db in
            try await db.raw(
                """
                SELECT agency_id FROM report_routes WHERE category = \(bind: category) AND unit_code IN (\(bind: unitCode ?? ""), '')
                ORDER BY unit_code DESC LIMIT 1
                """
            ).first()?.string("agency_id")
        }
    }

    public func routes() async throws -> [(category: String, unitCode: String?, agencyId: String)] {
        try await database.read { db in
            try await db.raw("SELECT * FROM report_routes ORDER BY category, unit_code").all().map { r in
                let unit = try r.string("unit_code")
                return (try r.string("category"), unit.isEmpty ? nil : unit, try r.string("agency_id"))
            }
        }
    }

    public func setRoute(category: String, unitCode: String?, agencyId: String, audit: AuditEntry) async throws {
        try await database.transaction { db in
            try await db.raw(
                """
                INSERT INTO report_routes (category, unit_code, agency_id) VALUES (\(bind: category), \(bind: unitCode ?? ""),
                    \(bind: agencyId))
                ON CONFLICT (category, unit_code) DO UPDATE SET agency_id = excluded.agency_id
                """
            ).run()
            try await SQLAuditLog.insert(audit, on: db)
        }
    }

    public func record(_ audit: AuditEntry) async throws {
        try await database.transaction { db in try await SQLAuditLog.insert(audit, on: db) }
    }

    public func create(_ r: FieldReport, event: ReportEvent, extras: ReportChangeExtras) async throws -> FieldReport {
        try await database.transaction { db in
            let id = try await db.raw(
                """
                INSERT INTO field_reports (category, suggested_category, suggestion_confidence, description, public_description, attributes,
                    latitude, longitude, unit_code, address, channel, reporter_name, reporter_phone, reporter_email, citizen_id, status,
                    agency_id, assignee_id, version, received_at, received_day, accept_by, answer_by, answer_due_at, answer, status_notes,
                    updated_at, answered_at, answered_on_time,
                    closed_at, rating, duplicate_of, hidden, escalated, token)
                VALUES (\(bind: r.categoryCode), \(bind: r.suggestedCategory), \(bind: r.suggestionConfidence), \(bind: r.description),
                    \(bind: r.publicDescription), \(bind: try Stored.encode(r.attributes)), \(bind: r.location?.latitude),
                    \(bind: r.location?.longitude), \(bind: r.unitCode), \(bind: r.address), \(bind: r.channel.rawValue),
                    \(bind: r.reporter.name), \(bind: r.reporter.phone), \(bind: r.reporter.email), \(bind: r.reporter.citizenId),
                    \(bind: r.status.rawValue), \(bind: r.agencyId), \(bind: r.assigneeId), \(bind: r.version),
                        \(bind: Stored.millis(r.receivedAt)),
                    \(bind: r.receivedDay.iso), \(bind: r.acceptBy.iso), \(bind: r.answerBy.iso),
                    \(bind: Stored.millis(r.answerDueAt)), \(bind: r.answer),
                    \(bind: r.statusNotes), \(bind: Stored.millis(r.updatedAt)),
                    \(bind: Stored.millis(r.answeredAt)), \(bind: r.answeredOnTime), \(bind: Stored.millis(r.closedAt)),
                    \(bind: r.rating?.rawValue), \(bind: r.duplicateOf), \(bind: r.hidden), \(bind: r.escalated), \(bind: r.token))
                RETURNING id
                """
            ).first()!.int64("id")
            var stored = r
            stored.id = id
            try await Self.write(db, stored, event: event, extras: extras)
            return stored
        }
    }

    public func update(_ r: FieldReport, expectedVersion: Int, event: ReportEvent, extras: ReportChangeExtras) async throws -> FieldReport {
        try await database.transaction { db in
            guard
                try await db.raw(
                    """
                    UPDATE field_reports SET category = \(bind: r.categoryCode), public_description = \(bind: r.publicDescription),
                        status = \(bind: r.status.rawValue), agency_id = \(bind: r.agencyId), assignee_id = \(bind: r.assigneeId),
                        version = \(bind: r.version), accept_by = \(bind: r.acceptBy.iso), answer = \(bind: r.answer),
                        status_notes = \(bind: r.statusNotes), updated_at = \(bind: Stored.millis(r.updatedAt)),
                        answered_at = \(bind: Stored.millis(r.answeredAt)), answered_on_time = \(bind: r.answeredOnTime),
                        closed_at = \(bind: Stored.millis(r.closedAt)), rating = \(bind: r.rating?.rawValue),
                            duplicate_of = \(bind: r.duplicateOf),
                        hidden = \(bind: r.hidden), escalated = \(bind: r.escalated)
                    WHERE id = \(bind: r.id) AND version = \(bind: expectedVersion) RETURNING id
                    """
                ).first() != nil
            else { throw DomainError.conflict("report.staleVersion") }
            try await Self.write(db, r, event: event, extras: extras)
            return r
        }
    }

    /// The event and the extras of a change, in its transaction.
    static func write(_ db: any SQLDatabase, _ r: FieldReport, event e: ReportEvent, extras: ReportChangeExtras) async throws {
        try await db.raw(
            """
            INSERT INTO report_events (report_id, action, from_status, to_status, actor_id, actor_name, agency_id, note, is_public, at)
            VALUES (\(bind: r.id), \(bind: e.action), \(bind: e.fromStatus?.rawValue), \(bind: e.toStatus.rawValue), \(bind: e.actorId),
                \(bind: e.actorName), \(bind: e.agencyId), \(bind: e.note), \(bind: e.isPublic), \(bind: Stored.millis(e.at)))
            """
        ).run()
        for photo in extras.photos {
            try await db.raw(
                """
                INSERT INTO report_photos (report_id, document_id, of_answer, hidden)
                VALUES (\(bind: r.id), \(bind: photo.documentId), \(bind: photo.ofAnswer), \(bind: photo.hidden))
                """
            ).run()
        }
        if let photo = extras.photoVisibility {
            try await db.raw(
                """
                UPDATE report_photos SET hidden = \(bind: photo.hidden) WHERE report_id = \(bind: r.id)
                    AND document_id = \(bind: photo.documentId)
                """
            ).run()
        }
        if let text = extras.trainingSample {
            try await db.raw(
                """
                INSERT INTO report_training (text, category, created_at) VALUES (\(bind: text), \(bind: r.categoryCode),
                    \(bind: Stored.millis(e.at)))
                """
            ).run()
        }
        for message in extras.messages {
            try await db.raw(SQLOutboxRepository.insert(message, now: e.at)).run()
        }
        if let audit = extras.audit { try await SQLAuditLog.insert(audit, on: db) }
    }

    public func report(id: Int64) async throws -> FieldReport? {
        try await database.read { db in try await db.raw("SELECT * FROM field_reports WHERE id = \(bind: id)").first().map(Self.report) }
    }

    public func report(token: String) async throws -> FieldReport? {
        try await database.read { db in
            try await db.raw("SELECT * FROM field_reports WHERE token = \(bind: token)").first().map(Self.report)
        }
    }

    public func list(_ q: ReportQuery) async throws -> [FieldReport] {
        try await database.read { db in
            var sql: SQLQueryString = "SELECT * FROM field_reports WHERE 1 = 1"
            if let ids = q.ids { sql += ids.isEmpty ? " AND 1 = 0" : " AND id IN (\(binds: ids))" }
            if let c = q.categories, !c.isEmpty { sql += " AND category IN (\(binds: c))" }
            if let s = q.statuses, !s.isEmpty { sql += " AND status IN (\(binds: s.map(\.rawValue)))" }
            if let a = q.agencyId { sql += " AND agency_id = \(bind: a)" }
            if let u = q.unitCode { sql += " AND unit_code = \(bind: u)" }
            if let f = q.from { sql += " AND received_at >= \(bind: Stored.millis(f))" }
            if let t = q.to { sql += " AND received_at <= \(bind: Stored.millis(t))" }
            if !q.includeHidden { sql += " AND hidden = \(bind: false)" }
            if let b = q.before { sql += " AND id < \(bind: b)" }
            sql += " ORDER BY id DESC LIMIT \(literal: max(1, min(q.limit, 1000)))"
            return try await db.raw(sql).all().map(Self.report)
        }
    }

    public func events(reportId: Int64) async throws -> [ReportEvent] {
        try await database.read { db in
            try await db.raw("SELECT * FROM report_events WHERE report_id = \(bind: reportId) ORDER BY id").all().map { r in
                ReportEvent(
                    action: try r.string("action"), fromStatus: try r.optionalString("from_status").flatMap(ReportStatus.init(rawValue:)),
                    toStatus: ReportStatus(rawValue: try r.string("to_status")) ?? .received, actorId: try r.optionalInt64("actor_id"),
                    actorName: try r.string("actor_name"), agencyId: try r.string("agency_id"), note: try r.optionalString("note"),
                    isPublic: try r.bool("is_public"), at: Stored.date(try r.int64("at")))
            }
        }
    }

    public func photos(reportId: Int64) async throws -> [ReportPhoto] {
        try await database.read { db in
            try await db.raw("SELECT * FROM report_photos WHERE report_id = \(bind: reportId) ORDER BY document_id").all().map { r in
                ReportPhoto(documentId: try r.int64("document_id"), ofAnswer: try r.bool("of_answer"), hidden: try r.bool("hidden"))
            }
        }
    }

    public func publicPhotos(reportIds: [Int64]) async throws -> [Int64: Int64] {
        guard !reportIds.isEmpty else { return [:] }
        return try await database.read { db in
            var first: [Int64: Int64] = [:]
            for row in try await db.raw(
                """
                SELECT report_id, MIN(document_id) AS document_id FROM report_photos
                WHERE report_id IN (\(binds: reportIds)) AND hidden = \(bind: false) AND of_answer = \(bind: false) GROUP BY report_id
                """
            ).all() {
                first[try row.int64("report_id")] = try row.int64("document_id")
            }
            return first
        }
    }

    public func nearbyOpen(category: String, point: GeoPoint, metres: Double) async throws -> [FieldReport] {
        // A bounding box on the index first, then the exact distance.
        let dLat = metres / 111_320
        let dLon = metres / (111_320 * max(0.1, cos(point.latitude * .pi / 180)))
        let open = ReportStatus.allCases.filter(\.isOpen).map(\.rawValue)
        let rows = try await database.read { db in
            try await db.raw(
                """
                SELECT * FROM field_reports WHERE category = \(bind: category) AND status IN (\(binds: open)) AND duplicate_of IS NULL
                    AND latitude BETWEEN \(bind: point.latitude - dLat) AND \(bind: point.latitude + dLat)
                    AND longitude BETWEEN \(bind: point.longitude - dLon) AND \(bind: point.longitude + dLon)
                ORDER BY id LIMIT 50
                """
            ).all().map(Self.report)
        }
        return rows.map { ($0, $0.location?.distance(to: point) ?? .infinity) }.filter { $0.1 <= metres }
            .sorted { $0.1 < $1.1 }.map(\.0)
    }

    public func overdue(before day: LocalDate, limit: Int) async throws -> [FieldReport] {
        try await database.read { db in
            try await db.raw(
                """
                SELECT * FROM field_reports WHERE status IN ('received', 'accepted', 'assigned', 'inProgress')
                    AND escalated = \(bind: false) AND answer_by < \(bind: day.iso) ORDER BY id LIMIT \(literal: limit)
                """
            ).all().map(Self.report)
        }
    }

    public func corrections() async throws -> [(text: String, category: String)] {
        try await database.read { db in
            try await db.raw("SELECT text, category FROM report_training ORDER BY id").all().map {
                (try $0.string("text"), try $0.string("category"))
            }
        }
    }

    public func apiClient(keyHash: String) async throws -> String? {
        try await database.read { db in
            try await db.raw("SELECT client FROM open311_keys WHERE key_hash = \(bind: keyHash)").first()?.string("client")
        }
    }

    public func addAPIKey(keyHash: String, client: String, now: Date, audit: AuditEntry?) async throws {
        try await database.transaction { db in
            try await db.raw(
                """
                INSERT INTO open311_keys (key_hash, client, created_at) VALUES (\(bind: keyHash), \(bind: client),
                    \(bind: Stored.millis(now)))
                ON CONFLICT (key_hash) DO NOTHING
                """
            ).run()
            if let audit { try await SQLAuditLog.insert(audit, on: db) }
        }
    }

    public func statistics(from: Date?, to: Date?, today: LocalDate, now: Date) async throws -> ReportStatistics {
        try await database.read { db in
            var filter: SQLQueryString = "hidden = \(bind: false) AND duplicate_of IS NULL"
            if let from { filter += " AND received_at >= \(bind: Stored.millis(from))" }
            if let to { filter += " AND received_at <= \(bind: Stored.millis(to))" }
            func grouped(_ key: String) async throws -> [ReportStatistics.Row] {
                try await db.raw(
                    """
                    SELECT \(unsafeRaw: key) AS k, COUNT(*) AS received,
                        SUM(CASE WHEN answered_on_time IS NOT NULL THEN 1 ELSE 0 END) AS answered,
                        SUM(CASE WHEN answered_on_time = \(bind: true) THEN 1 ELSE 0 END) AS on_time,
                        SUM(CASE WHEN status IN ('received', 'accepted', 'assigned', 'inProgress') AND (answer_by < \(bind: today.iso)
                            OR answer_due_at < \(bind: Stored.millis(now))) THEN 1 ELSE 0 END) AS overdue,
                        CAST(SUM(CASE WHEN answered_on_time IS NOT NULL THEN answered_at - received_at ELSE 0 END) AS BIGINT) AS answer_ms
                    FROM field_reports WHERE \(filter) GROUP BY \(unsafeRaw: key) ORDER BY \(unsafeRaw: key)
                    """
                ).all().map { r in
                    ReportStatistics.Row(
                        key: try r.optionalString("k") ?? "", received: try r.int("received"),
                        answered: try r.optionalInt("answered") ?? 0, answeredOnTime: try r.optionalInt("on_time") ?? 0,
                        overdueOpen: try r.optionalInt("overdue") ?? 0,
                        answerHours: Double(try r.optionalInt64("answer_ms") ?? 0) / 3_600_000)
                }
            }
            let byStatus = try await grouped("status")
            var total = ReportStatistics.Row(key: "total")
            for row in byStatus {
                total.received += row.received
                total.answered += row.answered
                total.answeredOnTime += row.answeredOnTime
                total.overdueOpen += row.overdueOpen
                total.answerHours += row.answerHours
            }
            return ReportStatistics(
                total: total, byCategory: try await grouped("category"), byAgency: try await grouped("agency_id"),
                byUnit: try await grouped("unit_code"), byStatus: byStatus,
                byMonth: try await grouped("substr(received_day, 1, 7)"))
        }
    }

    static func report(_ r: any SQLRow) throws -> FieldReport {
        var location: GeoPoint?
        if let lat = try r.decode(column: "latitude", as: Double?.self), let lon = try r.decode(column: "longitude", as: Double?.self) {
            location = GeoPoint(latitude: lat, longitude: lon)
        }
        return FieldReport(
            id: try r.int64("id"), categoryCode: try r.string("category"), suggestedCategory: try r.optionalString("suggested_category"),
            suggestionConfidence: try r.decode(column: "suggestion_confidence", as: Double?.self), description: try r.string("description"),
            publicDescription: try r.string("public_description"),
            attributes: try Stored.decode([String: String].self, try r.string("attributes")), location: location,
            unitCode: try r.optionalString("unit_code"), address: try r.optionalString("address"),
            channel: ReportChannel(rawValue: try r.string("channel")) ?? .web,
            reporter: ReporterContact(
                name: try r.optionalString("reporter_name"), phone: try r.optionalString("reporter_phone"),
                email: try r.optionalString("reporter_email"), citizenId: try r.optionalInt64("citizen_id")),
            status: ReportStatus(rawValue: try r.string("status")) ?? .received, agencyId: try r.string("agency_id"),
            assigneeId: try r.optionalInt64("assignee_id"), version: try r.int("version"),
            receivedAt: Stored.date(try r.int64("received_at")),
            receivedDay: try r.day("received_day"),
            acceptBy: try r.day("accept_by"),
            answerBy: try r.day("answer_by"), answerDueAt: Stored.date(try r.optionalInt64("answer_due_at")),
            answer: try r.optionalString("answer"), statusNotes: try r.optionalString("status_notes"),
            updatedAt: Stored.date(try r.int64("updated_at")), answeredAt: Stored.date(try r.optionalInt64("answered_at")),
            answeredOnTime: try r.decode(column: "answered_on_time", as: Bool?.self),
            closedAt: Stored.date(try r.optionalInt64("closed_at")),
            rating: try r.optionalString("rating").flatMap(RatingScore.init(rawValue:)), duplicateOf: try r.optionalInt64("duplicate_of"),
            hidden: try r.bool("hidden"), escalated: try r.bool("escalated"), token: try r.optionalString("token"))
    }
}
