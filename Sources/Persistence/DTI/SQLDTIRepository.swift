import Domain
import Foundation
import SQLKit

/// The digital-transformation assessment in SQL (migration 6). Every write runs in one
/// transaction together with its line in `dti_events`.
public struct SQLDTIRepository: DTIRepository {
    let database: Database

    public init(database: Database) { self.database = database }

    // MARK: Framework set

    public func frameworkSet() async throws -> DTIFrameworkSet? {
        try await database.read { db in
            try await db.raw("SELECT body FROM dti_framework_sets WHERE id = 1").first()
                .map { try Stored.decode(DTIFrameworkSet.self, try $0.string("body")) }
        }
    }

    public func saveFrameworkSet(_ set: DTIFrameworkSet, actor: String, at: Date, audit: AuditEntry?) async throws {
        try set.validate()
        let body = try Stored.encode(set)
        try await database.transaction { db in
            try await db.raw(
                """
                INSERT INTO dti_framework_sets (id, body, updated_by, updated_at) VALUES (1, \(bind: body), \(bind: actor),
                    \(bind: Stored.millis(at)))
                ON CONFLICT (id) DO UPDATE SET body = excluded.body, updated_by = excluded.updated_by, updated_at = excluded.updated_at
                """
            ).run()
            if let audit { try await SQLAuditLog.insert(audit, on: db) }
        }
    }

    /// Stores the shipped frameworks (`Seed/dti-frameworks.json`) when none are stored; returns whether it did.
    @discardableResult
    public func seed(now: Date) async throws -> Bool {
        guard try await frameworkSet() == nil else { return false }
        try await saveFrameworkSet(try SeedFiles.load(DTIFrameworkSet.self, "dti-frameworks"), actor: "seed", at: now, audit: nil)
        return true
    }

    // MARK: Rounds

    static let roundColumns =
        "id, year, unit_group, framework, recognition, deadline, appraiser_agency, status, opened_by, opened_at, published_at"

    static func round(_ row: any SQLRow) throws -> DTIRound {
        DTIRound(
            id: try row.int64("id"), year: try row.int("year"),
            group: DTIGroup(rawValue: try row.string("unit_group")) ?? .department,
            framework: try Stored.decode(DTIFramework.self, try row.string("framework")),
            recognition: try row.optionalString("recognition").map { try Stored.decode(DTIRecognition.self, $0) },
            deadline: try row.day("deadline"), appraiserAgency: try row.string("appraiser_agency"),
            status: DTIRound.Status(rawValue: try row.string("status")) ?? .open, openedBy: try row.string("opened_by"),
            openedAt: Stored.date(try row.int64("opened_at")), publishedAt: Stored.date(try row.optionalInt64("published_at")))
    }

    public func rounds() async throws -> [DTIRound] {
        try await database.read { db in
            try await db.raw("SELECT \(unsafeRaw: Self.roundColumns) FROM dti_rounds ORDER BY year DESC, unit_group").all().map(Self.round)
        }
    }

    public func round(id: Int64) async throws -> DTIRound? {
        try await database.read { db in
            try await db.raw("SELECT \(unsafeRaw: Self.roundColumns) FROM dti_rounds WHERE id = \(bind: id)").first().map(Self.round)
        }
    }

    public func round(year: Int, group: DTIGroup) async throws -> DTIRound? {
        try await database.read { db in
            try await db.raw(
                """
                SELECT \(unsafeRaw: Self.roundColumns) FROM dti_rounds WHERE year = \(bind: year) AND unit_group = \(bind: group.rawValue)
                """
            ).first().map(Self.round)
        }
    }

