import Domain
import Foundation
import NIOCore
import SQLKit

/// Dossiers and their append-only history in SQL. Codes come from a per-agency, per-day counter
/// row incremented inside the receipt's transaction, so concurrent receipts never share one.
public final class SQLDossierRepository: DossierRepository {
    let database: Database

    public init(database: Database) { self.database = database }

    public func create(
        _ draft: Dossier, event: DossierEvent, extras: DossierChangeExtras, idempotencyKey: String?,
        utcOffsetSeconds: Int
    ) async throws -> (dossier: Dossier, created: Bool) {
        let day = LocalDate.local(draft.receivedAt ?? draft.submittedAt, utcOffsetSeconds: utcOffsetSeconds).date
        do {
            let stored = try await database.chainedTransaction { db in
                Self.insertNew(db, draft, event: event, day: day, idempotencyKey: idempotencyKey).flatMap { dossier in
                    Self.writeExtras(db, extras, dossier: dossier, at: event.occurredAt).map { dossier }
                }
            }
            return (stored, true)
        } catch {
            // The key was used before (the unique index refused this insert, and the transaction
            // was rolled back): a retry answers with the dossier stored the first time.
            if let key = idempotencyKey, let existing = try await dossier(idempotencyKey: key) { return (existing, false) }
            throw error
        }
    }

    /// Allocates the code and inserts the dossier and its first event, chained on one connection.
    static func insertNew(
        _ db: any SQLDatabase, _ draft: Dossier, event: DossierEvent, day: LocalDate,
        idempotencyKey: String?
    ) -> EventLoopFuture<Dossier> {
        db.firstRow(
            """
            INSERT INTO dossier_sequences (agency_id, day, value) VALUES (\(bind: draft.receivingAgencyId), \(bind: day.iso), 1)
            ON CONFLICT (agency_id, day) DO UPDATE SET value = dossier_sequences.value + 1 RETURNING value
            """, orFail: DomainError.conflict("dossier.sequence")
        )
        .flatMapThrowing { row -> Dossier in
            var dossier = draft
            dossier.code = DossierCode.make(agencyId: draft.receivingAgencyId, date: day, sequence: try row.int("value"))
            return dossier
        }
        .flatMap { dossier in
            let row = NewDossierRow(columns: DossierRow(dossier), idempotencyKey: idempotencyKey, progress: progressEntry(event))
            return run(db) { db in db.rows(try DossierRow.insert(into: "dossiers", row, returning: "id")).map(\.first) }
                .flatMapThrowing { row -> Dossier in
                    guard let row else { throw DomainError.conflict("dossier.insert") }
                    var stored = dossier
                    stored.id = try row.int64("id")
                    return stored
                }
        }
        .flatMap { dossier in
            var first = event
            first.dossierId = dossier.id
            first.sequence = 1
            return append(db, first).map { dossier }
        }
    }

    /// Chains the statements of `extras` after the dossier's own. A settlement that finds its
    /// order no longer pending fails the whole transaction (the other notice won).
    static func writeExtras(_ db: any SQLDatabase, _ extras: DossierChangeExtras, dossier d: Dossier, at now: Date) -> EventLoopFuture<Void>
    {
        var statements: [SQLQueryString] = extras.documents.map { link in
            """
            INSERT INTO dossier_documents (dossier_id, requirement, document_id, reused)
            VALUES (\(bind: d.id), \(bind: link.requirement), \(bind: link.documentId), \(bind: link.reused))
            """
        }
        if let signature = extras.signature { statements += SQLResultRepository.sign(dossier: d, signature) }
        if extras.clearsDraft, let citizen = extras.citizenId {
            statements.append("DELETE FROM drafts WHERE citizen_id = \(bind: citizen) AND procedure_code = \(bind: d.procedureCode)")
        }
        if let answer = extras.supplement { statements += supplementStatements(answer, dossierId: d.id) }
        statements += paperStatements(extras, dossierId: d.id)
        if let status = extras.nationalStatus { statements.append(SQLPortalSyncRepository.enqueueLatest(dossierId: d.id, status, at: now)) }
        if let level = extras.identityLevel {
            statements.append("UPDATE dossiers SET identity_level = \(bind: level.rawValue) WHERE id = \(bind: d.id)")
        }
        var future = db.eventLoop.makeSucceededVoidFuture()
        if let s = extras.settledPayment {
            future = db.firstRow(
                """
                UPDATE payments SET status = 'paid', provider_transaction = \(bind: s.transactionId),
                    paid_at = \(bind: Stored.millis(s.paidAt))
                WHERE order_id = \(bind: s.orderId) AND dossier_id = \(bind: d.id) AND status = 'pending'
                    AND amount = \(bind: s.amount) RETURNING id
                """, orFail: DomainError.conflict("payment.alreadySettled")
            ).map { _ in }
        }
        for statement in statements {
            future = future.flatMap { db.execute(sql: statement) { _ in } }
        }
        if let audit = extras.audit {
            future = future.flatMap { db.eventLoop.makeFutureWithTask { try await SQLAuditLog.insert(audit, on: db) } }
        }
        return future
    }

