/// Migration 5: the operations centre's aggregates. Flows (dossiers received, resolved, paid,
/// rated; field reports received and answered) are counted per day and per month for each
/// combination of unit and item listed in `stat_combos`; dossiers still pending are counted per
/// due date. `StatisticsProjector` keeps them up to date from the append-only histories, with a
/// cursor per history in `stat_cursors`, and can rebuild them from scratch. Also: the scoring
/// frameworks of the service-quality index (Decision 766) and the archive of monthly reports.
enum Migration0005Statistics {
    static let migration = Migration(version: 5, name: "statistics") { _ in
        tables + combos + ["dossier_events", "report_events", "ratings"].map { "INSERT INTO stat_cursors VALUES ('\($0)', 0)" }
    }

    static let tables: [String] = [
        """
        CREATE TABLE stat_combos (target TEXT NOT NULL, grain TEXT NOT NULL, combo TEXT NOT NULL, by_agency INTEGER NOT NULL,
            by_commune INTEGER NOT NULL, by_item INTEGER NOT NULL, PRIMARY KEY (target, grain, combo))
        """,
        "CREATE TABLE stat_cursors (name TEXT PRIMARY KEY, position BIGINT NOT NULL)",
        """
        CREATE TABLE stat_dossier_flows (grain TEXT NOT NULL, combo TEXT NOT NULL, agency_id TEXT NOT NULL,
            commune_code TEXT NOT NULL, procedure_code TEXT NOT NULL, period TEXT NOT NULL,
        """ + StatisticsColumns.dossierFlows.map { "\($0) BIGINT NOT NULL" }.joined(separator: ", ") + """
                , PRIMARY KEY (grain, combo, agency_id, commune_code, procedure_code, period))
            """,
        "CREATE INDEX stat_dossier_flows_period ON stat_dossier_flows (grain, combo, period)",
        """
        CREATE TABLE stat_dossier_open (combo TEXT NOT NULL, agency_id TEXT NOT NULL, commune_code TEXT NOT NULL,
            procedure_code TEXT NOT NULL, due_date TEXT NOT NULL, paused INTEGER NOT NULL, dossiers BIGINT NOT NULL,
            PRIMARY KEY (combo, agency_id, commune_code, procedure_code, due_date, paused))
        """,
        """
        CREATE TABLE stat_report_flows (grain TEXT NOT NULL, combo TEXT NOT NULL, agency_id TEXT NOT NULL,
            commune_code TEXT NOT NULL, category TEXT NOT NULL, period TEXT NOT NULL,
        """ + StatisticsColumns.reportFlows.map { "\($0) BIGINT NOT NULL" }.joined(separator: ", ") + """
                , PRIMARY KEY (grain, combo, agency_id, commune_code, category, period))
            """,
        "CREATE INDEX stat_report_flows_period ON stat_report_flows (grain, combo, period)",
        // The list of late dossiers and the overdue field reports are read through these.
        "CREATE INDEX dossiers_open_due ON dossiers (due_date) WHERE finished_at IS NULL",
        "CREATE INDEX dossiers_open_handling ON dossiers (handling_agency_id, due_date) WHERE finished_at IS NULL",
        "CREATE INDEX dossiers_open_receiving ON dossiers (receiving_agency_id, due_date) WHERE finished_at IS NULL",
        "CREATE INDEX field_reports_agency_due ON field_reports (agency_id, status, answer_by)",
        "CREATE INDEX field_reports_unit_due ON field_reports (unit_code, status, answer_by)",
        "CREATE TABLE index_frameworks (code TEXT PRIMARY KEY, body TEXT NOT NULL, updated_at BIGINT NOT NULL)",
        """
        CREATE TABLE report_archive (id {ID}, period TEXT NOT NULL, scope TEXT NOT NULL, unit TEXT NOT NULL,
            generated_at BIGINT NOT NULL, csv TEXT NOT NULL, UNIQUE (period, scope, unit))
        """,
    ]

    /// Province (no key), agency, commune, and each of them by item (procedure or category).
    /// Day rows exist for the cheap combinations only; month rows for all.
    static let combos: [String] = {
        var rows: [String] = []
        let shapes = [("p", 0, 0, 0), ("a", 1, 0, 0), ("c", 0, 1, 0), ("pi", 0, 0, 1), ("ai", 1, 0, 1), ("ci", 0, 1, 1)]
        for (combo, a, c, i) in shapes {
            for (target, grains) in [("dossier", i == 1 ? ["m"] : ["d", "m"]), ("report", ["d", "m"]), ("open", ["-"])] {
                if target == "report" && i == 0 { continue }
                for grain in grains {
                    rows.append("INSERT INTO stat_combos VALUES ('\(target)', '\(grain)', '\(combo)', \(a), \(c), \(i))")
                }
            }
        }
        return rows
    }()
}
