import Foundation

/// The level of government that decides a procedure.
public enum ProcedureLevel: String, Codable, Sendable, CaseIterable { case commune, province }

/// Online level (Decree 42/2022 art. 11): full-process online or partly online.
public enum OnlineLevel: String, Codable, Sendable, CaseIterable { case full, partial }

/// A field (lĩnh vực) of the procedure catalogue.
public struct ProcedureField: Codable, Sendable, Hashable {
    public var code: String
    public var name: String
    public var nameEn: String
    public init(code: String, name: String, nameEn: String) {
        self.code = code
        self.name = name
        self.nameEn = nameEn
    }
}

/// A fee or charge of a procedure, in đồng.
public struct Fee: Codable, Sendable, Hashable {
    public var name: String
    public var nameEn: String
    public var amount: Int
    public var note: String?
    public init(name: String, nameEn: String, amount: Int, note: String?) {
        self.name = name
        self.nameEn = nameEn
        self.amount = amount
        self.note = note
    }
}

/// A document the applicant provides (thành phần hồ sơ).
public struct RequiredDocument: Codable, Sendable, Hashable {
    public var name: String
    public var nameEn: String
    public var originals: Int
    public var copies: Int
    public var electronicCopyAllowed: Bool
    public var form: String?
    /// Needed only in some cases (the name says which); an online submission may leave it out.
    public var conditional: Bool

    public init(
        name: String, nameEn: String, originals: Int, copies: Int, electronicCopyAllowed: Bool, form: String?,
        conditional: Bool = false
    ) {
        self.name = name
        self.nameEn = nameEn
        self.originals = originals
        self.copies = copies
        self.electronicCopyAllowed = electronicCopyAllowed
        self.form = form
        self.conditional = conditional
    }

    enum CodingKeys: String, CodingKey { case name, nameEn, originals, copies, electronicCopyAllowed, form, conditional }

    /// Decodes a document; `conditional` defaults to false.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            name: try c.decode(String.self, forKey: .name), nameEn: try c.decode(String.self, forKey: .nameEn),
            originals: try c.decode(Int.self, forKey: .originals), copies: try c.decode(Int.self, forKey: .copies),
            electronicCopyAllowed: try c.decode(Bool.self, forKey: .electronicCopyAllowed),
            form: try c.decodeIfPresent(String.self, forKey: .form),
            conditional: try c.decodeIfPresent(Bool.self, forKey: .conditional) ?? false)
    }
}

/// An administrative procedure (thủ tục hành chính) of the catalogue.
public struct Procedure: Codable, Sendable, Hashable {
    public var code: String
    public var name: String
    public var nameEn: String
    public var field: String
    public var level: ProcedureLevel
    /// `communeCommittee`, `communePolice`, or a provincial agency's short code.
    public var competentAgency: String
    public var processingDays: Int
    /// Receipts at or after this local time count from the next working day ("HH:MM").
    public var cutoff: String
    public var fees: [Fee]
    public var documents: [RequiredDocument]
    public var forms: [String]
    public var result: String
    public var resultEn: String
    public var onlineLevel: OnlineLevel
    public var legalBasis: [String]
    public var workflow: String
    public var calendar: String?

    public init(
        code: String, name: String, nameEn: String, field: String, level: ProcedureLevel,
        competentAgency: String, processingDays: Int, cutoff: String, fees: [Fee],
        documents: [RequiredDocument], forms: [String], result: String, resultEn: String,
        onlineLevel: OnlineLevel, legalBasis: [String], workflow: String, calendar: String? = nil
    ) {
        self.code = code
        self.name = name
        self.nameEn = nameEn
        self.field = field
        self.level = level
        self.competentAgency = competentAgency
        self.processingDays = processingDays
        self.cutoff = cutoff
        self.fees = fees
        self.documents = documents
        self.forms = forms
        self.result = result
        self.resultEn = resultEn
        self.onlineLevel = onlineLevel
        self.legalBasis = legalBasis
        self.workflow = workflow
        self.calendar = calendar
    }

    /// Total fee in đồng.
    public var totalFee: Int { fees.reduce(0) { $0 + $1.amount } }

    /// The cut-off as minutes after local midnight; 15:00 when the stored value is malformed.
    public var cutoffMinute: Int { Self.parseClock(cutoff) ?? 15 * 60 }

    /// Parses "HH:MM" (00:00 to 23:59) into minutes after midnight.
    public static func parseClock(_ text: String) -> Int? {
        let parts = text.split(separator: ":")
        guard parts.count == 2, parts[0].count == 2, parts[1].count == 2,
            let h = Int(parts[0]), let m = Int(parts[1]), (0..<24).contains(h), (0..<60).contains(m)
        else { return nil }
        return h * 60 + m
    }

    /// Checks the rules a catalogue entry must satisfy; throws the first broken one.
    public func validate() throws {
        func need(_ ok: Bool, _ field: String) throws { if !ok { throw DomainError.invalid(field) } }
        try need(!code.isEmpty && code.count <= 40, "code")
        try need(!name.trimmingCharacters(in: .whitespaces).isEmpty && name.count <= 500, "name")
        try need(!field.isEmpty, "field")
        try need(!competentAgency.isEmpty, "competentAgency")
        try need((0...365).contains(processingDays), "processingDays")
        try need(Self.parseClock(cutoff) != nil, "cutoff")
        try need(fees.allSatisfy { $0.amount >= 0 && !$0.name.isEmpty }, "fees")
        try need(documents.allSatisfy { !$0.name.isEmpty && $0.originals >= 0 && $0.copies >= 0 }, "documents")
        try need(!workflow.isEmpty, "workflow")
    }
}

extension Procedure {
    private enum CodingKeys: String, CodingKey {
        case code, name, nameEn, field, level, competentAgency, processingDays, cutoff, fees, documents, forms
        case result, resultEn, onlineLevel, legalBasis, workflow, calendar
    }

    /// Decodes a catalogue entry; the cut-off defaults to 15:00 and lists default to empty.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            code: try c.decode(String.self, forKey: .code), name: try c.decode(String.self, forKey: .name),
            nameEn: try c.decodeIfPresent(String.self, forKey: .nameEn) ?? "",
            field: try c.decode(String.self, forKey: .field), level: try c.decode(ProcedureLevel.self, forKey: .level),
            competentAgency: try c.decode(String.self, forKey: .competentAgency),
            processingDays: try c.decode(Int.self, forKey: .processingDays),
            cutoff: try c.decodeIfPresent(String.self, forKey: .cutoff) ?? "15:00",
            fees: try c.decodeIfPresent([Fee].self, forKey: .fees) ?? [],
            documents: try c.decodeIfPresent([RequiredDocument].self, forKey: .documents) ?? [],
            forms: try c.decodeIfPresent([String].self, forKey: .forms) ?? [],
            result: try c.decodeIfPresent(String.self, forKey: .result) ?? "",
            resultEn: try c.decodeIfPresent(String.self, forKey: .resultEn) ?? "",
            onlineLevel: try c.decode(OnlineLevel.self, forKey: .onlineLevel),
            legalBasis: try c.decodeIfPresent([String].self, forKey: .legalBasis) ?? [],
            workflow: try c.decodeIfPresent(String.self, forKey: .workflow) ?? "ONE_STOP_DEFAULT",
            calendar: try c.decodeIfPresent(String.self, forKey: .calendar))
    }
}