    public func openRound(_ round: DTIRound, audit: AuditEntry) async throws -> DTIRound {
        let framework = try Stored.encode(round.framework)
        let recognition = try round.recognition.map { try Stored.encode($0) }
        let id: Int64 = try await database.transaction { db in
            guard
                let row = try await db.raw(
                    """
                    INSERT INTO dti_rounds (year, unit_group, framework, recognition, deadline, appraiser_agency, status, opened_by,
                        opened_at)
                    VALUES (\(bind: round.year), \(bind: round.group.rawValue), \(bind: framework), \(bind: recognition),
                        \(bind: round.deadline.iso),
                        \(bind: round.appraiserAgency), 'open', \(bind: round.openedBy), \(bind: Stored.millis(round.openedAt)))
                    ON CONFLICT (year, unit_group) DO NOTHING RETURNING id
                    """
                ).first()
            else { throw DomainError.conflict("dti.roundExists") }
            let id = try row.int64("id")
            try await Self.event(
                db, round: id, unit: nil, subIndex: nil, action: "open", actor: round.openedBy,
                detail: "\(round.framework.code) v\(round.framework.version), \(round.deadline.iso)", at: round.openedAt)
            var line = audit
            line.target = "\(id)"
            try await SQLAuditLog.insert(line, on: db)
            return id
        }
        var opened = round
        opened.id = id
        return opened
    }

    static func event(
        _ db: any SQLDatabase, round: Int64, unit: String?, subIndex: String?, action: String, actor: String,
        detail: String, at: Date
    ) async throws {
        try await db.raw(
            """
            INSERT INTO dti_events (round_id, unit_key, sub_index, action, actor, detail, at)
            VALUES (\(bind: round), \(bind: unit), \(bind: subIndex), \(bind: action), \(bind: actor), \(bind: detail),
                \(bind: Stored.millis(at)))
            """
        ).run()
    }

    // MARK: Entries

    static let entryColumns = """
        unit_key, sub_index, value, denominator, comment, evidence, status, reviewed_value, reviewed_denominator, review_reason, reviewer,
            updated_at
        """

    static func entry(_ row: any SQLRow) throws -> DTIEntry {
        DTIEntry(
            subIndex: try row.string("sub_index"), value: try row.decode(column: "value", as: Double.self),
            denominator: try row.decode(column: "denominator", as: Double?.self), comment: try row.string("comment"),
            evidence: try Stored.decode([Int64].self, try row.string("evidence")),
            status: DTIReviewStatus(rawValue: try row.string("status")) ?? .declared,
            reviewedValue: try row.decode(column: "reviewed_value", as: Double?.self),
            reviewedDenominator: try row.decode(column: "reviewed_denominator", as: Double?.self),
            reviewReason: try row.optionalString("review_reason"), reviewer: try row.optionalString("reviewer"),
            updatedAt: Stored.date(try row.int64("updated_at")))
    }

    public func entries(roundId: Int64, unit: String) async throws -> [String: DTIEntry] {
        try await database.read { db in
            var result: [String: DTIEntry] = [:]
            for row in try await db.raw(
                """
                SELECT \(unsafeRaw: Self.entryColumns) FROM dti_entries WHERE round_id = \(bind: roundId) AND unit_key = \(bind: unit)
                """
            ).all() {
                let e = try Self.entry(row)
                result[e.subIndex] = e
            }
            return result
        }
    }

    public func entries(roundId: Int64) async throws -> [String: [String: DTIEntry]] {
        try await database.read { db in
            var result: [String: [String: DTIEntry]] = [:]
            for row in try await db.raw("SELECT \(unsafeRaw: Self.entryColumns) FROM dti_entries WHERE round_id = \(bind: roundId)").all() {
                let e = try Self.entry(row)
                result[try row.string("unit_key"), default: [:]][e.subIndex] = e
            }
            return result
        }
    }

    public func declare(roundId: Int64, unit: String, _ declarations: [DTIDeclaration], actor: String, at: Date) async throws {
        let rows = try declarations.map { ($0, try Stored.encode($0.evidence)) }
        try await database.transaction { db in
            for (d, evidence) in rows {
                try await db.raw(
                    """
                    INSERT INTO dti_entries (round_id, unit_key, sub_index, value, denominator, comment, evidence, status, updated_at)
                    VALUES (\(bind: roundId), \(bind: unit), \(bind: d.subIndex), \(bind: d.value), \(bind: d.denominator),
                        \(bind: d.comment),
                        \(bind: evidence), 'declared', \(bind: Stored.millis(at)))
                    ON CONFLICT (round_id, unit_key, sub_index) DO UPDATE SET value = excluded.value, denominator = excluded.denominator,
                        comment = excluded.comment, evidence = excluded.evidence, status = 'declared', reviewed_value = NULL,
                        reviewed_denominator = NULL, review_reason = NULL, reviewer = NULL, updated_at = excluded.updated_at
                    """
                ).run()
                let detail =
                    "\(ScoreRule.number(d.value))" + (d.denominator.map { " / \(ScoreRule.number($0))" } ?? "")
                    + "; \(d.evidence.count) evidence" + (d.comment.isEmpty ? "" : "; \(d.comment.prefix(200))")
                try await Self.event(
                    db, round: roundId, unit: unit, subIndex: d.subIndex, action: "declare", actor: actor, detail: detail, at: at)
            }
        }
    }