    /// The statements that record a citizen's answer to a supplement request and its documents. A
    /// second answer to the same request fails the primary key, and with it the whole transaction.
    static func supplementStatements(_ answer: SupplementResponse, dossierId: Int64) -> [SQLQueryString] {
        [
            """
            INSERT INTO dossier_supplements (dossier_id, round, submission_key, message, created_at)
            VALUES (\(bind: dossierId), \(bind: answer.round), \(bind: answer.submissionKey), \(bind: answer.message),
                \(bind: Stored.millis(answer.at)))
            """
        ]
            + answer.documents.map { link in
                """
                INSERT INTO dossier_supplement_documents (dossier_id, round, document_id, reused)
                VALUES (\(bind: dossierId), \(bind: answer.round), \(bind: link.documentId), \(bind: link.reused))
                """
            }
    }

    public func dossier(idempotencyKey key: String) async throws -> Dossier? {
        try await database.read { db in
            try await db.raw("SELECT * FROM dossiers WHERE idempotency_key = \(bind: key)").first().map(Self.dossier)
        }
    }

    public func dossier(code: String) async throws -> Dossier? {
        try await database.read { db in
            try await db.raw("SELECT * FROM dossiers WHERE code = \(bind: code)").first().map(Self.dossier)
        }
    }

    public func dossier(id: Int64) async throws -> Dossier? {
        try await database.read { db in
            try await db.raw("SELECT * FROM dossiers WHERE id = \(bind: id)").first().map(Self.dossier)
        }
    }

    public func dossiers(citizenId: Int64, limit: Int) async throws -> [Dossier] {
        try await database.read { db in
            try await db.raw("SELECT * FROM dossiers WHERE citizen_id = \(bind: citizenId) ORDER BY id DESC LIMIT \(literal: limit)")
                .all().map(Self.dossier)
        }
    }

    public func events(dossierId: Int64) async throws -> [DossierEvent] {
        try await database.read { db in
            try await db.raw("SELECT * FROM dossier_events WHERE dossier_id = \(bind: dossierId) ORDER BY sequence").all().map(Self.event)
        }
    }

    public func progress(code: String) async throws -> DossierProgress? {
        let row = try await database.read { db in
            try await db.raw(
                """
                SELECT code, procedure_code, workflow_code, state, received_at, due_date, finished_at, outcome, progress
                FROM dossiers WHERE code = \(bind: code)
                """
            ).first()
        }
        guard let row else { return nil }
        let steps = try row.string("progress").split(separator: ";").map { text -> DossierProgress.Step in
            let f = text.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
            guard f.count == 6, let millis = Int64(f[2]) else { throw DomainError.conflict("dossier.corruptHistory") }
            return DossierProgress.Step(
                action: f[0], toState: f[1], occurredAt: Stored.date(millis), agencyId: f[3],
                stepDeadline: LocalDate(iso: f[4]), stepTimeliness: Timeliness(rawValue: f[5]))
        }
        return DossierProgress(
            code: try row.string("code"), procedureCode: try row.string("procedure_code"),
            workflowCode: try row.string("workflow_code"), state: try row.string("state"),
            receivedAt: Stored.date(try row.optionalInt64("received_at")), dueDate: Stored.day(try row.optionalString("due_date")),
            finishedAt: Stored.date(try row.optionalInt64("finished_at")),
            outcome: try row.optionalString("outcome").flatMap(DossierOutcome.init(rawValue:)), steps: steps)
    }

    /// One step of the public read model: `action|to_state|occurred_at|agency|step_deadline|step_timeliness`.
    /// Codes are identifiers and agency ids dotted groups, so neither `|` nor `;` occurs in them.
    static func progressEntry(_ e: DossierEvent) -> String {
        [
            e.action, e.toState, String(Stored.millis(e.occurredAt)), e.agencyId ?? e.handlingAgencyId,
            e.stepDeadline?.iso ?? "", e.stepTimeliness?.rawValue ?? "",
        ].joined(separator: "|")
    }

