import Foundation

/// A new entry of a register, before the register gives it its number.
public struct NewRegisterEntry: Sendable {
    public var agencyId: String
    public var direction: RegisterDirection
    public var year: Int
    public var details: OfficialDocumentDetails
    public var receivedAt: Date
    public var registeredBy: String
    public var attachments: [Int64]
    /// The key of the form that sent it: the same key twice registers once.
    public var submissionKey: String?

    public init(
        agencyId: String, direction: RegisterDirection, year: Int, details: OfficialDocumentDetails, receivedAt: Date,
        registeredBy: String, attachments: [Int64], submissionKey: String? = nil
    ) {
        self.agencyId = agencyId
        self.direction = direction
        self.year = year
        self.details = details
        self.receivedAt = receivedAt
        self.registeredBy = registeredBy
        self.attachments = attachments
        self.submissionKey = submissionKey
    }
}

/// Which register to read, and what to look for in it.
public struct RegisterQuery: Sendable, Hashable {
    public var agencyId: String
    public var direction: RegisterDirection
    public var year: Int
    /// Folded search text (`VietnameseFolding`), or nil for the whole register.
    public var text: String?
    public var limit: Int
    /// Entries numbered after this one only (the next page of a register), or nil from the first.
    public var afterNumber: Int?

    /// The words of the search (at most eight): an entry matches when each begins one of its words.
    public var words: [String] { Array(Self.words(of: text ?? "").prefix(8)) }

    /// The words of folded text, once each, in order: split at spaces and slashes, so that "123/UBND-VX" is found by
    /// "ubnd" and by "123/ubnd".
    public static func words(of folded: String) -> [String] {
        var seen = Set<String>()
        return folded.split(whereSeparator: { $0 == " " || $0 == "/" }).map(String.init).filter { seen.insert($0).inserted }
    }

    public init(
        agencyId: String, direction: RegisterDirection, year: Int, text: String? = nil, limit: Int = 1000, afterNumber: Int? = nil
    ) {
        self.agencyId = agencyId
        self.direction = direction
        self.year = year
        self.text = text
        self.limit = limit
        self.afterNumber = afterNumber
    }
}

/// The registers and their documents. Every write runs in one transaction with its audit line.
public protocol OfficialDocumentRepository: Sendable {
    /// Gives the entry the next number of its register and year (a counter row incremented in the
    /// same transaction, so numbers have no gap and no duplicate), stores it with its attachments,
    /// and writes the audit line made from the stored document. An entry whose submission key is
    /// already stored registers nothing: the document stored the first time is returned.
    func register(_ entry: NewRegisterEntry, audit: @escaping @Sendable (OfficialDocument) -> AuditEntry) async throws -> OfficialDocument
    /// Records the assignment on a document still at `expectedVersion` and not handled; false when it moved.
    func assign(id: Int64, expectedVersion: Int, _ assignment: DocumentAssignment, audit: AuditEntry) async throws -> Bool
    /// Records the handling of an assigned document still at `expectedVersion`; false when it moved.
    func close(id: Int64, expectedVersion: Int, _ handling: DocumentHandling, audit: AuditEntry) async throws -> Bool
    func document(id: Int64) async throws -> OfficialDocument?
    /// The document registered by the form with `submissionKey`.
    func document(submissionKey: String) async throws -> OfficialDocument?
    /// The documents of one register and year, by number, matching the folded text when given.
    func entries(_ query: RegisterQuery) async throws -> [OfficialDocument]
    /// Documents of `agencyId`'s registers not assigned yet, oldest first.
    func awaitingAssignment(agencyId: String, limit: Int) async throws -> [OfficialDocument]
    /// Documents assigned to `agencyId` (as lead or coordinating unit) and not handled yet, by deadline.
    func assigned(to agencyId: String, limit: Int) async throws -> [OfficialDocument]
    /// The agency's registers: direction, year and how many documents each holds, newest first.
    func registers(agencyId: String) async throws -> [(direction: RegisterDirection, year: Int, count: Int)]
}