    public func addEvidence(roundId: Int64, unit: String, subIndex: String, documentId: Int64, actor: String, at: Date) async throws {
        try await database.transaction { db in
            try await db.raw(
                """
                INSERT INTO dti_evidence (document_id, round_id, unit_key, sub_index)
                VALUES (\(bind: documentId), \(bind: roundId), \(bind: unit), \(bind: subIndex))
                """
            ).run()
            try await Self.event(
                db, round: roundId, unit: unit, subIndex: subIndex, action: "evidence", actor: actor,
                detail: "document \(documentId)", at: at)
        }
    }

    public func evidenceOwner(documentId: Int64) async throws -> (roundId: Int64, unit: String)? {
        try await database.read { db in
            try await db.raw("SELECT round_id, unit_key FROM dti_evidence WHERE document_id = \(bind: documentId)").first()
                .map { (try $0.int64("round_id"), try $0.string("unit_key")) }
        }
    }

    public func evidence(roundId: Int64, unit: String) async throws -> Set<Int64> {
        try await database.read { db in
            Set(
                try await db.raw(
                    """
                    SELECT document_id FROM dti_evidence WHERE round_id = \(bind: roundId) AND unit_key = \(bind: unit)
                    """
                ).all().map { try $0.int64("document_id") })
        }
    }

    public func review(roundId: Int64, unit: String, subIndex: String, _ review: DTIReview, actor: String, at: Date) async throws -> Bool {
        let (status, value, denominator, reason): (DTIReviewStatus, Double?, Double?, String?) =
            switch review {
            case .accept: (.accepted, nil, nil, nil)
            case .adjust(let v, let d, let r): (.adjusted, v, d, r)
            case .moreEvidence(let r): (.moreEvidence, nil, nil, r)
            }
        return try await database.transaction { db in
            guard
                try await db.raw(
                    """
                    UPDATE dti_entries SET status = \(bind: status.rawValue), reviewed_value = \(bind: value),
                        reviewed_denominator = \(bind: denominator),
                        review_reason = \(bind: reason), reviewer = \(bind: actor), updated_at = \(bind: Stored.millis(at))
                    WHERE round_id = \(bind: roundId) AND unit_key = \(bind: unit) AND sub_index = \(bind: subIndex) RETURNING sub_index
                    """
                ).first() != nil
            else { return false }
            let detail =
                (value.map { ScoreRule.number($0) + (denominator.map { " / \(ScoreRule.number($0))" } ?? "") + "; " } ?? "")
                + (reason.map { String($0.prefix(500)) } ?? "")
            try await Self.event(
                db, round: roundId, unit: unit, subIndex: subIndex, action: status.rawValue, actor: actor, detail: detail, at: at)
            return true
        }
    }

    // MARK: Results and history

    public func publish(roundId: Int64, results: [DTIResult], actor: String, at: Date, audit: AuditEntry) async throws {
        let bodies = try results.map { ($0, try Stored.encode($0)) }
        try await database.transaction { db in
            guard
                try await db.raw(
                    """
                    UPDATE dti_rounds SET status = 'published', published_at = \(bind: Stored.millis(at))
                    WHERE id = \(bind: roundId) AND status = 'open' RETURNING id
                    """
                ).first() != nil
            else { throw DomainError.conflict("dti.roundPublished") }
            for (r, body) in bodies {
                try await db.raw(
                    """
                    INSERT INTO dti_results (round_id, unit_key, total, rank, recognised, body)
                    VALUES (\(bind: roundId), \(bind: r.score.unit), \(bind: r.score.total), \(bind: r.rank), \(bind: r.score.recognised),
                        \(bind: body))
                    """
                ).run()
            }
            let recognised = results.filter { $0.score.recognised == true }.count
            try await Self.event(
                db, round: roundId, unit: nil, subIndex: nil, action: "publish", actor: actor,
                detail: "\(results.count) units; \(recognised) recognised", at: at)
            try await SQLAuditLog.insert(audit, on: db)
        }
    }

