import Domain
import Foundation
import SQLKit

/// The columns of `dossiers`, declared once: the insert, the update and the decoding of a dossier
/// all go through this type (SQLKit's model encoding, the column names in `CodingKeys`). Not in it: `id`
/// (assigned by the database), `idempotency_key` (written once with the receipt) and `progress`
/// (the public read model, appended in SQL).
struct DossierRow: Codable, Sendable {
    var code: String
    var procedureCode: String
    var workflowCode: String
    var state: String
    var version: Int
    var channel: String
    var receivingAgencyId: String
    var handlingAgencyId: String
    var assigneeId: Int64?
    var applicantName: String
    /// The name folded for search (migration 29), kept in step by every insert and update.
    var applicantNameFolded: String?
    var applicantIdNumber: String
    var applicantPhone: String
    var applicantEmail: String?
    var applicantAddress: String
    var applicantUnitCode: String?
    var submittedAt: Int64
    var receivedAt: Int64?
    var dueDate: String?
    var legalDueDate: String?
    var stepStartedAt: Int64
    var stepDeadline: String?
    var queueKey: String
    var resumeState: String?
    var pausedLegalDays: Int?
    var pausedAppointmentDays: Int?
    var supplementCount: Int
    var apologized: Bool
    var resolvedAt: Int64?
    var finishedAt: Int64?
    var outcome: String?
    var timeliness: String?
    var feeAmount: Int
    var paidAt: Int64?
    var citizenId: Int64?

    /// The column names, written out once (no key conversion per row).
    enum CodingKeys: String, CodingKey {
        case code
        case procedureCode = "procedure_code"
        case workflowCode = "workflow_code"
        case state, version, channel
        case receivingAgencyId = "receiving_agency_id"
        case handlingAgencyId = "handling_agency_id"
        case assigneeId = "assignee_id"
        case applicantName = "applicant_name"
        case applicantNameFolded = "applicant_name_folded"
        case applicantIdNumber = "applicant_id_number"
        case applicantPhone = "applicant_phone"
        case applicantEmail = "applicant_email"
        case applicantAddress = "applicant_address"
        case applicantUnitCode = "applicant_unit_code"
        case submittedAt = "submitted_at"
        case receivedAt = "received_at"
        case dueDate = "due_date"
        case legalDueDate = "legal_due_date"
        case stepStartedAt = "step_started_at"
        case stepDeadline = "step_deadline"
        case queueKey = "queue_key"
        case resumeState = "resume_state"
        case pausedLegalDays = "paused_legal_days"
        case pausedAppointmentDays = "paused_appointment_days"
        case supplementCount = "supplement_count"
        case apologized
        case resolvedAt = "resolved_at"
        case finishedAt = "finished_at"
        case outcome
        case timeliness
        case feeAmount = "fee_amount"
        case paidAt = "paid_at"
        case citizenId = "citizen_id"
    }

    /// Absent optionals written as NULL (an update clears them).
    static let encoder = SQLQueryEncoder(nilEncodingStrategy: .asNil)
    static let decoder = SQLRowDecoder()

    init(_ d: Dossier) {
        let a = d.applicant
        code = d.code
        procedureCode = d.procedureCode
        workflowCode = d.workflowCode
        state = d.state
        version = d.version
        channel = d.channel.rawValue
        receivingAgencyId = d.receivingAgencyId
        handlingAgencyId = d.handlingAgencyId
        assigneeId = d.assigneeId
        applicantName = a.fullName
        applicantNameFolded = VietnameseFolding.fold(a.fullName)
        applicantIdNumber = a.idNumber
        applicantPhone = a.phone
        applicantEmail = a.email
        applicantAddress = a.address
        applicantUnitCode = a.unitCode
        submittedAt = Stored.millis(d.submittedAt)
        receivedAt = Stored.millis(d.receivedAt)
        dueDate = d.dueDate?.iso
        legalDueDate = d.legalDueDate?.iso
        stepStartedAt = Stored.millis(d.stepStartedAt)
        stepDeadline = d.stepDeadline?.iso
        queueKey = SQLDossierRepository.queueKey(d)
        resumeState = d.resumeState
        pausedLegalDays = d.pausedLegalDays
        pausedAppointmentDays = d.pausedAppointmentDays
        supplementCount = d.supplementCount
        apologized = d.apologized
        resolvedAt = Stored.millis(d.resolvedAt)
        finishedAt = Stored.millis(d.finishedAt)
        outcome = d.outcome?.rawValue
        timeliness = d.timeliness?.rawValue
        feeAmount = d.feeAmount
        paidAt = Stored.millis(d.paidAt)
        citizenId = d.citizenId
    }

    /// `INSERT INTO table (columns) VALUES (...)` of an encoded row. The column names come from the
    /// row's `CodingKeys` as written (they are plain identifiers): no quoting pass per column, which
    /// SQLKit's builder makes and which cost a third of the receipts' rate inside SQLite's single writer.
    static func insert(into table: String, _ row: some Encodable & Sendable, returning: String?) throws -> SQLQueryString {
        let pairs = try encoder.encode(row)
        let names = pairs.map(\.0).joined(separator: ", ")
        var sql: SQLQueryString = "INSERT INTO \(unsafeRaw: table) (\(unsafeRaw: names)) VALUES (\(SQLList(pairs.map(\.1))))"
        if let returning { sql += " RETURNING \(unsafeRaw: returning)" }
        return sql
    }

