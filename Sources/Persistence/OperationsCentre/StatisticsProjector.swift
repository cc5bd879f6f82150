import Domain
import Foundation
import SQLKit

/// Keeps the operations centre's aggregates up to date from the append-only histories (dossier
/// events, field-report events) and the ratings, and rebuilds them from scratch on demand.
///
/// Each history has a cursor in `stat_cursors`. A pass reads the ids after the cursor and folds
/// the longest run without holes into the aggregates, in one transaction with the cursor's move,
/// so every event counts exactly once. A hole is an id whose transaction has not committed yet
/// (PostgreSQL hands out ids before commit): the pass stops before it and waits, unless the event
/// after the hole is older than `gapGraceSeconds`, which means the hole was a rolled-back insert.
/// Ratings have no id: they are taken by creation instant, once older than `gapGraceSeconds`.
public struct StatisticsProjector: Sendable {
    let database: Database
    let gapGraceSeconds: Int
    let batchSize: Int

    public init(database: Database, gapGraceSeconds: Int = 60, batchSize: Int = 5_000) {
        self.database = database
        self.gapGraceSeconds = gapGraceSeconds
        self.batchSize = batchSize
    }

    /// Folds everything new into the aggregates; returns how many events and ratings it counted.
    @discardableResult
    public func run(now: Date) async throws -> Int {
        let sql = try await statements()
        var total = 0
        while true {
            let dossiers = try await advance(cursor: "dossier_events", table: "dossier_events", instant: "occurred_at", now: now) {
                from, to in
                sql.flowStatements(
                    table: "stat_dossier_flows", itemColumn: "procedure_code", target: "dossier",
                    metrics: StatisticsColumns.dossierFlows, facts: sql.dossierEventFacts(from: from, to: to))
                    + sql.openStatements(from: from, to: to) + [
                        sql.activityStatement(table: "dossier_events", instant: "occurred_at", from: from, to: to)
                    ]
            }
            let reports = try await advance(cursor: "report_events", table: "report_events", instant: "at", now: now) { from, to in
                sql.flowStatements(
                    table: "stat_report_flows", itemColumn: "category", target: "report",
                    metrics: StatisticsColumns.reportFlows, facts: sql.reportEventFacts(from: from, to: to))
                    + [sql.activityStatement(table: "report_events", instant: "at", from: from, to: to)]
            }
            total += dossiers + reports
            if dossiers < batchSize && reports < batchSize { break }
        }
        total += try await advanceRatings(sql: sql, now: now)
        return total
    }

    /// The meaning of the aggregates' rows. Raise it whenever what an event counts for changes:
    /// the first start of the new version then rebuilds them (`rebuildIfOutdated`).
    public static let version: Int64 = 2

    /// Rebuilds the aggregates when they were built by another version of the projector;
    /// returns whether it did.
    @discardableResult
    public func rebuildIfOutdated(now: Date) async throws -> Bool {
        guard try await position("version") != Self.version else { return false }
        try await rebuild(now: now)
        return true
    }

    /// Empties the aggregates and folds the whole history again; returns what it counted.
    @discardableResult
    public func rebuild(now: Date) async throws -> Int {
        try await database.transaction { db in
            for table in ["stat_dossier_flows", "stat_dossier_open", "stat_open_totals", "stat_report_flows", "stat_officer_activity"] {
                try await db.raw(SQLQueryString("DELETE FROM \(table)")).run()
            }
            try await db.raw("UPDATE stat_cursors SET position = 0").run()
            try await db.raw("DELETE FROM stat_cursors WHERE name = 'version'").run()
            try await db.raw("INSERT INTO stat_cursors (name, position) VALUES ('version', \(bind: Self.version))").run()
        }
        return try await run(now: now)
    }

