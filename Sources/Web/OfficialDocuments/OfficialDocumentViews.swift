import Domain
import Foundation

/// Builds the lines and choices of the official documents' pages in the caller's language.
struct OfficialDocumentViews: Sendable {
    let agencies: any AgencyRepository
    let strings: Strings

    /// The path segment of a register direction (`den`, `di`) and back.
    static func segment(_ direction: RegisterDirection) -> String { direction == .incoming ? "den" : "di" }
    static func direction(_ segment: String) -> RegisterDirection? {
        switch segment {
        case "den": .incoming
        case "di": .outgoing
        default: nil
        }
    }

    func typeName(_ code: String, _ language: Language) -> String {
        guard let type = OfficialDocumentTypes.type(code) else { return code }
        return language == .en ? type.nameEn : type.name
    }

    func agencyName(_ id: String, _ language: Language) async throws -> String {
        guard let agency = try await agencies.agency(id: id) else { return id }
        return language == .en ? agency.nameEn : agency.name
    }

    /// The name of the document's lead unit, once assigned.
    func leadName(_ d: OfficialDocument, _ language: Language) async throws -> String? {
        guard let lead = d.assignment?.leadAgencyId else { return nil }
        return try await agencyName(lead, language)
    }

    /// The register's title: "Sổ văn bản đến 2026".
    func registerTitle(_ direction: RegisterDirection, year: Int, _ language: Language) -> String {
        strings.text("doc_register_\(direction.rawValue)", language, ["year": String(year)])
    }

    func line(_ d: OfficialDocument, today: LocalDate, language: Language) async throws -> DocumentLine {
        let t = d.details
        return DocumentLine(
            id: d.id, link: Routes.officialDocument.link(String(d.id)), number: d.number, numberSymbol: t.numberSymbol,
            type: typeName(t.typeCode, language), documentDate: Format.day(t.documentDate), issuer: t.issuer, summary: t.summary,
            signer: t.signer,
            urgency: t.urgency == .normal ? nil : strings.text("doc_urgency_\(t.urgency.rawValue)", language),
            confidentiality: t.confidentiality == .normal
                ? nil : strings.text("doc_confidentiality_\(t.confidentiality.rawValue)", language),
            receivedAt: Format.instant(d.receivedAt), deadline: Format.day(d.deadline),
            overdue: d.status != .handled && (d.deadline.map { $0 < today } ?? false),
            status: strings.text("doc_status_\(d.status.rawValue)", language),
            lead: try await leadName(d, language))
    }

    func options<T: RawRepresentable & CaseIterable>(_ cases: T.Type, prefix: String, selected: String?, _ language: Language)
        -> [DocumentOption] where T.RawValue == String
    {
        T.allCases.map {
            DocumentOption(value: $0.rawValue, name: strings.text("\(prefix)\($0.rawValue)", language), selected: $0.rawValue == selected)
        }
    }

    func typeOptions(selected: String?, _ language: Language) -> [DocumentOption] {
        OfficialDocumentTypes.all.map {
            DocumentOption(value: $0.code, name: language == .en ? $0.nameEn : $0.name, selected: $0.code == selected)
        }
    }

    /// The register of `documents` as CSV for archiving: UTF-8 with a byte-order mark (so that
    /// spreadsheets read the Vietnamese), the columns of the register's form.
    func csv(_ documents: [OfficialDocument], language: Language) async throws -> String {
        let header = [
            "doc_col_number", "doc_col_received", "doc_col_issuer", "doc_col_number_symbol", "doc_col_date", "doc_col_type",
            "doc_col_summary", "doc_col_signer", "doc_col_urgency", "doc_col_confidentiality", "doc_col_lead", "doc_col_deadline",
            "doc_col_status",
        ].map { strings.text($0, language) }
        var rows = [header]
        for d in documents {
            let t = d.details
            rows.append([
                String(d.number), Format.instant(d.receivedAt), t.issuer, t.numberSymbol, Format.day(t.documentDate),
                typeName(t.typeCode, language), t.summary, t.signer ?? "", strings.text("doc_urgency_\(t.urgency.rawValue)", language),
                strings.text("doc_confidentiality_\(t.confidentiality.rawValue)", language),
                try await leadName(d, language) ?? "", Format.day(d.deadline),
                strings.text("doc_status_\(d.status.rawValue)", language),
            ])
        }
        return CSV.byteOrderMark + CSV.write(rows)
    }
}