    /// `column = value, ...` of an encoded row, for an UPDATE.
    static func assignments(_ row: some Encodable & Sendable) throws -> SQLQueryString {
        try encoder.encode(row).map { name, value in "\(unsafeRaw: name) = \(value)" as SQLQueryString }.joined(separator: ", ")
    }

    /// The dossier of a stored row (`id` read beside the model).
    static func dossier(_ r: any SQLRow) throws -> Dossier {
        let row = try r.decode(model: DossierRow.self, with: decoder)
        let applicant = Applicant(
            fullName: row.applicantName, idNumber: row.applicantIdNumber, phone: row.applicantPhone, email: row.applicantEmail,
            address: row.applicantAddress, unitCode: row.applicantUnitCode)
        return Dossier(
            id: try r.int64("id"), code: row.code, procedureCode: row.procedureCode, workflowCode: row.workflowCode,
            state: row.state, version: row.version, channel: Channel(rawValue: row.channel) ?? .counter,
            receivingAgencyId: row.receivingAgencyId, handlingAgencyId: row.handlingAgencyId, assigneeId: row.assigneeId,
            applicant: applicant, submittedAt: Stored.date(row.submittedAt), receivedAt: Stored.date(row.receivedAt),
            dueDate: Stored.day(row.dueDate), legalDueDate: Stored.day(row.legalDueDate), stepStartedAt: Stored.date(row.stepStartedAt),
            stepDeadline: Stored.day(row.stepDeadline), resumeState: row.resumeState, pausedLegalDays: row.pausedLegalDays,
            pausedAppointmentDays: row.pausedAppointmentDays, supplementCount: row.supplementCount, apologized: row.apologized,
            resolvedAt: Stored.date(row.resolvedAt), finishedAt: Stored.date(row.finishedAt),
            outcome: row.outcome.flatMap(DossierOutcome.init(rawValue:)), timeliness: row.timeliness.flatMap(Timeliness.init(rawValue:)),
            feeAmount: row.feeAmount, paidAt: Stored.date(row.paidAt), citizenId: row.citizenId)
    }
}

/// The columns of `dossier_events`, declared once for the append and the decoding (`id` is the database's).
struct DossierEventRow: Codable, Sendable {
    var dossierId: Int64
    var sequence: Int
    var action: String
    var fromState: String?
    var toState: String
    var actorId: Int64?
    var actorName: String
    var actorRole: String?
    var agencyId: String?
    var occurredAt: Int64
    var note: String?
    var stepDeadline: String?
    var stepTimeliness: String?
    var nextDeadline: String?
    var handlingAgencyId: String
    var assigneeId: Int64?
    var dueDate: String?

    /// The column names, written out once (no key conversion per row).
    enum CodingKeys: String, CodingKey {
        case dossierId = "dossier_id"
        case sequence, action
        case fromState = "from_state"
        case toState = "to_state"
        case actorId = "actor_id"
        case actorName = "actor_name"
        case actorRole = "actor_role"
        case agencyId = "agency_id"
        case occurredAt = "occurred_at"
        case note
        case stepDeadline = "step_deadline"
        case stepTimeliness = "step_timeliness"
        case nextDeadline = "next_deadline"
        case handlingAgencyId = "handling_agency_id"
        case assigneeId = "assignee_id"
        case dueDate = "due_date"
    }

    init(_ e: DossierEvent) {
        dossierId = e.dossierId
        sequence = e.sequence
        action = e.action
        fromState = e.fromState
        toState = e.toState
        actorId = e.actorId
        actorName = e.actorName
        actorRole = e.actorRole?.rawValue
        agencyId = e.agencyId
        occurredAt = Stored.millis(e.occurredAt)
        note = e.note
        stepDeadline = e.stepDeadline?.iso
        stepTimeliness = e.stepTimeliness?.rawValue
        nextDeadline = e.nextDeadline?.iso
        handlingAgencyId = e.handlingAgencyId
        assigneeId = e.assigneeId
        dueDate = e.dueDate?.iso
    }

    /// The event of a stored row (`id` read beside the model).
    static func event(_ r: any SQLRow) throws -> DossierEvent {
        let row = try r.decode(model: DossierEventRow.self, with: DossierRow.decoder)
        return DossierEvent(
            id: try r.int64("id"), dossierId: row.dossierId, sequence: row.sequence, action: row.action, fromState: row.fromState,
            toState: row.toState, actorId: row.actorId, actorName: row.actorName, actorRole: row.actorRole.flatMap(Role.init(rawValue:)),
            agencyId: row.agencyId, occurredAt: Stored.date(row.occurredAt), note: row.note, stepDeadline: Stored.day(row.stepDeadline),
            stepTimeliness: row.stepTimeliness.flatMap(Timeliness.init(rawValue:)), nextDeadline: Stored.day(row.nextDeadline),
            handlingAgencyId: row.handlingAgencyId, assigneeId: row.assigneeId, dueDate: Stored.day(row.dueDate))
    }
}

/// A new dossier's row: its columns, the receipt's idempotency key and the first step of its public progress.
struct NewDossierRow: Encodable, Sendable {
    let columns: DossierRow
    let idempotencyKey: String?
    let progress: String

    enum Keys: String, CodingKey {
        case idempotencyKey = "idempotency_key"
        case progress
    }

    func encode(to encoder: any Encoder) throws {
        try columns.encode(to: encoder)
        var container = encoder.container(keyedBy: Keys.self)
        try container.encodeIfPresent(idempotencyKey, forKey: .idempotencyKey)
        try container.encode(progress, forKey: .progress)
    }
}
