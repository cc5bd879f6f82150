import Foundation

/// A category of field report (lĩnh vực phản ánh), also an Open311 service: who answers it, by
/// when (working days, or hours for urgent hazards, as data), and the extra questions its form asks.
public struct ReportCategory: Codable, Sendable, Hashable {
    public var code: String
    public var name: String
    public var nameEn: String
    public var description: String
    public var descriptionEn: String
    public var group: String
    public var groupEn: String
    public var keywords: [String]
    /// Working days to answer, to accept or reject, to ask for more information, to publish the answer.
    public var handleDays: Int
    public var rejectDays: Int
    public var infoDays: Int
    public var publishDays: Int
    /// For urgent hazards (exposed wires, a tree fallen across a road): hours to answer, round the clock,
    /// instead of `handleDays`. Nil for the other categories.
    public var handleHours: Int?
    /// Commune unit that answers by default: `communeCommittee` or `communePolice`.
    public var responsible: String
    /// Short code of the provincial agency that supervises (escalations, reports without a commune).
    public var provincialAgency: String
    public var attributes: [ReportAttribute]

    public init(
        code: String, name: String, nameEn: String, description: String, descriptionEn: String, group: String,
        groupEn: String, keywords: [String], handleDays: Int, rejectDays: Int, infoDays: Int, publishDays: Int,
        responsible: String, provincialAgency: String, attributes: [ReportAttribute], handleHours: Int? = nil
    ) {
        self.code = code
        self.name = name
        self.nameEn = nameEn
        self.description = description
        self.descriptionEn = descriptionEn
        self.group = group
        self.groupEn = groupEn
        self.keywords = keywords
        self.handleDays = handleDays
        self.rejectDays = rejectDays
        self.infoDays = infoDays
        self.publishDays = publishDays
        self.handleHours = handleHours
        self.responsible = responsible
        self.provincialAgency = provincialAgency
        self.attributes = attributes
    }

    /// Checks what an administrator may change; throws the first broken rule.
    public func validate() throws {
        func need(_ ok: Bool, _ field: String) throws { if !ok { throw DomainError.invalid(field) } }
        try need(!code.isEmpty && code.count <= 40 && code.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }, "code")
        try need(!name.trimmingCharacters(in: .whitespaces).isEmpty, "name")
        for days in [handleDays, rejectDays, infoDays, publishDays] { try need((0...365).contains(days), "days") }
        try need(handleHours.map { (1...720).contains($0) } ?? true, "handleHours")
        try need(["communeCommittee", "communePolice"].contains(responsible), "responsible")
        try need(!provincialAgency.isEmpty, "provincialAgency")
    }
}

extension ReportCategory {
    /// Checks answers to the category's questions: required ones present (when the channel's form
    /// asks them: `requireAll`), list answers among the allowed keys, numbers and date-times well
    /// formed, no unknown question.
    public func check(attributes: [String: String], requireAll: Bool) throws {
        for (code, _) in attributes where !self.attributes.contains(where: { $0.code == code }) {
            throw DomainError(.invalid, "report.unknownAttribute", ["attribute": code])
        }
        for attribute in self.attributes {
            let value = attributes[attribute.code]?.trimmingCharacters(in: .whitespaces) ?? ""
            if value.isEmpty {
                if attribute.required && requireAll {
                    throw DomainError(.invalid, "report.attributeRequired", ["attribute": attribute.code])
                }
                continue
            }
            let valid: Bool
            switch attribute.datatype {
            case "number": valid = Double(value)?.isFinite ?? false
            case "datetime": valid = Self.isDateTime(value)
            case "singlevaluelist": valid = attribute.values?.contains { $0.key == value } ?? false
            case "multivaluelist":
                valid = value.split(separator: ",").allSatisfy { key in attribute.values?.contains { $0.key == String(key) } ?? false }
            default: valid = value.count <= 500
            }
            if !valid { throw DomainError(.invalid, "report.badAttribute", ["attribute": attribute.code]) }
        }
    }

    /// A W3C date-time with a time zone (`2026-11-22T14:30:00+07:00`, `Z`, optional fractions).
    static func isDateTime(_ text: String) -> Bool {
        let plain = ISO8601DateFormatter()
        plain.formatOptions = [.withInternetDateTime]
        let fractional = ISO8601DateFormatter()
        fractional.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return plain.date(from: text) != nil || fractional.date(from: text) != nil
    }
}

/// An extra question of a category's form (an Open311 service-definition attribute).
public struct ReportAttribute: Codable, Sendable, Hashable {
    public var code: String
    public var datatype: String
    public var required: Bool
    public var description: String
    public var descriptionEn: String
    public var order: Int
    public var values: [Value]?

    /// One allowed answer of a list attribute.
    public struct Value: Codable, Sendable, Hashable {
        public var key: String
        public var name: String
    }
}
