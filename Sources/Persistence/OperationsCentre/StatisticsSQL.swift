import Domain

/// The column lists of the aggregate tables, taken from the metrics so schema and code agree.
enum StatisticsColumns {
    static let dossierFlows = DossierMetric.allCases.map(\.rawValue)
    static let reportFlows = ReportMetric.allCases.map(\.rawValue)
}

/// The statements that fold a slice of history into the aggregates. Each reads the slice once,
/// computes one row of facts per event (what the event counts for, on which day, for which
/// agency, commune and item), multiplies it by the combinations of `stat_combos` and adds the
/// sums to the stored rows. The same statements serve the worker and the rebuild.
struct StatisticsSQL {
    let dialect: Database.Dialect
    /// Offset of the platform's calendar from UTC, for the day an instant falls on.
    let utcOffsetSeconds: Int
    /// What the workflows say about their states and actions.
    let codes: WorkflowCodes
    /// The combinations of `stat_combos`.
    let combos: [Combo]

    /// One row of `stat_combos`: which keys a target's rows of one grain are split by.
    struct Combo: Sendable {
        let target: String, grain: String, combo: String, byAgency: Bool, byCommune: Bool, byItem: Bool
    }

    /// The local day (YYYY-MM-DD) of a column holding milliseconds since 1970.
    func day(_ millis: String) -> String {
        switch dialect {
        case .sqlite: "strftime('%Y-%m-%d', \(millis) / 1000 + \(utcOffsetSeconds), 'unixepoch')"
        case .postgres: "to_char(to_timestamp(\(millis) / 1000 + \(utcOffsetSeconds)) AT TIME ZONE 'UTC', 'YYYY-MM-DD')"
        }
    }

    /// The commune a dossier counts for: its receiving desk's commune, else the applicant's.
    static let commune = "COALESCE(ra.unit_code, d.applicant_unit_code, '')"
    static let dossierJoin = "JOIN dossiers d ON d.id = e.dossier_id JOIN agencies ra ON ra.id = d.receiving_agency_id"

    var pausedList: String { Self.list(codes.pausedStates) }

