import Foundation

/// An officer's search as typed (query string or form): each criterion optional, validated by
/// `DossierService.search`. At least one of code, name, phone and ID number is required, so that
/// every search is driven by an index of its own.
public struct DossierSearchCriteria: Sendable, Hashable {
    public var code: String?
    public var name: String?
    public var phone: String?
    public var idNumber: String?
    /// Filters: workflow state, procedure code, channel, receipt day range (`YYYY-MM-DD`, both ends included).
    public var state: String?
    public var procedure: String?
    public var channel: String?
    public var receivedFrom: String?
    public var receivedTo: String?
    public var cursor: String?
    public var limit: String?

    public init(
        code: String? = nil, name: String? = nil, phone: String? = nil, idNumber: String? = nil, state: String? = nil,
        procedure: String? = nil, channel: String? = nil, receivedFrom: String? = nil, receivedTo: String? = nil,
        cursor: String? = nil, limit: String? = nil
    ) {
        func given(_ s: String?) -> String? {
            guard let t = s?.trimmingCharacters(in: .whitespacesAndNewlines), !t.isEmpty else { return nil }
            return t
        }
        self.code = given(code)
        self.name = given(name)
        self.phone = given(phone)
        self.idNumber = given(idNumber)
        self.state = given(state)
        self.procedure = given(procedure)
        self.channel = given(channel)
        self.receivedFrom = given(receivedFrom)
        self.receivedTo = given(receivedTo)
        self.cursor = given(cursor)
        self.limit = given(limit)
    }

    /// Whether any of the four searching criteria was given (an empty form shows the empty state).
    public var hasCriterion: Bool { code != nil || name != nil || phone != nil || idNumber != nil }
}

/// Whose dossiers a search may return: all of the province's, or those an agency received or handles.
public enum DossierSearchScope: Sendable, Hashable {
    case everything
    case agency(String)
}

/// A validated search, as the repository runs it. The first criterion present, in the order code,
/// ID number, phone, name, drives the query (its index); the others filter.
public struct DossierSearchQuery: Sendable, Hashable {
    /// Upper-case code prefix (a whole code is its own prefix).
    public var codePrefix: String?
    /// Folded applicant name prefix (`VietnameseFolding`).
    public var namePrefix: String?
    /// The phone in each stored form (`0…` and `+84…`).
    public var phones: [String]
    public var idNumber: String?
    public var state: String?
    public var procedureCode: String?
    public var channel: Channel?
    /// Receipt instants in `[receivedFrom, receivedUntil)`.
    public var receivedFrom: Date?
    public var receivedUntil: Date?
    public var scope: DossierSearchScope
    public var cursor: String?
    public var limit: Int

    public init(
        codePrefix: String? = nil, namePrefix: String? = nil, phones: [String] = [], idNumber: String? = nil,
        state: String? = nil, procedureCode: String? = nil, channel: Channel? = nil, receivedFrom: Date? = nil,
        receivedUntil: Date? = nil, scope: DossierSearchScope, cursor: String? = nil, limit: Int = 20
    ) {
        self.codePrefix = codePrefix
        self.namePrefix = namePrefix
        self.phones = phones
        self.idNumber = idNumber
        self.state = state
        self.procedureCode = procedureCode
        self.channel = channel
        self.receivedFrom = receivedFrom
        self.receivedUntil = receivedUntil
        self.scope = scope
        self.cursor = cursor
        self.limit = limit
    }
}

extension DossierService {
    /// The dossiers matching `criteria` within `scope`, a page at a time. Bad input is `invalid`
    /// with the field named; no criterion is `search.criterionRequired`.
    public func search(_ criteria: DossierSearchCriteria, scope: DossierSearchScope) async throws -> QueuePage {
        try await dossiers.search(try await query(criteria, scope: scope))
    }

    /// Validates `criteria` into the query the repository runs.
    func query(_ c: DossierSearchCriteria, scope: DossierSearchScope) async throws -> DossierSearchQuery {
        guard c.hasCriterion else { throw DomainError(.invalid, "search.criterionRequired") }
        var q = DossierSearchQuery(scope: scope)
        if let code = c.code {
            let prefix = DossierCode.normalized(code)
            guard (3...60).contains(prefix.count),
                prefix.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "." || $0 == "-") })
            else { throw DomainError.invalid("code", "search.badCode") }
            q.codePrefix = prefix
        }
        if let name = c.name {
            let folded = VietnameseFolding.fold(name)
            guard (2...100).contains(folded.count) else { throw DomainError.invalid("name", "search.badName") }
            q.namePrefix = folded
        }
        if let phone = c.phone {
            let typed = phone.filter { !" .-()".contains($0) }
            let national =
                typed.hasPrefix("+84")
                ? "0" + typed.dropFirst(3) : typed.hasPrefix("84") && typed.count == 11 ? "0" + typed.dropFirst(2) : typed
            guard ReceiptInput.isPhone(national) else { throw DomainError.invalid("phone", "search.badPhone") }
            q.phones = [national, "+84" + national.dropFirst()]
        }
        if let id = c.idNumber {
            guard ReceiptInput.isIdNumber(id) else { throw DomainError.invalid("idNumber", "search.badIdNumber") }
            q.idNumber = id
        }
        try await filters(c, into: &q)
        return q
    }

    private func filters(_ c: DossierSearchCriteria, into q: inout DossierSearchQuery) async throws {
        if let state = c.state {
            guard let workflow = try await catalogue.workflow(code: "ONE_STOP_DEFAULT"), workflow.state(state) != nil else {
                throw DomainError.invalid("state")
            }
            q.state = state
        }
        if let procedure = c.procedure {
            guard procedure.count <= 40, try await catalogue.procedure(code: procedure) != nil else {
                throw DomainError.invalid("procedure")
            }
            q.procedureCode = procedure
        }
        if let channel = c.channel {
            guard let value = Channel(rawValue: channel) else { throw DomainError.invalid("channel") }
            q.channel = value
        }
        let offset = try await defaultCalendar().utcOffsetSeconds
        func day(_ text: String?, _ field: String) throws -> LocalDate? {
            guard let text else { return nil }
            guard let day = LocalDate(iso: text) else { throw DomainError.invalid(field, "search.badDate") }
            return day
        }
        let from = try day(c.receivedFrom, "receivedFrom")
        let to = try day(c.receivedTo, "receivedTo")
        if let from, let to, to < from { throw DomainError.invalid("receivedTo", "search.badDate") }
        q.receivedFrom = from.map { $0.startInstant(utcOffsetSeconds: offset) }
        q.receivedUntil = to.map { $0.adding(days: 1).startInstant(utcOffsetSeconds: offset) }
        if let limit = c.limit {
            guard let n = Int(limit), (1...100).contains(n) else { throw DomainError.invalid("limit") }
            q.limit = n
        }
        if let cursor = c.cursor {
            guard cursor.count <= 400 else { throw DomainError.invalid("cursor") }
            q.cursor = cursor
        }
    }
}
