import Foundation

/// Where an outgoing document stands between its draft and its release (Decree 30/2020/NĐ-CP,
/// Articles 10 to 18: drafting, review by the head of unit, signature, numbering and release).
public enum OutgoingStatus: String, Codable, Sendable, CaseIterable {
    /// Being written by the specialist (or returned to them by the head of unit).
    case drafting
    /// Submitted to the head of unit for review.
    case inReview
    /// Reviewed and approved by the head of unit; awaiting the signer.
    case awaitingSignature
    /// Signed with the agency's key; awaiting its number and release.
    case signed
    /// Numbered in the outgoing register and released to its recipients.
    case issued
}

/// How a recipient stands once the document is released.
public enum RecipientDelivery: String, Codable, Sendable {
    /// Not released yet.
    case pending
    /// An agency of the province: entered in its register of incoming documents at release.
    case delivered
    /// An organisation outside the province: left for the exchange between systems to send.
    case toSend
    /// A person: delivered to the verified account holding their citizen ID number.
    case inAccount
    /// A person or business with no verified account holding that number: the clerk sends it otherwise.
    case noAccount
    /// An organisation outside the province that is an exchange peer: its package is queued (sent once only).
    case sent
}

/// A recipient (nơi nhận) of an outgoing document: an agency of the province, or an outside
/// organisation by name and, when known, its identifier.
public struct OutgoingRecipient: Sendable, Hashable {
    /// The agency of the province, or nil for an outside organisation.
    public var agencyId: String?
    public var name: String
    /// The outside organisation's identifier (mã định danh), when given.
    public var identifier: String?
    public var delivery: RecipientDelivery
    /// The entry in the recipient agency's incoming register, once delivered.
    public var incomingDocumentId: Int64?
    /// A person's citizen ID number (12 digits) or a business's tax code (10 or 13 digits).
    public var holderNumber: String?

    public init(
        agencyId: String?, name: String, identifier: String? = nil, delivery: RecipientDelivery = .pending,
        incomingDocumentId: Int64? = nil, holderNumber: String? = nil
    ) {
        self.agencyId = agencyId
        self.name = name
        self.identifier = identifier
        self.delivery = delivery
        self.incomingDocumentId = incomingDocumentId
        self.holderNumber = holderNumber
    }
}

/// A comment on a draft, by an officer of the drafting agency.
public struct OutgoingComment: Sendable, Hashable {
    public var author: String
    public var body: String
    public var at: Date

    public init(author: String, body: String, at: Date) {
        self.author = author
        self.body = body
        self.at = at
    }
}

/// The signature of an outgoing document's file by the agency's key, with who signed it.
public struct OutgoingSignature: Sendable, Hashable {
    public var signature: ResultSignature
    public var signedBy: String
    public var signerName: String

    public init(signature: ResultSignature, signedBy: String, signerName: String) {
        self.signature = signature
        self.signedBy = signedBy
        self.signerName = signerName
    }
}

/// What a specialist writes when drafting an outgoing document.
public struct OutgoingDraftContent: Sendable, Hashable {
    /// A code of `OfficialDocumentTypes`.
    public var typeCode: String
    /// Trích yếu nội dung.
    public var summary: String
    public var urgency: DocumentUrgency
    public var recipients: [OutgoingRecipient]

    public init(typeCode: String, summary: String, urgency: DocumentUrgency = .normal, recipients: [OutgoingRecipient]) {
        self.typeCode = typeCode
        self.summary = summary
        self.urgency = urgency
        self.recipients = recipients
    }
}

/// An outgoing document from its draft to its release.
public struct OutgoingDocument: Sendable, Hashable {
    public var id: Int64
    /// The drafting agency, whose outgoing register numbers it at issue.
    public var agencyId: String
    public var content: OutgoingDraftContent
    public var status: OutgoingStatus
    public var draftedBy: String
    public var createdAt: Date
    /// The file to be signed (a stored document) and its SHA-256.
    public var fileId: Int64
    public var sha256: String
    public var reviewedBy: String?
    public var signature: OutgoingSignature?
    /// The entry of the outgoing register, once issued.
    public var registerDocumentId: Int64?
    /// Số, ký hiệu given at issue.
    public var numberSymbol: String?
    public var issuedAt: Date?
    public var comments: [OutgoingComment]
    public var version: Int
    /// The incoming document this draft replies to, if any.
    public var replyTo: Int64?

    public init(
        id: Int64, agencyId: String, content: OutgoingDraftContent, status: OutgoingStatus, draftedBy: String, createdAt: Date,
        fileId: Int64, sha256: String, reviewedBy: String? = nil, signature: OutgoingSignature? = nil, registerDocumentId: Int64? = nil,
        numberSymbol: String? = nil, issuedAt: Date? = nil, comments: [OutgoingComment] = [], version: Int = 1, replyTo: Int64? = nil
    ) {
        self.id = id
        self.agencyId = agencyId
        self.content = content
        self.status = status
        self.draftedBy = draftedBy
        self.createdAt = createdAt
        self.fileId = fileId
        self.sha256 = sha256
        self.reviewedBy = reviewedBy
        self.signature = signature
        self.registerDocumentId = registerDocumentId
        self.numberSymbol = numberSymbol
        self.issuedAt = issuedAt
        self.comments = comments
        self.version = version
        self.replyTo = replyTo
    }
}