    /// Codes as an SQL list (workflow codes are identifiers; anything else is left out).
    static func list(_ codes: [String]) -> String {
        let safe = codes.filter { $0.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == ":") } }
        return safe.isEmpty ? "''" : safe.map { "'\($0)'" }.joined(separator: ", ")
    }

    /// Facts of the dossier events with ids in (from, to].
    func dossierEventFacts(from: Int64, to: Int64) -> String {
        let action = "(d.workflow_code || ':' || e.action)"
        let state = "(d.workflow_code || ':' || e.to_state)"
        // The clock starts with the first event (counter) or an accepting action (online).
        let received = "((e.from_state IS NULL AND e.due_date IS NOT NULL) OR \(action) IN (\(Self.list(codes.acceptActions))))"
        // The outcome of a received dossier is decided by an approving action or by entering a
        // refused or stopped state; a refusal before the clock started is no decision on a dossier.
        let resolved = """
            (\(action) IN (\(Self.list(codes.approveActions))) OR \(state) IN (\(Self.list(codes.decisionStates)))) \
            AND d.received_at IS NOT NULL
            """
        let finished = "\(state) IN (\(Self.list(codes.terminalStates)))"
        let paid = "\(action) IN (\(Self.list(codes.paymentActions)))"
        func when(_ condition: String) -> String { "CASE WHEN \(condition) THEN 1 ELSE 0 END" }
        let values: [DossierMetric: String] = [
            .received: when(received),
            .receivedOnline: when("\(received) AND d.channel IN ('online', 'assisted')"),
            .receivedDigitised: when("\(received) AND EXISTS (SELECT 1 FROM dossier_documents dd WHERE dd.dossier_id = d.id)"),
            .receivedReused: when("\(received) AND EXISTS (SELECT 1 FROM dossier_documents dd WHERE dd.dossier_id = d.id AND dd.reused)"),
            .resolved: when(resolved),
            .resolvedEarly: when("\(resolved) AND d.timeliness = 'early'"),
            .resolvedOnTime: when("\(resolved) AND d.timeliness = 'onTime'"),
            .resolvedLate: when("\(resolved) AND d.timeliness = 'late'"),
            // Only apologies made before the resolution count, whenever the figure is read.
            .resolvedLateApologized: when(
                """
                \(resolved) AND d.timeliness = 'late' AND EXISTS (SELECT 1 FROM dossier_events a
                    WHERE a.dossier_id = d.id AND a.sequence < e.sequence
                      AND (d.workflow_code || ':' || a.action) IN (\(Self.list(codes.apologyActions))))
                """),
            .processingMillis: "CASE WHEN \(resolved) THEN e.occurred_at - d.received_at ELSE 0 END",
            .refused: when("\(finished) AND d.outcome = 'refused' AND d.received_at IS NOT NULL"),
            .withdrawn: when("\(finished) AND d.outcome = 'withdrawn' AND d.received_at IS NOT NULL"),
            .refusedAtReception: when("\(finished) AND d.outcome = 'refused' AND d.received_at IS NULL"),
            .returned: when("\(finished) AND d.outcome = 'returned'"),
            .returnedElectronic: when(
                "\(finished) AND d.outcome = 'returned' AND EXISTS (SELECT 1 FROM results r WHERE r.dossier_id = d.id AND r.signature IS NOT NULL)"
            ),
            .paid: when(paid),
            // The payment gateway acts as the platform, without an officer.
            .paidOnline: when("\(paid) AND e.actor_id IS NULL"),
        ]
        let columns = DossierMetric.allCases.map { "\(values[$0] ?? "0") AS \($0.rawValue)" }.joined(separator: ", ")
        return """
            SELECT \(day("e.occurred_at")) AS day, e.handling_agency_id AS agency, \(Self.commune) AS commune,
                d.procedure_code AS item, \(columns)
            FROM dossier_events e \(Self.dossierJoin)
            WHERE e.id > \(from) AND e.id <= \(to)
              AND (\(received) OR \(resolved) OR \(finished) OR \(paid))
            """
    }

    /// Facts of the ratings given at instants in (from, to].
    func ratingFacts(from: Int64, to: Int64) -> String {
        let values: [DossierMetric: String] = [
            .ratings: "1",
            .ratingsSatisfied: "CASE WHEN g.score = 'satisfied' THEN 1 ELSE 0 END",
            .ratingsUnsatisfied: "CASE WHEN g.score = 'unsatisfied' THEN 1 ELSE 0 END",
        ]
        let columns = DossierMetric.allCases.map { "\(values[$0] ?? "0") AS \($0.rawValue)" }.joined(separator: ", ")
        return """
            SELECT \(day("g.created_at")) AS day, g.agency_id AS agency, \(Self.commune) AS commune,
                d.procedure_code AS item, \(columns)
            FROM ratings g JOIN dossiers d ON d.id = g.dossier_id JOIN agencies ra ON ra.id = d.receiving_agency_id
            WHERE g.created_at > \(from) AND g.created_at <= \(to)
            """
    }

    /// Facts of the field-report events with ids in (from, to].
    func reportEventFacts(from: Int64, to: Int64) -> String {
        let answered = "e.to_status = 'answered' AND COALESCE(e.from_status, '') <> 'answered'"
        let values: [ReportMetric: String] = [
            .received: "CASE WHEN e.from_status IS NULL THEN 1 ELSE 0 END",
            .answered: "CASE WHEN \(answered) THEN 1 ELSE 0 END",
            .answeredOnTime: "CASE WHEN \(answered) AND r.answered_on_time THEN 1 ELSE 0 END",
            .rejected: "CASE WHEN e.to_status = 'rejected' AND COALESCE(e.from_status, '') <> 'rejected' THEN 1 ELSE 0 END",
        ]
        let columns = ReportMetric.allCases.map { "\(values[$0] ?? "0") AS \($0.rawValue)" }.joined(separator: ", ")
        return """
            SELECT \(day("e.at")) AS day, e.agency_id AS agency, COALESCE(r.unit_code, '') AS commune, r.category AS item, \(columns)
            FROM report_events e JOIN field_reports r ON r.id = e.report_id
            WHERE e.id > \(from) AND e.id <= \(to)
            """
    }

    /// The statements that add the sums of `facts` to a flow table: the facts (one row per event)
    /// are written once to a temporary table, then each combination of `target` groups them by its
    /// own keys only and adds its rows (a few statements over a small table beat one grouping of
    /// every event times every combination).
    func flowStatements(table: String, itemColumn: String, target: String, metrics: [String], facts: String) -> [String] {
        let sums = metrics.map { "SUM(\($0))" }.joined(separator: ", ")
        let updates = metrics.map { "\($0) = \(table).\($0) + excluded.\($0)" }.joined(separator: ", ")
        var statements = ["DROP TABLE IF EXISTS stat_batch", "CREATE TEMP TABLE stat_batch AS \(facts)"]
        for k in combos where k.target == target {
            let period = k.grain == "d" ? "day" : "substr(day, 1, 7)"
            let keys = [k.byAgency ? "agency" : nil, k.byCommune ? "commune" : nil, k.byItem ? "item" : nil].compactMap { $0 } + [period]
            statements.append(
                """
                INSERT INTO \(table) (grain, combo, agency_id, commune_code, \(itemColumn), period, \(metrics.joined(separator: ", ")))
                SELECT '\(k.grain)', '\(k.combo)', \(k.byAgency ? "agency" : "''"), \(k.byCommune ? "commune" : "''"),
                    \(k.byItem ? "item" : "''"),
                    \(period), \(sums)
                FROM stat_batch WHERE 1 = 1 GROUP BY \(keys.joined(separator: ", "))
                ON CONFLICT (grain, combo, agency_id, commune_code, \(itemColumn), period) DO UPDATE SET \(updates)
                """)
        }
        return statements + ["DROP TABLE stat_batch"]
    }

    /// Adds the actions officers took in the events with ids in (from, to] of `table` (dossier or
    /// field-report history) to their monthly activity (the share of officers active on the platform).
    func activityStatement(table: String, instant: String, from: Int64, to: Int64) -> String {
        """
        INSERT INTO stat_officer_activity (officer_id, period, events)
        SELECT e.actor_id, substr(\(day("e.\(instant)")), 1, 7), COUNT(*) FROM \(table) e
        WHERE e.id > \(from) AND e.id <= \(to) AND e.actor_id IS NOT NULL GROUP BY 1, 2
        ON CONFLICT (officer_id, period) DO UPDATE SET events = stat_officer_activity.events + excluded.events
        """
    }

    /// Moves each dossier touched by the events in (from, to] from its pending row before the
    /// event (the previous event's agency, due date and pause) to its row after it. A dossier is
    /// pending from the start of its clock until it is decided or finished.
    func openStatements(from: Int64, to: Int64) -> [String] {
        var statements = [
            "DROP TABLE IF EXISTS stat_open_batch",
            """
            CREATE TEMP TABLE stat_open_batch AS
            SELECT e.handling_agency_id AS agency, \(Self.commune) AS commune, d.procedure_code AS item, e.due_date AS due,
                CASE WHEN (d.workflow_code || ':' || e.to_state) IN (\(pausedList)) THEN 1 ELSE 0 END AS paused, 1 AS delta
            FROM dossier_events e \(Self.dossierJoin)
            WHERE e.id > \(from) AND e.id <= \(to) AND e.due_date IS NOT NULL
              AND (d.workflow_code || ':' || e.to_state) NOT IN (\(Self.list(codes.closedStates)))
            UNION ALL
            SELECT p.handling_agency_id, \(Self.commune), d.procedure_code, p.due_date,
                CASE WHEN (d.workflow_code || ':' || p.to_state) IN (\(pausedList)) THEN 1 ELSE 0 END, -1
            FROM dossier_events e JOIN dossier_events p ON p.dossier_id = e.dossier_id AND p.sequence = e.sequence - 1
                \(Self.dossierJoin)
            WHERE e.id > \(from) AND e.id <= \(to) AND p.due_date IS NOT NULL
              AND (d.workflow_code || ':' || p.to_state) NOT IN (\(Self.list(codes.closedStates)))
            """,
        ]
        for k in combos where k.target == "open" {
            let keys =
                [k.byAgency ? "agency" : nil, k.byCommune ? "commune" : nil, k.byItem ? "item" : nil].compactMap { $0 } + ["due", "paused"]
            statements.append(
                """
                INSERT INTO stat_dossier_open (combo, agency_id, commune_code, procedure_code, due_date, paused, dossiers)
                SELECT '\(k.combo)', \(k.byAgency ? "agency" : "''"), \(k.byCommune ? "commune" : "''"), \(k.byItem ? "item" : "''"),
                    due, paused, SUM(delta)
                FROM stat_open_batch WHERE 1 = 1 GROUP BY \(keys.joined(separator: ", "))
                ON CONFLICT (combo, agency_id, commune_code, procedure_code, due_date, paused)
                    DO UPDATE SET dossiers = stat_dossier_open.dossiers + excluded.dossiers
                """)
        }
        // The same moves summed per unit and clock state, for the combinations without an item.
        for k in combos where k.target == "open" && !k.byItem {
            let keys = [k.byAgency ? "agency" : nil, k.byCommune ? "commune" : nil].compactMap { $0 } + ["paused"]
            statements.append(
                """
                INSERT INTO stat_open_totals (combo, agency_id, commune_code, paused, dossiers)
                SELECT '\(k.combo)', \(k.byAgency ? "agency" : "''"), \(k.byCommune ? "commune" : "''"), paused, SUM(delta)
                FROM stat_open_batch WHERE 1 = 1 GROUP BY \(keys.joined(separator: ", "))
                ON CONFLICT (combo, agency_id, commune_code, paused) DO UPDATE SET dossiers = stat_open_totals.dossiers + excluded.dossiers
                """)
        }
        return statements + [
            "DROP TABLE stat_open_batch", "DELETE FROM stat_dossier_open WHERE dossiers = 0",
            "DELETE FROM stat_open_totals WHERE dossiers = 0",
        ]
    }
}

