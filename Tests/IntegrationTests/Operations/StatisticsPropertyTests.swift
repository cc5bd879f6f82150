import Domain
import Foundation
import Persistence
import SQLKit
import TestSupport
import Testing

/// The aggregates against a recomputation from the raw rows, after random sequences of workflow
/// events (with the projector run at random moments in between), on each database; and the
/// rebuild from the histories gives back exactly the same rows.
@Suite("Statistics aggregates")
struct StatisticsPropertyTests {
    /// Who acts for a dossier: the desk of its commune, the leader and specialist of its handler.
    struct Actors {
        let desk: String, leader: String, specialist: String, specialistId: Int
        let stpLeader: String, stpSpecialist: String, stpSpecialistId: Int
    }

    /// A dossier as the random walk knows it.
    struct Walked {
        var code: String
        var version: Int
        var state: String
        var atSTP: Bool
        var commune: Int
    }

    @Test(
        "random workflow sequences: aggregates equal the raw rows, rebuild equals incremental",
        arguments: Backend.available, [UInt64(7), 2026])
    func randomSequences(_ backend: Backend, seed: UInt64) async throws {
        let clock = TestClock("2026-03-02T09:00:00+07:00")
        try await withApp(backend, clock: clock, extraEnvironment: ["STATISTICS_POLL_SECONDS": "3600"]) { api, testDB in
            let database = try testDB.open()
            defer { Task { await database.shutdown() } }
            let projector = StatisticsProjector(database: database)
            var rng = SeededGenerator(seed: seed)
            let communes = [("hacthanh", "14797"), ("quangphu", "16522")]
            var actors: [Actors] = []
            for (name, _) in communes {
                actors.append(
                    Actors(
                        desk: try await api.login("tiepnhan.\(name)"), leader: try await api.login("lanhdao.\(name)"),
                        specialist: try await api.login("chuyenvien.\(name)"),
                        specialistId: try await api.officerId("chuyenvien.\(name)"),
                        stpLeader: try await api.login("lanhdao.stp"), stpSpecialist: try await api.login("chuyenvien.stp"),
                        stpSpecialistId: try await api.officerId("chuyenvien.stp")))
            }
            let agencies = try await api.request(.get, "/api/v1/agencies", token: actors[0].desk).json["items"] as? [[String: Any]] ?? []
            let stp = agencies.first { $0["shortCode"] as? String == "STP" }?["id"] as? String ?? ""
            #expect(!stp.isEmpty)

            var walked: [Walked] = []
            for step in 0..<160 {
                if walked.count < 4 || Int.random(in: 0..<5, using: &rng) == 0 {
                    let c = Int.random(in: 0..<2, using: &rng)
                    let procedure = Bool.random(using: &rng) ? "1.000689" : Fixtures.paper
                    let (code, v) = try await api.receive(actors[c].desk, Fixtures.receipt(procedure, commune: communes[c].1))
                    walked.append(Walked(code: code, version: v, state: "received", atSTP: false, commune: c))
                } else {
                    let i = Int.random(in: 0..<walked.count, using: &rng)
                    let w = walked[i]
                    let a = actors[w.commune]
                    let leader = w.atSTP ? a.stpLeader : a.leader
                    let specialist = w.atSTP ? a.stpSpecialist : a.specialist
                    let specialistId = w.atSTP ? a.stpSpecialistId : a.specialistId
                    let today = LocalDate.local(clock.now, utcOffsetSeconds: 7 * 3600).date
                    let later = today.adding(days: Int.random(in: 5...12, using: &rng))
                    let options: [(String, String, [String: Any])] =
                        switch w.state {
                        case "received":
                            [
                                ("forward", a.desk, [:]), ("forward", a.desk, [:]), ("forward", a.desk, [:]), ("forward", a.desk, [:]),
                                ("refuseReception", a.desk, ["note": "thiếu giấy tờ"]),
                                ("apologize", leader, ["newDueDate": later.iso, "note": "xin lỗi"]), ("withdraw", a.desk, ["note": "rút"]),
                            ]
                        case "awaitingAssignment":
                            [
                                ("assign", leader, ["assigneeId": specialistId]), ("assign", leader, ["assigneeId": specialistId]),
                                ("assign", leader, ["assigneeId": specialistId]), ("assign", leader, ["assigneeId": specialistId]),
                                ("transfer", leader, ["targetAgencyId": stp, "note": "chuyển sở"]), ("stop", leader, ["note": "dừng"]),
                            ]
                        case "processing":
                            [
                                ("submitForApproval", specialist, [:]), ("submitForApproval", specialist, [:]),
                                ("submitForApproval", specialist, [:]), ("submitForApproval", specialist, [:]),
                                ("requestSupplement", specialist, ["note": "bổ sung"]), ("requestPayment", specialist, ["amount": 50000]),
                                ("refuse", leader, ["note": "không đủ điều kiện"]), ("withdraw", a.desk, ["note": "rút"]),
                            ]
                        case "awaitingApproval":
                            [
                                ("approve", leader, [:]), ("approve", leader, [:]), ("approve", leader, [:]),
                                ("sendBack", leader, ["note": "sửa"]),
                                ("apologize", leader, ["newDueDate": later.iso, "note": "xin lỗi"]),
                            ]
                        case "readyToReturn": [("returnResult", a.desk, [:])]
                        case "supplementRequested":
                            [("supplement", a.desk, [:]), ("supplement", a.desk, [:]), ("stop", leader, ["note": "dừng"])]
                        case "awaitingPayment": [("confirmPayment", a.desk, [:]), ("withdraw", a.desk, ["note": "rút"])]
                        default: []
                        }
                    if let (action, token, extra) = options.randomElement(using: &rng) {
                        let response = try await api.act(token, w.code, action, version: w.version, extra: extra)
                        if response.status == .ok, let d = response.json["dossier"] as? [String: Any] {
                            walked[i].version = d["version"] as? Int ?? w.version
                            walked[i].state = d["state"] as? String ?? w.state
                            if action == "transfer" { walked[i].atSTP = true }
                        } else {
                            // Refused moves (a date that is not a working day...) are part of the walk.
                            #expect(response.status.code < 500, "step \(step) \(action): \(response.text)")
                        }
                    }
                }
                clock.advance(Double(Int.random(in: 0...(30 * 3600), using: &rng)))
                if Int.random(in: 0..<4, using: &rng) == 0 { try await projector.runBesideTheApp(now: clock.now) }
            }
            try await projector.runBesideTheApp(now: clock.now)
            let today = LocalDate.local(clock.now, utcOffsetSeconds: 7 * 3600).date
            try await Self.compare(database, projector: projector, today: today)

            // The rebuild from the histories gives the same rows as the incremental passes.
            let before = try await Self.dump(database)
            try await projector.besideTheApp { try await projector.rebuild(now: clock.now) }
            #expect(try await Self.dump(database) == before)
            // A new projector version rebuilds at start; the same version does not.
            #expect(try await projector.besideTheApp { try await projector.rebuildIfOutdated(now: clock.now) } == false)
            try await projector.besideTheApp {
                try await database.transaction { db in try await db.raw("UPDATE stat_cursors SET position = 0 WHERE name = 'version'").run()
                }
            }
            #expect(try await projector.besideTheApp { try await projector.rebuildIfOutdated(now: clock.now) } == true)
            #expect(try await Self.dump(database) == before)
        }
    }

