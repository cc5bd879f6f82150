import Foundation

/// What the counter, or an integration recording an online submission, sends to open a dossier.
public struct ReceiptInput: Codable, Sendable, Hashable {
    public var procedureCode: String
    public var channel: Channel
    public var applicant: Applicant
    /// The commune whose agencies handle a commune-level procedure; defaults to the receiving desk's commune.
    public var communeCode: String?
    public var note: String?
    /// What decides the amount due (copies asked for, the event's day); nothing asked when left out.
    public var feeAnswers: FeeAnswers?
    /// The counter's checklist: the components received, with their counts; checked against the procedure when
    /// given (the counter form always gives it; an integration that leaves it out records none).
    public var components: [ReceivedComponent]?

    public init(
        procedureCode: String, channel: Channel, applicant: Applicant, communeCode: String? = nil, note: String? = nil,
        feeAnswers: FeeAnswers? = nil, components: [ReceivedComponent]? = nil
    ) {
        self.components = components
        self.procedureCode = procedureCode
        self.channel = channel
        self.applicant = applicant
        self.communeCode = communeCode
        self.note = note
        self.feeAnswers = feeAnswers
    }

    /// Checks the applicant's details; throws the first invalid field.
    public func validate() throws {
        let a = applicant
        func need(_ ok: Bool, _ field: String) throws { if !ok { throw DomainError.invalid(field) } }
        try need(!procedureCode.isEmpty && procedureCode.count <= 40, "procedureCode")
        let name = a.fullName.trimmingCharacters(in: .whitespacesAndNewlines)
        try need(!name.isEmpty && name.count <= 200, "applicant.fullName")
        try need(Self.isIdNumber(a.idNumber), "applicant.idNumber")
        try need(Self.isPhone(a.phone), "applicant.phone")
        try need(a.email.map(Self.isEmail) ?? true, "applicant.email")
        try need(!a.address.trimmingCharacters(in: .whitespaces).isEmpty && a.address.count <= 500, "applicant.address")
        try need(a.unitCode.map(Self.isUnitCode) ?? true, "applicant.unitCode")
        try need(communeCode.map(Self.isUnitCode) ?? true, "communeCode")
        try need((note?.count ?? 0) <= DossierRules.maxNoteLength, "note")
    }

    /// A statistical unit code: 2 to 5 ASCII digits.
    public static func isUnitCode(_ s: String) -> Bool {
        (2...5).contains(s.count) && s.allSatisfy { $0.isASCII && $0.isNumber }
    }

    /// A 12-digit citizen ID (CCCD), or a 10- or 13-digit tax code for an organisation.
    public static func isIdNumber(_ s: String) -> Bool {
        [10, 12, 13].contains(s.count) && s.allSatisfy { $0.isASCII && $0.isNumber }
    }

    /// A Vietnamese phone number: 10 digits starting with 0, or +84 and 9 digits.
    public static func isPhone(_ s: String) -> Bool {
        let digits = s.hasPrefix("+84") ? "0" + s.dropFirst(3) : s
        return digits.count == 10 && digits.hasPrefix("0") && digits.allSatisfy { $0.isASCII && $0.isNumber }
    }

    public static func isEmail(_ s: String) -> Bool {
        let parts = s.split(separator: "@", omittingEmptySubsequences: false)
        return s.count <= 254 && parts.count == 2 && !parts[0].isEmpty && parts[1].contains(".")
            && !s.contains(where: { $0.isWhitespace })
    }
}