/// State and action codes of every workflow that the statistics need, each written
/// `WORKFLOW:code` (codes mean something only within their workflow), read from the workflows.
struct WorkflowCodes: Sendable {
    var pausedStates: [String] = []
    var terminalStates: [String] = []
    /// Terminal states that decide a dossier's outcome (refused, stopped).
    var decisionStates: [String] = []
    /// States a dossier is no longer pending in: terminal ones, and those an approval leads to
    /// (decided, waiting to be returned).
    var closedStates: [String] = []
    var acceptActions: [String] = []
    var approveActions: [String] = []
    var paymentActions: [String] = []
    var apologyActions: [String] = []

    init(_ workflows: [Workflow]) {
        for w in workflows {
            let p = w.code + ":"
            pausedStates += w.states.filter(\.clockStopped).map { p + $0.code }
            terminalStates += w.states.filter(\.isTerminal).map { p + $0.code }
            decisionStates += w.states.filter { $0.outcome == .refused || $0.outcome == .stopped }.map { p + $0.code }
            func actions(_ effect: TransitionEffect) -> [String] { w.transitions.filter { $0.effect == effect }.map { p + $0.action } }
            acceptActions += actions(.accept)
            approveActions += actions(.approve)
            paymentActions += actions(.confirmPayment)
            apologyActions += actions(.apologize)
            closedStates +=
                w.states.filter(\.isTerminal).map { p + $0.code }
                + w.transitions.filter { $0.effect == .approve && w.state($0.to) != nil }.map { p + $0.to }
        }
    }
}