    public func results(roundId: Int64) async throws -> [DTIResult] {
        try await database.read { db in
            try await db.raw("SELECT body FROM dti_results WHERE round_id = \(bind: roundId) ORDER BY rank, unit_key").all()
                .map { try Stored.decode(DTIResult.self, try $0.string("body")) }
        }
    }

    public func events(roundId: Int64, unit: String?) async throws -> [DTIEvent] {
        let filter: SQLQueryString = unit.map { "AND (unit_key = \(bind: $0) OR unit_key IS NULL)" } ?? ""
        return try await database.read { db in
            try await db.raw(
                """
                SELECT id, round_id, unit_key, sub_index, action, actor, detail, at FROM dti_events
                WHERE round_id = \(bind: roundId) \(filter) ORDER BY id
                """
            ).all().map { row in
                DTIEvent(
                    id: try row.int64("id"), roundId: try row.int64("round_id"), unit: try row.optionalString("unit_key"),
                    subIndex: try row.optionalString("sub_index"), action: try row.string("action"), actor: try row.string("actor"),
                    detail: try row.string("detail"), at: Stored.date(try row.int64("at")))
            }
        }
    }

    // MARK: Targets

    public func targets(year: Int?) async throws -> [DTITarget] {
        let filter: SQLQueryString = year.map { "WHERE year = \(bind: $0)" } ?? ""
        return try await database.read { db in
            try await db.raw(
                """
                SELECT id, year, unit_group, unit_key, kind, minimum_score, note, set_by, set_at FROM dti_targets \(filter)
                ORDER BY year DESC, unit_group, unit_key, kind
                """
            ).all().map { row in
                DTITarget(
                    id: try row.int64("id"), year: try row.int("year"), group: DTIGroup(rawValue: try row.string("unit_group")) ?? .commune,
                    unit: try row.string("unit_key"), kind: DTITarget.Kind(rawValue: try row.string("kind")) ?? .recognised,
                    minimumScore: try row.decode(column: "minimum_score", as: Double?.self), note: try row.string("note"),
                    setBy: try row.string("set_by"), setAt: Stored.date(try row.int64("set_at")))
            }
        }
    }

    public func saveTarget(_ t: DTITarget, audit: AuditEntry) async throws -> DTITarget {
        let id: Int64 = try await database.transaction { db in
            let row = try await db.raw(
                """
                INSERT INTO dti_targets (year, unit_group, unit_key, kind, minimum_score, note, set_by, set_at)
                VALUES (\(bind: t.year), \(bind: t.group.rawValue), \(bind: t.unit), \(bind: t.kind.rawValue), \(bind: t.minimumScore),
                    \(bind: t.note), \(bind: t.setBy), \(bind: Stored.millis(t.setAt)))
                ON CONFLICT (year, unit_key, kind) DO UPDATE SET unit_group = excluded.unit_group, minimum_score = excluded.minimum_score,
                    note = excluded.note, set_by = excluded.set_by, set_at = excluded.set_at
                RETURNING id
                """
            ).first()
            guard let row else { throw DomainError.conflict("dti.badTarget") }
            let id = try row.int64("id")
            var line = audit
            line.target = "\(id)"
            try await SQLAuditLog.insert(line, on: db)
            return id
        }
        var saved = t
        saved.id = id
        return saved
    }

    public func deleteTarget(id: Int64, audit: AuditEntry) async throws -> Bool {
        try await database.transaction { db in
            guard try await db.raw("DELETE FROM dti_targets WHERE id = \(bind: id) RETURNING id").first() != nil else { return false }
            try await SQLAuditLog.insert(audit, on: db)
            return true
        }
    }
}
