import Domain
import Foundation

/// A registered document as the JSON API answers it.
struct DocumentView: Encodable {
    let id: Int64
    let agencyId: String
    let direction: RegisterDirection
    let year: Int
    let number: Int
    let details: OfficialDocumentDetails
    let status: OfficialDocumentStatus
    let receivedAt: Date
    let registeredBy: String
    let deadline: LocalDate?
    let assignment: Assignment?
    let handling: Handling?
    let attachments: [Int64]
    let version: Int

    /// The leader's assignment (bút phê).
    struct Assignment: Encodable {
        let leadAgencyId: String
        let coordinatingAgencyIds: [String]
        let instruction: String
        let deadline: LocalDate
        let assignedBy: String
        let assignedAt: Date
    }

    /// The lead unit's handling.
    struct Handling: Encodable {
        let note: String
        let handledBy: String
        let handledAt: Date
    }

    init(_ d: OfficialDocument) {
        id = d.id
        agencyId = d.agencyId
        direction = d.direction
        year = d.year
        number = d.number
        details = d.details
        status = d.status
        receivedAt = d.receivedAt
        registeredBy = d.registeredBy
        deadline = d.deadline
        assignment = d.assignment.map {
            Assignment(
                leadAgencyId: $0.leadAgencyId, coordinatingAgencyIds: $0.coordinatingAgencyIds, instruction: $0.instruction,
                deadline: $0.deadline, assignedBy: $0.assignedBy, assignedAt: $0.assignedAt)
        }
        handling = d.handling.map { Handling(note: $0.note, handledBy: $0.handledBy, handledAt: $0.handledAt) }
        attachments = d.attachments
        version = d.version
    }
}

/// A page of one register's documents, in the register's order; `nextAfter` (absent on the last page) is the `after` of
/// the next page.
struct DocumentListView: Encodable {
    let items: [DocumentView]
    let nextAfter: Int?
}