    /// Expected figures from the dossier rows and events, against what the repository answers.
    static func compare(_ database: Database, projector: StatisticsProjector, today: LocalDate) async throws {
        let repository = SQLStatisticsRepository(database: database)
        let rows = try await RawDossier.all(database)
        let events = try await database.read { db in
            try await db.raw("SELECT dossier_id, action, occurred_at, actor_id FROM dossier_events").all().map {
                (
                    try $0.decode(column: "dossier_id", as: Int64.self), try $0.decode(column: "action", as: String.self),
                    try $0.decode(column: "occurred_at", as: Int64.self)
                )
            }
        }
        let months = Set(rows.compactMap(\.receivedAt).map(localMonth) + rows.compactMap(\.finishedAt).map(localMonth)).sorted()
        #expect(!months.isEmpty)
        let resolvedIds = Set(
            rows.filter { r in
                r.resolvedAt != nil && r.receivedAt != nil && !(r.finishedAt == r.resolvedAt && r.outcome == "withdrawn")
            }.map(\.id))
        var sawLate = false
        var sawResolved = false
        for month in months {
            let got = try await repository.dossierFlows(.province, .month(YearMonth(month)!), procedures: nil)
            let inMonth = { (t: Int64?) in t.map { localMonth($0) == month } ?? false }
            let received = rows.filter { inMonth($0.receivedAt) }
            let resolved = rows.filter { resolvedIds.contains($0.id) && inMonth($0.resolvedAt) }
            #expect(got[.received] == Int64(received.count), "received \(month)")
            #expect(got[.resolved] == Int64(resolved.count), "resolved \(month)")
            for (metric, value) in [(DossierMetric.resolvedEarly, "early"), (.resolvedOnTime, "onTime"), (.resolvedLate, "late")] {
                #expect(got[metric] == Int64(resolved.filter { $0.timeliness == value }.count), "\(metric) \(month)")
            }
            #expect(got[.processingMillis] == resolved.reduce(0) { $0 + $1.resolvedAt! - $1.receivedAt! }, "processing \(month)")
            #expect(got[.returned] == Int64(rows.filter { inMonth($0.finishedAt) && $0.outcome == "returned" }.count))
            #expect(
                got[.withdrawn] == Int64(rows.filter { inMonth($0.finishedAt) && $0.outcome == "withdrawn" && $0.receivedAt != nil }.count))
            #expect(got[.refused] == Int64(rows.filter { inMonth($0.finishedAt) && $0.outcome == "refused" && $0.receivedAt != nil }.count))
            #expect(got[.paid] == Int64(events.filter { $0.1 == "confirmPayment" && localMonth($0.2) == month }.count), "paid \(month)")
            sawLate = sawLate || got[.resolvedLate] > 0
            sawResolved = sawResolved || got[.resolved] > 0
        }
        #expect(sawResolved && sawLate, "the walk should resolve dossiers, some late")

