import Domain
import Foundation
import SQLKit

/// The columns of `official_documents` a registration writes, declared once for the insert and the
/// decoding (`id` is the database's; the register's agency, direction and year are read by join).
struct OfficialDocumentRow: Codable, Sendable {
    var registerId: Int64
    var number: Int
    var numberSymbol: String
    var typeCode: String
    var documentDate: String
    var issuer: String
    var summary: String
    var signer: String?
    var urgency: String
    var confidentiality: String
    var recipients: String?
    var deadline: String?
    var receivedAt: Int64
    var registeredBy: String
    var status: String
    var leadAgencyId: String?
    var instruction: String?
    var assignedBy: String?
    var assignedAt: Int64?
    var handlingNote: String?
    var handledBy: String?
    var handledAt: Int64?
    var searchText: String
    var version: Int
    var submissionKey: String?

    enum CodingKeys: String, CodingKey {
        case registerId = "register_id"
        case number
        case numberSymbol = "number_symbol"
        case typeCode = "type_code"
        case documentDate = "document_date"
        case issuer, summary, signer, urgency, confidentiality, recipients, deadline
        case receivedAt = "received_at"
        case registeredBy = "registered_by"
        case status
        case leadAgencyId = "lead_agency_id"
        case instruction
        case assignedBy = "assigned_by"
        case assignedAt = "assigned_at"
        case handlingNote = "handling_note"
        case handledBy = "handled_by"
        case handledAt = "handled_at"
        case searchText = "search_text"
        case version
        case submissionKey = "submission_key"
    }

    /// The row of a new entry given `number` in register `registerId`.
    init(_ entry: NewRegisterEntry, registerId: Int64, number: Int) {
        let d = entry.details
        self.registerId = registerId
        self.number = number
        numberSymbol = d.numberSymbol
        typeCode = d.typeCode
        documentDate = d.documentDate.iso
        issuer = d.issuer
        summary = d.summary
        signer = d.signer
        urgency = d.urgency.rawValue
        confidentiality = d.confidentiality.rawValue
        recipients = d.recipients
        deadline = d.deadline?.iso
        receivedAt = Stored.millis(entry.receivedAt)
        registeredBy = entry.registeredBy
        status = OfficialDocumentStatus.registered.rawValue
        searchText = d.searchText
        version = 1
    }

    /// The document of a row read with its register's `agency_id`, `direction` and `year`, its
    /// coordinating units and its files.
    static func document(_ r: any SQLRow, coordinating: [String], files: [Int64]) throws -> OfficialDocument {
        let row = try r.decode(model: OfficialDocumentRow.self, with: SQLRowDecoder())
        guard let documentDate = LocalDate(iso: row.documentDate), let direction = RegisterDirection(rawValue: try r.string("direction")),
            let status = OfficialDocumentStatus(rawValue: row.status)
        else { throw DomainError(.conflict, "data.corrupt", ["column": "official_documents"]) }
        let details = OfficialDocumentDetails(
            numberSymbol: row.numberSymbol, typeCode: row.typeCode, documentDate: documentDate, issuer: row.issuer, summary: row.summary,
            signer: row.signer, urgency: DocumentUrgency(rawValue: row.urgency) ?? .normal,
            confidentiality: DocumentConfidentiality(rawValue: row.confidentiality) ?? .normal, recipients: row.recipients)
        var assignment: DocumentAssignment?
        if let lead = row.leadAgencyId, let by = row.assignedBy, let at = row.assignedAt, let deadline = Stored.day(row.deadline) {
            assignment = DocumentAssignment(
                leadAgencyId: lead, coordinatingAgencyIds: coordinating, instruction: row.instruction ?? "", deadline: deadline,
                assignedBy: by, assignedAt: Stored.date(at))
        }
        var handling: DocumentHandling?
        if let note = row.handlingNote, let by = row.handledBy, let at = row.handledAt {
            handling = DocumentHandling(note: note, handledBy: by, handledAt: Stored.date(at))
        }
        return OfficialDocument(
            id: try r.int64("id"), agencyId: try r.string("agency_id"), direction: direction, year: try r.int("year"), number: row.number,
            details: details, receivedAt: Stored.date(row.receivedAt), registeredBy: row.registeredBy, status: status,
            deadline: Stored.day(row.deadline), assignment: assignment, handling: handling, attachments: files, version: row.version)
    }
}