    public func update(_ dossier: Dossier, expectedVersion: Int, event: DossierEvent, extras: DossierChangeExtras) async throws -> Dossier {
        let d = dossier
        return try await database.chainedTransaction { db in
            Self.run(db) { db in
                let assignments = try DossierRow.assignments(DossierRow(d))
                return db.rows(
                    """
                    UPDATE dossiers SET \(assignments), progress = progress || \(bind: ";" + Self.progressEntry(event))
                    WHERE id = \(bind: d.id) AND version = \(bind: expectedVersion) RETURNING id
                    """
                ).map(\.first)
            }
            .flatMapThrowing { row in
                guard row != nil else { throw DomainError.conflict("dossier.staleVersion") }
            }
            .flatMap { _ in
                db.firstRow(
                    "SELECT MAX(sequence) AS last FROM dossier_events WHERE dossier_id = \(bind: d.id)",
                    orFail: DomainError.conflict("dossier.staleVersion"))
            }
            .flatMapThrowing { row in try row.optionalInt("last") ?? 0 }
            .flatMap { last in
                var next = event
                next.dossierId = d.id
                next.sequence = last + 1
                return Self.append(db, next)
            }
            .flatMap { Self.writeExtras(db, extras, dossier: d, at: event.occurredAt) }
            .map { d }
        }
    }

    public func queue(_ q: QueueQuery) async throws -> QueuePage {
        try await database.read { db in
            var alternatives: [SQLQueryString] = []
            if !q.receivingStates.isEmpty {
                alternatives.append("(receiving_agency_id = \(bind: q.agencyId) AND state IN (\(binds: q.receivingStates)))")
            }
            if !q.handlingStates.isEmpty {
                var part: SQLQueryString = "(handling_agency_id = \(bind: q.agencyId) AND state IN (\(binds: q.handlingStates))"
                if let me = q.assigneeId { part += " AND (assignee_id = \(bind: me) OR assignee_id IS NULL)" }
                alternatives.append(part + ")")
            }
            if alternatives.isEmpty { return QueuePage(items: [], nextCursor: nil) }
            var sql: SQLQueryString = "SELECT * FROM dossiers WHERE (\(alternatives.joined(separator: " OR ")))"
            if let p = q.procedureCode { sql += " AND procedure_code = \(bind: p)" }
            if let s = q.state { sql += " AND state = \(bind: s)" }
            if let day = q.overdueBefore { sql += " AND queue_key < \(bind: day.iso)" }
            if let cursor = q.cursor {
                guard let (key, id) = Self.parseCursor(cursor) else { throw DomainError.invalid("cursor") }
                sql += " AND (queue_key > \(bind: key) OR (queue_key = \(bind: key) AND id > \(bind: id)))"
            }
            sql += " ORDER BY queue_key, id LIMIT \(literal: q.limit + 1)"
            var items = try await db.raw(sql).all().map(Self.dossier)
            var next: String?
            if items.count > q.limit {
                items.removeLast()
                if let last = items.last { next = "\(Self.queueKey(last))_\(last.id)" }
            }
            return QueuePage(items: items, nextCursor: next)
        }
    }

    public func countByState() async throws -> [String: Int] {
        try await database.read { db in
            var counts: [String: Int] = [:]
            for row in try await db.raw("SELECT state, COUNT(*) AS n FROM dossiers GROUP BY state").all() {
                counts[try row.string("state")] = try row.int("n")
            }
            return counts
        }
    }

    public func dossierCounts(workflowCode: String) async throws -> [String: Int] {
        try await database.read { db in
            var counts: [String: Int] = [:]
            let sql: SQLQueryString = "SELECT state, COUNT(*) AS n FROM dossiers WHERE workflow_code = \(bind: workflowCode) GROUP BY state"
            for row in try await db.raw(sql).all() { counts[try row.string("state")] = try row.int("n") }
            return counts
        }
    }

    // MARK: rows

    static func queueKey(_ d: Dossier) -> String { (d.stepDeadline ?? d.dueDate)?.iso ?? "9999-12-31" }

    static func parseCursor(_ text: String) -> (String, Int64)? {
        let parts = text.split(separator: "_")
        guard parts.count == 2, LocalDate(iso: String(parts[0])) != nil, let id = Int64(parts[1]) else { return nil }
        return (String(parts[0]), id)
    }

    /// Appends `e` to the history.
    static func append(_ db: any SQLDatabase, _ e: DossierEvent) -> EventLoopFuture<Void> {
        run(db) { db in db.execute(sql: try DossierRow.insert(into: "dossier_events", DossierEventRow(e), returning: nil)) { _ in } }
    }

    /// A query built by `make`, whose encoding may throw, as a future on `db`'s event loop.
    static func run<T>(_ db: any SQLDatabase, _ make: (any SQLDatabase) throws -> EventLoopFuture<T>) -> EventLoopFuture<T> {
        do { return try make(db) } catch { return db.eventLoop.makeFailedFuture(error) }
    }

    static func dossier(_ r: any SQLRow) throws -> Dossier { try DossierRow.dossier(r) }

    static func event(_ r: any SQLRow) throws -> DossierEvent { try DossierEventRow.event(r) }
}
