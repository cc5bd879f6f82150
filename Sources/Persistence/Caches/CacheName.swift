/// An in-process cache that instances sharing the database invalidate together: its row in
/// `cache_versions` and the payload of its `NOTIFY motcua_cache` on PostgreSQL.
public enum CacheName: String, CaseIterable, Sendable {
    /// Procedures by code, the whole catalogue and its fields.
    case catalogue
    /// Workflows by code (and the clock-stopped states the statistics derive from them).
    case workflows
    /// Working calendars and the default calendar's code.
    case calendars
    /// The agency index.
    case agencies
    /// Field-report categories.
    case reportCategories = "report_categories"
}