        // Per agency: received and resolved go to the agency handling the dossier at that event.
        let all = StatPeriod(kind: .span, firstMonth: YearMonth(months.first!)!, lastMonth: YearMonth(months.last!)!)
        let receivedBy = try await RawDossier.agencies(
            at: Dictionary(uniqueKeysWithValues: rows.compactMap { r in r.receivedAt.map { (r.id, $0) } }), database)
        let resolvedBy = try await RawDossier.agencies(
            at: Dictionary(uniqueKeysWithValues: rows.filter { resolvedIds.contains($0.id) }.map { ($0.id, $0.resolvedAt!) }), database)
        let ranking = try await repository.dossierRanking(.agency, all)
        for agency in Set(receivedBy.values).union(resolvedBy.values) {
            #expect(ranking[agency]?[.received] ?? 0 == Int64(receivedBy.values.filter { $0 == agency }.count), "received by \(agency)")
            #expect(ranking[agency]?[.resolved] ?? 0 == Int64(resolvedBy.values.filter { $0 == agency }.count), "resolved by \(agency)")
        }
        let communeRanking = try await repository.dossierRanking(.commune, all)
        for commune in Set(rows.map(\.commune)) {
            #expect(communeRanking[commune]?[.received] ?? 0 == Int64(rows.filter { $0.commune == commune && $0.receivedAt != nil }.count))
        }

