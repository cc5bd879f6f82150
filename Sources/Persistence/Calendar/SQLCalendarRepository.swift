import Domain
import SQLKit

/// Working calendars in SQL, cached in-process and reloaded after every edit (made through it, or
/// through another instance: `SharedCache`).
public final class SQLCalendarRepository: CalendarRepository, SharedCache {
    let database: Database
    private let cache = DroppableCache<[String: WorkingCalendar]>([:])
    private let defaultCode = DroppableCache<String?>(nil)

    public init(database: Database) { self.database = database }

    public func drop(_ name: CacheName) {
        guard name == .calendars else { return }
        cache.drop()
        defaultCode.drop()
    }

    public func calendar(code: String) async throws -> WorkingCalendar? {
        let (generation, cached) = cache.current()
        if let hit = cached[code] { return hit }
        let loaded: WorkingCalendar? = try await database.read { db in
            guard let row = try await db.raw("SELECT * FROM calendars WHERE code = \(bind: code)").first() else { return nil }
            let days = try await db.raw("SELECT date, kind, name, name_en FROM calendar_days WHERE calendar_code = \(bind: code)").all()
                .compactMap { r -> CalendarDay? in
                    guard let date = LocalDate(iso: try r.string("date")), let kind = CalendarDayKind(rawValue: try r.string("kind")) else {
                        return nil
                    }
                    return CalendarDay(date: date, kind: kind, name: try r.string("name"), nameEn: try r.string("name_en"))
                }
            let confirmed = try await db.raw(
                "SELECT year, citation, confirmed_at FROM calendar_years WHERE calendar_code = \(bind: code)"
            ).all().map { r in
                CalendarYearConfirmation(
                    year: try r.int("year"), citation: try r.string("citation"),
                    confirmedAt: Stored.date(try r.optionalInt64("confirmed_at")))
            }
            let weekend = try row.string("weekend_days").split(separator: ",").compactMap { Int($0) }
            return WorkingCalendar(
                code: code, name: try row.string("name"), weekendDays: Set(weekend),
                utcOffsetSeconds: try row.int("utc_offset_minutes") * 60, days: days, confirmedYears: confirmed)
        }
        if let loaded { cache.fill(generation: generation) { $0[code] = loaded } }
        return loaded
    }

    public func defaultCalendarCode() async throws -> String {
        let (generation, cached) = defaultCode.current()
        if let hit = cached { return hit }
        let code = try await database.read { db in
            try await db.raw("SELECT code FROM calendars ORDER BY is_default DESC, code LIMIT 1").first()?.string("code")
        }
        guard let code else { throw DomainError.notFound("calendar.notFound") }
        defaultCode.fill(generation: generation) { $0 = code }
        return code
    }

    public func setDay(calendar: String, day: CalendarDay, audit: AuditEntry) async throws {
        try await database.transaction { db in
            guard try await db.raw("SELECT code FROM calendars WHERE code = \(bind: calendar)").first() != nil else {
                throw DomainError.notFound("calendar.notFound")
            }
            try await db.raw("DELETE FROM calendar_days WHERE calendar_code = \(bind: calendar) AND date = \(bind: day.date.iso)").run()
            try await db.raw(
                """
                INSERT INTO calendar_days (calendar_code, date, kind, name, name_en)
                VALUES (\(bind: calendar), \(bind: day.date.iso), \(bind: day.kind.rawValue), \(bind: day.name), \(bind: day.nameEn))
                """
            ).run()
            try await SQLAuditLog.insert(audit, on: db)
            try await CacheVersions.bump(.calendars, on: db, dialect: self.database.dialect)
        }
        drop(.calendars)
    }

    public func removeDay(calendar: String, date: LocalDate, audit: AuditEntry) async throws {
        try await database.transaction { db in
            guard try await db.raw("SELECT code FROM calendars WHERE code = \(bind: calendar)").first() != nil else {
                throw DomainError.notFound("calendar.notFound")
            }
            try await db.raw("DELETE FROM calendar_days WHERE calendar_code = \(bind: calendar) AND date = \(bind: date.iso)").run()
            try await SQLAuditLog.insert(audit, on: db)
            try await CacheVersions.bump(.calendars, on: db, dialect: self.database.dialect)
        }
        drop(.calendars)
    }

    public func confirmYear(calendar: String, confirmation: CalendarYearConfirmation, days: [CalendarDay], audit: AuditEntry) async throws {
        let first = LocalDate(year: confirmation.year, month: 1, day: 1)?.iso ?? ""
        let last = LocalDate(year: confirmation.year, month: 12, day: 31)?.iso ?? ""
        let at = Stored.millis(confirmation.confirmedAt)
        try await database.transaction { db in
            guard try await db.raw("SELECT code FROM calendars WHERE code = \(bind: calendar)").first() != nil else {
                throw DomainError.notFound("calendar.notFound")
            }
            try await db.raw(
                "DELETE FROM calendar_days WHERE calendar_code = \(bind: calendar) AND date >= \(bind: first) AND date <= \(bind: last)"
            ).run()
            for day in days {
                try await db.raw(
                    """
                    INSERT INTO calendar_days (calendar_code, date, kind, name, name_en)
                    VALUES (\(bind: calendar), \(bind: day.date.iso), \(bind: day.kind.rawValue), \(bind: day.name), \(bind: day.nameEn))
                    """
                ).run()
            }
            try await db.raw(
                "DELETE FROM calendar_years WHERE calendar_code = \(bind: calendar) AND year = \(bind: confirmation.year)"
            ).run()
            try await db.raw(
                """
                INSERT INTO calendar_years (calendar_code, year, citation, confirmed_at)
                VALUES (\(bind: calendar), \(bind: confirmation.year), \(bind: confirmation.citation), \(bind: at))
                """
            ).run()
            try await SQLAuditLog.insert(audit, on: db)
            try await CacheVersions.bump(.calendars, on: db, dialect: self.database.dialect)
        }
        drop(.calendars)
    }
}
