import Foundation

/// An organisation in the exchange, by its identifier (mã định danh, Decision 20/2020/QĐ-TTg) and name.
public struct ExchangeOrganisation: Sendable, Hashable, Codable {
    public var id: String
    public var name: String

    public init(id: String, name: String) {
        self.id = id
        self.name = name
    }
}

/// One pass of a package through a system (TraceHeader): which organisation handled it, and when.
public struct PackageTrace: Sendable, Hashable {
    public var organisationId: String
    public var at: Date

    public init(organisationId: String, at: Date) {
        self.organisationId = organisationId
        self.at = at
    }
}

/// A file carried in a package: named in the manifest, its bytes base64 in `AttachmentEncoded`.
public struct PackageAttachment: Sendable, Hashable {
    public var contentId: String
    public var contentType: String
    public var name: String
    public var bytes: [UInt8]

    public init(contentId: String, contentType: String, name: String, bytes: [UInt8]) {
        self.contentId = contentId
        self.contentType = contentType
        self.name = name
        self.bytes = bytes
    }
}

/// A document package of QCVN 102:2016/BTTTT (edXML): the message header with the document's
/// metadata, the trace, the attachments. The signature is not part of the model: the codec adds it
/// over the canonical form and checks it (`DocumentPackageCodec`).
public struct DocumentPackage: Sendable, Hashable {
    /// DocumentId: the package's identifier, unique per sender (a UUID).
    public var packageId: String
    public var from: ExchangeOrganisation
    public var to: [ExchangeOrganisation]
    /// Số, ký hiệu as written on the document (`123/UBND-VX`: CodeNumber `123`, CodeNotation `UBND-VX`).
    public var numberSymbol: String
    /// PromulgationInfo: place and date of issue.
    public var place: String
    public var promulgationDate: LocalDate
    /// A code of `OfficialDocumentTypes` (TypeDetail) and its name (TypeName).
    public var typeCode: String
    public var typeName: String
    /// Trích yếu.
    public var subject: String
    /// SignerInfo: who signed, in which position.
    public var signerName: String
    public var signerPosition: String
    public var dueDate: LocalDate?
    /// OtherInfo/Priority.
    public var urgency: DocumentUrgency
    /// The package this one answers (ResponseFor), by its identifier.
    public var responseFor: String?
    public var traces: [PackageTrace]
    public var attachments: [PackageAttachment]

    public init(
        packageId: String, from: ExchangeOrganisation, to: [ExchangeOrganisation], numberSymbol: String, place: String,
        promulgationDate: LocalDate, typeCode: String, typeName: String, subject: String, signerName: String, signerPosition: String,
        dueDate: LocalDate?, urgency: DocumentUrgency, responseFor: String? = nil, traces: [PackageTrace],
        attachments: [PackageAttachment]
    ) {
        self.packageId = packageId
        self.from = from
        self.to = to
        self.numberSymbol = numberSymbol
        self.place = place
        self.promulgationDate = promulgationDate
        self.typeCode = typeCode
        self.typeName = typeName
        self.subject = subject
        self.signerName = signerName
        self.signerPosition = signerPosition
        self.dueDate = dueDate
        self.urgency = urgency
        self.responseFor = responseFor
        self.traces = traces
        self.attachments = attachments
    }
}

/// The processing statuses a receiving system reports back (QCVN 102:2016/BTTTT, status package `StatusCode`).
public enum ExchangeStatusCode: String, Sendable, CaseIterable, Codable {
    /// Đã đến: the package reached the receiving system.
    case arrived = "-01"
    /// Từ chối tiếp nhận: refused, with the reason in `Description`.
    case refused = "-02"
    /// Đã tiếp nhận: registered in the incoming register.
    case accepted = "-03"
    /// Phân công: assigned to a lead unit.
    case assigned = "-04"
    /// Đang xử lý.
    case inProgress = "-05"
    /// Hoàn thành.
    case done = "-06"

    /// The name used in the API (`arrived`, `refused`, ...).
    public var name: String {
        switch self {
        case .arrived: "arrived"
        case .refused: "refused"
        case .accepted: "accepted"
        case .assigned: "assigned"
        case .inProgress: "inProgress"
        case .done: "done"
        }
    }
}

/// A status package: what became of the package `packageId` that `senderId` sent, reported by `from`.
public struct StatusPackage: Sendable, Hashable {
    /// ResponseFor: the package the status is about, and the organisation that sent it.
    public var packageId: String
    public var senderId: String
    public var from: ExchangeOrganisation
    public var code: ExchangeStatusCode
    /// Description: the reason of a refusal, or a note.
    public var description: String
    /// StaffInfo: the unit and person who acted.
    public var staff: String
    public var at: Date

    public init(
        packageId: String, senderId: String, from: ExchangeOrganisation, code: ExchangeStatusCode, description: String,
        staff: String, at: Date
    ) {
        self.packageId = packageId
        self.senderId = senderId
        self.from = from
        self.code = code
        self.description = description
        self.staff = staff
        self.at = at
    }
}