        // Pending now: received, neither decided nor finished; waiting for the applicant, past or within the date.
        let open = rows.filter { $0.receivedAt != nil && $0.finishedAt == nil && $0.resolvedAt == nil }
        func expected(_ list: [RawDossier]) -> PendingCounts {
            var p = PendingCounts()
            for r in list {
                if ["supplementRequested", "awaitingPayment"].contains(r.state) {
                    p.paused += 1
                } else if let due = r.dueDate, due < today.iso {
                    p.pastDeadline += 1
                } else {
                    p.withinDeadline += 1
                }
            }
            return p
        }
        #expect(try await repository.pending(.province, today: today, procedures: nil) == expected(open))
        let byAgency = try await repository.pendingRanking(.agency, today: today)
        for agency in Set(open.map(\.handlingAgency)) {
            #expect(byAgency[agency] == expected(open.filter { $0.handlingAgency == agency }), "pending at \(agency)")
            #expect(
                try await repository.pending(StatScope(kind: .agency, key: agency), today: today, procedures: nil)
                    == expected(open.filter { $0.handlingAgency == agency }), "pending of \(agency)")
        }
        let byCommune = try await repository.pendingRanking(.commune, today: today)
        for commune in Set(open.map(\.commune)) where !commune.isEmpty {
            #expect(byCommune[commune] ?? PendingCounts() == expected(open.filter { $0.commune == commune }), "pending in \(commune)")
        }
        let late = try await repository.lateDossiers(.province, today: today, limit: 1000)
        #expect(late.count == Int(expected(open).pastDeadline))
        // A commune's and an agency's oldest late dossiers are the province's list narrowed to them
        // (a commune's: received at its desks), in the same order, cut at the limit.
        let receivedIn = Dictionary(
            uniqueKeysWithValues: try await database.read { db in
                try await db.raw(
                    "SELECT d.code, COALESCE(a.unit_code, '') AS unit FROM dossiers d JOIN agencies a ON a.id = d.receiving_agency_id"
                )
                .all().map { (try $0.decode(column: "code", as: String.self), try $0.decode(column: "unit", as: String.self)) }
            })
        #expect(late.contains { !(receivedIn[$0.code] ?? "").isEmpty }, "some late dossiers were received at a commune's desk")
        for commune in Set(late.compactMap { receivedIn[$0.code] }) where !commune.isEmpty {
            #expect(
                try await repository.lateDossiers(StatScope(kind: .commune, key: commune), today: today, limit: 3).map(\.code)
                    == Array(late.filter { receivedIn[$0.code] == commune }.prefix(3).map(\.code)), "late in \(commune)")
        }
        for agency in Set(late.map(\.handlingAgencyId)) {
            #expect(
                try await repository.lateDossiers(StatScope(kind: .agency, key: agency), today: today, limit: 3).map(\.code)
                    == Array(late.filter { $0.handlingAgencyId == agency }.prefix(3).map(\.code)), "late at \(agency)")
        }

        // Officers' monthly activity (the share of active officers of the DTI): every event with an officer.
        var actions: [String: Int64] = [:]
        for (actor, at) in try await database.read({ db in
            try await db.raw(
                "SELECT actor_id, occurred_at AS at FROM dossier_events WHERE actor_id IS NOT NULL UNION ALL SELECT actor_id, at FROM report_events WHERE actor_id IS NOT NULL"
            )
            .all().map { (try $0.decode(column: "actor_id", as: Int64.self), try $0.decode(column: "at", as: Int64.self)) }
        }) { actions["\(actor)|\(localMonth(at))", default: 0] += 1 }
        let kept = try await database.read { db in
            try await db.raw("SELECT officer_id, period, events FROM stat_officer_activity").all().map {
                (
                    "\(try $0.decode(column: "officer_id", as: Int64.self))|\(try $0.decode(column: "period", as: String.self))",
                    try $0.decode(column: "events", as: Int64.self)
                )
            }
        }
        #expect(Dictionary(uniqueKeysWithValues: kept) == actions)
        #expect(!actions.isEmpty)
    }

    /// Every aggregate row, in a stable order, as text.
    static func dump(_ database: Database) async throws -> [String] {
        try await database.read { db in
            var lines: [String] = []
            let flows = StatisticsColumnsForTests.dossier
            for r in try await db.raw(
                SQLQueryString("SELECT grain, combo, agency_id, commune_code, procedure_code, period, \(flows) FROM stat_dossier_flows")
            ).all() {
                var line = try ["grain", "combo", "agency_id", "commune_code", "procedure_code", "period"].map {
                    try r.decode(column: $0, as: String.self)
                }
                line += try DossierMetric.allCases.map { String(try r.decode(column: $0.rawValue, as: Int64.self)) }
                lines.append(line.joined(separator: "|"))
            }
            for r in try await db.raw(
                "SELECT combo, agency_id, commune_code, procedure_code, due_date, paused, dossiers FROM stat_dossier_open"
            ).all() {
                lines.append(
                    try ["combo", "agency_id", "commune_code", "procedure_code", "due_date"].map {
                        try r.decode(column: $0, as: String.self)
                    }
                    .joined(separator: "|")
                        + "|\(try r.decode(column: "paused", as: Int.self))|\(try r.decode(column: "dossiers", as: Int64.self))")
            }
            for r in try await db.raw("SELECT combo, agency_id, commune_code, paused, dossiers FROM stat_open_totals").all() {
                lines.append(
                    "total|"
                        + (try ["combo", "agency_id", "commune_code"].map { try r.decode(column: $0, as: String.self) }.joined(
                            separator: "|"))
                        + "|\(try r.decode(column: "paused", as: Int.self))|\(try r.decode(column: "dossiers", as: Int64.self))")
            }
            for r in try await db.raw("SELECT officer_id, period, events FROM stat_officer_activity").all() {
                lines.append(
                    "activity|\(try r.decode(column: "officer_id", as: Int64.self))|\(try r.decode(column: "period", as: String.self))|\(try r.decode(column: "events", as: Int64.self))"
                )
            }
            return lines.sorted()
        }
    }
}

/// The metric columns as a select list.
enum StatisticsColumnsForTests {
    static let dossier = DossierMetric.allCases.map(\.rawValue).joined(separator: ", ")
}
