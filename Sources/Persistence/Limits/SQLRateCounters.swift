import Domain
import Foundation
import SQLKit

/// Rate counters in PostgreSQL's `rate_counters` (migration 13), shared by every instance on the
/// database. A hit is one statement: an upsert that adds to the key's count (or opens a new window
/// when the last one ended) only while the count stays within the limit, and otherwise returns the
/// count as it stands. Ended windows are deleted by `sweep`, run periodically.
public struct SQLRateCounters: RateCounters {
    let database: Database

    /// Counters on `database`, which must be PostgreSQL.
    public init(database: Database) {
        precondition(database.dialect == .postgres, "rate counters in the database are PostgreSQL's")
        self.database = database
    }

    public func hit(_ key: RateKey, window: TimeInterval, cost: Int, limit: Int, now: Date) async throws -> RateCount {
        guard cost <= limit else { return try await refused(read(key, now: now), now: now) }
        let at = Stored.millis(now)
        let end = Stored.millis(now.addingTimeInterval(window))
        let row = try await database.read { db in
            try await db.raw(
                """
                WITH hit AS (
                    INSERT INTO rate_counters AS c (scope, subject, n, window_end, last_at)
                    VALUES (\(bind: key.scope), \(bind: key.subject), \(bind: cost), \(bind: end), \(bind: at))
                    ON CONFLICT (scope, subject) DO UPDATE SET
                        n = CASE WHEN c.window_end <= EXCLUDED.last_at THEN EXCLUDED.n ELSE c.n + EXCLUDED.n END,
                        window_end = CASE WHEN c.window_end <= EXCLUDED.last_at THEN EXCLUDED.window_end ELSE c.window_end END,
                        last_at = EXCLUDED.last_at
                    WHERE c.window_end <= EXCLUDED.last_at OR c.n + EXCLUDED.n <= \(bind: limit)
                    RETURNING n, window_end, last_at
                )
                SELECT n, window_end, last_at, 1 AS taken FROM hit
                UNION ALL
                SELECT n, window_end, last_at, 0 AS taken FROM rate_counters
                WHERE scope = \(bind: key.scope) AND subject = \(bind: key.subject) AND NOT EXISTS (SELECT 1 FROM hit)
                """
            ).first()
        }
        // No row: refused against a row inserted after this statement's snapshot.
        guard let row else { return RateCount(count: limit, taken: false, windowEnd: nil, last: nil) }
        return try Self.count(row, taken: row.decode(column: "taken", as: Int.self) == 1)
    }

    public func read(_ key: RateKey, now: Date) async throws -> RateCount {
        let row = try await database.read { db in
            try await db.raw(
                """
                SELECT n, window_end, last_at FROM rate_counters
                WHERE scope = \(bind: key.scope) AND subject = \(bind: key.subject) AND window_end > \(bind: Stored.millis(now))
                """
            ).first()
        }
        return try row.map { try Self.count($0, taken: false) } ?? .empty
    }

    public func reset(scope: String) async throws {
        try await database.read { db in try await db.raw("DELETE FROM rate_counters WHERE scope = \(bind: scope)").run() }
    }

    @discardableResult
    public func sweep(now: Date) async throws -> Int {
        try await database.read { db in
            try await db.raw("DELETE FROM rate_counters WHERE window_end <= \(bind: Stored.millis(now)) RETURNING 1").all().count
        }
    }

    private func refused(_ count: RateCount, now: Date) -> RateCount {
        RateCount(count: count.count, taken: false, windowEnd: count.windowEnd, last: count.last)
    }

    private static func count(_ row: any SQLRow, taken: Bool) throws -> RateCount {
        RateCount(
            count: try row.decode(column: "n", as: Int.self), taken: taken,
            windowEnd: Stored.date(try row.decode(column: "window_end", as: Int64.self)),
            last: Stored.date(try row.decode(column: "last_at", as: Int64.self)))
    }
}
