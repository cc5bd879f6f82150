import Domain
import Foundation

/// An outgoing document as the JSON API answers it.
struct OutgoingDocumentView: Encodable {
    let id: Int64
    let agencyId: String
    let typeCode: String
    let summary: String
    let urgency: DocumentUrgency
    let recipients: [Recipient]
    let status: OutgoingStatus
    let draftedBy: String
    let createdAt: Date
    let sha256: String
    let fileLink: String
    let reviewedBy: String?
    let signature: Signature?
    let numberSymbol: String?
    let registerDocumentId: Int64?
    let issuedAt: Date?
    let comments: [Comment]
    let version: Int
    let replyTo: Int64?

    /// A recipient and how it stands once the document is released.
    struct Recipient: Encodable {
        let agencyId: String?
        let name: String
        let identifier: String?
        let delivery: RecipientDelivery
        let incomingDocumentId: Int64?
    }

    /// The signature of the file by the agency's key.
    struct Signature: Encodable {
        let signedBy: String
        let signerName: String
        let signedAt: Date
        let certificateSerial: String
        let signature: String
    }

    /// A comment on the draft.
    struct Comment: Encodable {
        let author: String
        let body: String
        let at: Date
    }

    init(_ d: OutgoingDocument) {
        id = d.id
        agencyId = d.agencyId
        typeCode = d.content.typeCode
        summary = d.content.summary
        urgency = d.content.urgency
        recipients = d.content.recipients.map {
            Recipient(
                agencyId: $0.agencyId, name: $0.name, identifier: $0.identifier, delivery: $0.delivery,
                incomingDocumentId: $0.incomingDocumentId)
        }
        status = d.status
        draftedBy = d.draftedBy
        createdAt = d.createdAt
        sha256 = d.sha256
        fileLink = Routes.outgoingFile.link(String(d.id))
        reviewedBy = d.reviewedBy
        signature = d.signature.map {
            Signature(
                signedBy: $0.signedBy, signerName: $0.signerName, signedAt: $0.signature.signedAt,
                certificateSerial: $0.signature.certificateSerial, signature: $0.signature.signature)
        }
        numberSymbol = d.numberSymbol
        registerDocumentId = d.registerDocumentId
        issuedAt = d.issuedAt
        comments = d.comments.map { Comment(author: $0.author, body: $0.body, at: $0.at) }
        version = d.version
        replyTo = d.replyTo
    }
}

/// The outgoing documents of one or more steps, newest first.
struct OutgoingDocumentListView: Encodable {
    let items: [OutgoingDocumentView]
}