    /// The calendar's offset and the paused states, read at each pass (both are data).
    func statements() async throws -> StatisticsSQL {
        try await database.read { db in
            let offset = try await db.raw("SELECT utc_offset_minutes FROM calendars WHERE is_default = \(bind: true)").first()
            let workflows = try await db.raw("SELECT body FROM workflows").all()
            let parsed = try workflows.map { try Stored.decode(Workflow.self, try $0.string("body")) }
            let combos = try await db.raw(
                "SELECT target, grain, combo, by_agency, by_commune, by_item FROM stat_combos ORDER BY target, grain, combo"
            )
            .all().map { r in
                StatisticsSQL.Combo(
                    target: try r.string("target"), grain: try r.string("grain"), combo: try r.string("combo"),
                    byAgency: try r.int("by_agency") == 1, byCommune: try r.int("by_commune") == 1, byItem: try r.int("by_item") == 1)
            }
            return StatisticsSQL(
                dialect: database.dialect, utcOffsetSeconds: (try offset?.int("utc_offset_minutes") ?? 420) * 60,
                codes: WorkflowCodes(parsed), combos: combos)
        }
    }

    /// Folds the next run of ids of `table` after its cursor; returns how many events it took.
    private func advance(
        cursor: String, table: String, instant: String, now: Date,
        statements: @escaping @Sendable (Int64, Int64) -> [String]
    ) async throws -> Int {
        let from = try await position(cursor)
        let rows = try await database.read { db in
            try await db.raw(
                """
                SELECT id, \(unsafeRaw: instant) AS at FROM \(unsafeRaw: table)
                    WHERE id > \(bind: from) ORDER BY id LIMIT \(bind: batchSize)
                """
            ).all()
        }
        let ids = try rows.map { (try $0.int64("id"), try $0.int64("at")) }
        let to = Self.contiguousEnd(after: from, ids: ids, now: Stored.millis(now), graceMillis: Int64(gapGraceSeconds) * 1000)
        guard to > from else { return 0 }
        try await move(cursor, from: from, to: to, statements: statements(from, to))
        return ids.filter { $0.0 <= to }.count
    }

    private func advanceRatings(sql: StatisticsSQL, now: Date) async throws -> Int {
        let from = try await position("ratings")
        let to = Stored.millis(now) - Int64(gapGraceSeconds) * 1000
        guard to > from else { return 0 }
        let count = try await database.read { db in
            try await db.raw("SELECT COUNT(*) AS n FROM ratings WHERE created_at > \(bind: from) AND created_at <= \(bind: to)").first()?
                .int("n") ?? 0
        }
        guard count > 0 else { return 0 }
        try await move(
            "ratings", from: from, to: to,
            statements:
                sql.flowStatements(
                    table: "stat_dossier_flows", itemColumn: "procedure_code", target: "dossier",
                    metrics: StatisticsColumns.dossierFlows, facts: sql.ratingFacts(from: from, to: to)))
        return count
    }

    private func position(_ cursor: String) async throws -> Int64 {
        try await database.read { db in
            try await db.raw("SELECT position FROM stat_cursors WHERE name = \(bind: cursor)").first()?.int64("position") ?? 0
        }
    }

    /// Claims the cursor's move (another pass that got there first makes this one give up) and
    /// runs the statements, all in one transaction.
    private func move(_ cursor: String, from: Int64, to: Int64, statements: [String]) async throws {
        try await database.transaction { db in
            let claimed = try await db.raw(
                """
                UPDATE stat_cursors SET position = \(bind: to) WHERE name = \(bind: cursor) AND position = \(bind: from) RETURNING name
                """
            ).first()
            guard claimed != nil else { throw DomainError.conflict("statistics.cursorMoved") }
            for statement in statements { try await db.raw(SQLQueryString(statement)).run() }
        }
    }

    /// The last id of the run that starts after `start`: ids follow each other, or the one after
    /// a hole is older than the grace period.
    static func contiguousEnd(after start: Int64, ids: [(Int64, Int64)], now: Int64, graceMillis: Int64) -> Int64 {
        var end = start
        for (id, at) in ids {
            guard id == end + 1 || now - at > graceMillis else { break }
            end = id
        }
        return end
    }
}

extension StatisticsProjector: StatisticsRebuilder {}
