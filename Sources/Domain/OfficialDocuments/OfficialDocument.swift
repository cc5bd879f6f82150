import Foundation

/// A document entered in one of an agency's registers (sổ văn bản đến / đi) for one year, with the
/// register's columns (Decree 30/2020/NĐ-CP, Article 22 and Appendix IV) and, for an incoming
/// document, where its handling stands.
public struct OfficialDocument: Sendable, Hashable {
    public var id: Int64
    /// The agency whose register holds the document.
    public var agencyId: String
    public var direction: RegisterDirection
    public var year: Int
    /// The number in the register (số đến for incoming documents): 1, 2, ... from January 1st.
    public var number: Int
    public var details: OfficialDocumentDetails
    public var receivedAt: Date
    public var registeredBy: String
    public var status: OfficialDocumentStatus
    /// The processing deadline: from the document itself, then the one the leader set.
    public var deadline: LocalDate?
    public var assignment: DocumentAssignment?
    public var handling: DocumentHandling?
    /// Stored files (scans) attached to the document.
    public var attachments: [Int64]
    public var version: Int

    public init(
        id: Int64, agencyId: String, direction: RegisterDirection, year: Int, number: Int, details: OfficialDocumentDetails,
        receivedAt: Date, registeredBy: String, status: OfficialDocumentStatus, deadline: LocalDate?, assignment: DocumentAssignment?,
        handling: DocumentHandling?, attachments: [Int64], version: Int
    ) {
        self.id = id
        self.agencyId = agencyId
        self.direction = direction
        self.year = year
        self.number = number
        self.details = details
        self.receivedAt = receivedAt
        self.registeredBy = registeredBy
        self.status = status
        self.deadline = deadline
        self.assignment = assignment
        self.handling = handling
        self.attachments = attachments
        self.version = version
    }

    /// Whether an officer of `agencyId` may see the document: the register's agency, the lead unit
    /// and the coordinating units.
    public func isVisible(to agencyId: String) -> Bool {
        agencyId == self.agencyId || assignment?.leadAgencyId == agencyId || assignment?.coordinatingAgencyIds.contains(agencyId) == true
    }
}

/// What the document itself says: the fields the clerk copies from it.
public struct OfficialDocumentDetails: Sendable, Hashable, Codable {
    /// Số, ký hiệu: e.g. `123/UBND-VX`.
    public var numberSymbol: String
    /// A code of `OfficialDocumentTypes`.
    public var typeCode: String
    public var documentDate: LocalDate
    /// Tác giả: the body that issued it.
    public var issuer: String
    /// Trích yếu nội dung.
    public var summary: String
    public var signer: String?
    public var urgency: DocumentUrgency
    public var confidentiality: DocumentConfidentiality
    /// Nơi nhận, as written on the document.
    public var recipients: String?
    /// A deadline the document itself sets.
    public var deadline: LocalDate?

    public init(
        numberSymbol: String, typeCode: String, documentDate: LocalDate, issuer: String, summary: String, signer: String? = nil,
        urgency: DocumentUrgency = .normal, confidentiality: DocumentConfidentiality = .normal, recipients: String? = nil,
        deadline: LocalDate? = nil
    ) {
        self.numberSymbol = numberSymbol
        self.typeCode = typeCode
        self.documentDate = documentDate
        self.issuer = issuer
        self.summary = summary
        self.signer = signer
        self.urgency = urgency
        self.confidentiality = confidentiality
        self.recipients = recipients
        self.deadline = deadline
    }

    /// The text search compares with: number and symbol, type, issuer, summary and signer, folded
    /// (no diacritics, lower case), so that "quyet dinh" finds "Quyết định".
    public var searchText: String {
        let type = OfficialDocumentTypes.type(typeCode)
        return VietnameseFolding.fold([numberSymbol, type?.name ?? typeCode, issuer, summary, signer ?? ""].joined(separator: " "))
    }
}

/// The leader's assignment (bút phê): who leads, who coordinates, the instruction, by when.
public struct DocumentAssignment: Sendable, Hashable {
    public var leadAgencyId: String
    public var coordinatingAgencyIds: [String]
    public var instruction: String
    public var deadline: LocalDate
    public var assignedBy: String
    public var assignedAt: Date

    public init(
        leadAgencyId: String, coordinatingAgencyIds: [String], instruction: String, deadline: LocalDate, assignedBy: String,
        assignedAt: Date
    ) {
        self.leadAgencyId = leadAgencyId
        self.coordinatingAgencyIds = coordinatingAgencyIds
        self.instruction = instruction
        self.deadline = deadline
        self.assignedBy = assignedBy
        self.assignedAt = assignedAt
    }
}

/// How the lead unit closed the document.
public struct DocumentHandling: Sendable, Hashable {
    public var note: String
    public var handledBy: String
    public var handledAt: Date

    public init(note: String, handledBy: String, handledAt: Date) {
        self.note = note
        self.handledBy = handledBy
        self.handledAt = handledAt
    }
}
