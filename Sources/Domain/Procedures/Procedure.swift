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
    /// The statutory time limit, in the unit the procedure's law uses.
    public var timeLimit: TimeLimit
    /// The article that sets the time limit (required when an administrator changes it).
    public var timeLimitBasis: String?
    /// Receipts at or after this local time ("HH:MM") count from the next working day; nil when the
    /// procedure's law sets no such hour (then any time of a working day counts from that day).
    public var cutoff: String?
    /// The article that sets the cut-off (for example "Nghị định 23/2015/NĐ-CP, khoản 1 Điều 7").
    public var cutoffBasis: String?
    public var fees: [Fee]
    public var documents: [RequiredDocument]
    public var forms: [String]
    public var result: String
    public var resultEn: String
    public var onlineLevel: OnlineLevel
    /// The level's article, the in-person steps of a partly online procedure, the online-only rule.
    public var onlineTerms: OnlineTerms
    public var legalBasis: [String]
    public var workflow: String
    public var calendar: String?
    /// The identity level a citizen must hold to submit online (data of the catalogue; nil: any account).
    public var minIdentityLevel: IdentityLevel?

    public init(
        code: String, name: String, nameEn: String, field: String, level: ProcedureLevel,
        competentAgency: String, timeLimit: TimeLimit, cutoff: String?, cutoffBasis: String? = nil, fees: [Fee],
        documents: [RequiredDocument], forms: [String], result: String, resultEn: String,
        onlineLevel: OnlineLevel, legalBasis: [String], workflow: String, calendar: String? = nil,
        onlineTerms: OnlineTerms = OnlineTerms()
    ) {
        self.code = code
        self.name = name
        self.nameEn = nameEn
        self.field = field
        self.level = level
        self.competentAgency = competentAgency
        self.timeLimit = timeLimit
        self.cutoff = cutoff
        self.cutoffBasis = cutoffBasis
        self.fees = fees
        self.documents = documents
        self.forms = forms
        self.result = result
        self.resultEn = resultEn
        self.onlineLevel = onlineLevel
        self.onlineTerms = onlineTerms
        self.legalBasis = legalBasis
        self.workflow = workflow
        self.calendar = calendar
    }

    /// The cut-off as minutes after local midnight; nil when there is none (a stored value that does not
    /// parse is refused by `validate`).
    public var cutoffMinute: Int? { cutoff.flatMap(Self.parseClock) }

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
        try need(timeLimit.isValid, "timeLimit")
        try need(cutoff.map { Self.parseClock($0) != nil } ?? true, "cutoff")
        try need(fees.allSatisfy(\.isValid), "fees")
        try need(documents.allSatisfy { !$0.name.isEmpty && $0.originals >= 0 && $0.copies >= 0 }, "documents")
        try need(!workflow.isEmpty, "workflow")
    }
}

extension Procedure {
    private enum CodingKeys: String, CodingKey {
        case code, name, nameEn, field, level, competentAgency, timeLimit, timeLimitBasis, processingDays, cutoff, cutoffBasis, fees
        case documents, forms, result, resultEn, onlineLevel, legalBasis, workflow, calendar, onlineTerms, minIdentityLevel
    }

    /// Decodes a catalogue entry; lists default to empty. An entry written before time limits had units
    /// gives `processingDays` (working days, 0 meaning the same day) and always had a cut-off, 15:00 when
    /// left out; a newer one gives `timeLimit`, and no cut-off unless it names one.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let limit = try c.decodeIfPresent(TimeLimit.self, forKey: .timeLimit)
        let cutoff = try c.decodeIfPresent(String.self, forKey: .cutoff)
        self.init(
            code: try c.decode(String.self, forKey: .code), name: try c.decode(String.self, forKey: .name),
            nameEn: try c.decodeIfPresent(String.self, forKey: .nameEn) ?? "",
            field: try c.decode(String.self, forKey: .field), level: try c.decode(ProcedureLevel.self, forKey: .level),
            competentAgency: try c.decode(String.self, forKey: .competentAgency),
            timeLimit: try limit ?? .legacy(days: c.decode(Int.self, forKey: .processingDays)),
            cutoff: limit == nil ? cutoff ?? "15:00" : cutoff, cutoffBasis: try c.decodeIfPresent(String.self, forKey: .cutoffBasis),
            fees: try c.decodeIfPresent([Fee].self, forKey: .fees) ?? [],
            documents: try c.decodeIfPresent([RequiredDocument].self, forKey: .documents) ?? [],
            forms: try c.decodeIfPresent([String].self, forKey: .forms) ?? [],
            result: try c.decodeIfPresent(String.self, forKey: .result) ?? "",
            resultEn: try c.decodeIfPresent(String.self, forKey: .resultEn) ?? "",
            onlineLevel: try c.decode(OnlineLevel.self, forKey: .onlineLevel),
            legalBasis: try c.decodeIfPresent([String].self, forKey: .legalBasis) ?? [],
            workflow: try c.decodeIfPresent(String.self, forKey: .workflow) ?? "ONE_STOP_DEFAULT",
            calendar: try c.decodeIfPresent(String.self, forKey: .calendar),
            onlineTerms: try c.decodeIfPresent(OnlineTerms.self, forKey: .onlineTerms) ?? OnlineTerms())
        minIdentityLevel = try c.decodeIfPresent(IdentityLevel.self, forKey: .minIdentityLevel)
        timeLimitBasis = try c.decodeIfPresent(String.self, forKey: .timeLimitBasis)
    }
}

extension Procedure {
    /// Writes every field but the legacy `processingDays`.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(code, forKey: .code)
        try c.encode(name, forKey: .name)
        try c.encode(nameEn, forKey: .nameEn)
        try c.encode(field, forKey: .field)
        try c.encode(level, forKey: .level)
        try c.encode(competentAgency, forKey: .competentAgency)
        try c.encode(timeLimit, forKey: .timeLimit)
        try c.encodeIfPresent(timeLimitBasis, forKey: .timeLimitBasis)
        try c.encodeIfPresent(cutoff, forKey: .cutoff)
        try c.encodeIfPresent(cutoffBasis, forKey: .cutoffBasis)
        try c.encode(fees, forKey: .fees)
        try c.encode(documents, forKey: .documents)
        try c.encode(forms, forKey: .forms)
        try c.encode(result, forKey: .result)
        try c.encode(resultEn, forKey: .resultEn)
        try c.encode(onlineLevel, forKey: .onlineLevel)
        try c.encode(onlineTerms, forKey: .onlineTerms)
        try c.encode(legalBasis, forKey: .legalBasis)
        try c.encode(workflow, forKey: .workflow)
        try c.encodeIfPresent(calendar, forKey: .calendar)
        try c.encodeIfPresent(minIdentityLevel, forKey: .minIdentityLevel)
    }
}
