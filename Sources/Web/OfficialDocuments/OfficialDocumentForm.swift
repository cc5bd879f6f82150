import Domain

/// Reads the clerk's registration form into the document's details.
enum OfficialDocumentForm {
    /// The file field of the scan.
    static let scanField = "scan"

    static func details(_ f: FormData) throws -> OfficialDocumentDetails {
        guard let date = f["documentDate"].flatMap(LocalDate.init(iso:)) else {
            throw DomainError.invalid("documentDate", "officialDocument.badDate")
        }
        var deadline: LocalDate?
        if let text = f["deadline"] {
            guard let day = LocalDate(iso: text) else { throw DomainError.invalid("deadline", "officialDocument.badDeadline") }
            deadline = day
        }
        guard let urgency = DocumentUrgency(rawValue: f["urgency"] ?? DocumentUrgency.normal.rawValue) else {
            throw DomainError.invalid("urgency")
        }
        guard let confidentiality = DocumentConfidentiality(rawValue: f["confidentiality"] ?? DocumentConfidentiality.normal.rawValue)
        else { throw DomainError.invalid("confidentiality") }
        return OfficialDocumentDetails(
            numberSymbol: f["numberSymbol"] ?? "", typeCode: f["typeCode"] ?? "", documentDate: date, issuer: f["issuer"] ?? "",
            summary: f["summary"] ?? "", signer: f["signer"], urgency: urgency, confidentiality: confidentiality,
            recipients: f["recipients"], deadline: deadline)
    }

    /// The coordinating units ticked on the assignment form (`co-<agency id>` checkboxes).
    static func coordinating(_ f: FormData) -> [String] {
        f.fields.keys.filter { $0.hasPrefix("co-") }.map { String($0.dropFirst(3)) }.sorted()
    }
}
