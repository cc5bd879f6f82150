import Domain

/// Reads the specialist's drafting form: the type, the summary, the urgency, the recipient
/// agencies ticked (`to-<agency id>`) and the other recipients, one a line (`name | identifier`;
/// a line holding an agency's identifier or short name of the province addresses that agency), and
/// the persons and businesses (`people`, one a line: `name | citizen ID number or tax code`).
enum OutgoingForm {
    static let fileField = "file"

    static func content(_ f: FormData, agencies: [Agency]) throws -> OutgoingDraftContent {
        guard let urgency = DocumentUrgency(rawValue: f["urgency"] ?? DocumentUrgency.normal.rawValue) else {
            throw DomainError.invalid("urgency")
        }
        var recipients = f.fields.keys.filter { $0.hasPrefix("to-") }.sorted().map { key in
            let id = String(key.dropFirst(3))
            return OutgoingRecipient(agencyId: id, name: agencies.first { $0.id == id }?.name ?? id)
        }
        for line in (f["others"] ?? "").split(whereSeparator: \.isNewline) {
            let parts = line.split(separator: "|", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard let name = parts.first, !name.isEmpty else { continue }
            if parts.count == 1, let agency = agencies.first(where: { $0.id == name || $0.shortCode == name }) {
                recipients.append(OutgoingRecipient(agencyId: agency.id, name: agency.name))
            } else {
                recipients.append(OutgoingRecipient(agencyId: nil, name: name, identifier: parts.count > 1 ? parts[1] : nil))
            }
        }
        recipients += OutgoingForm.holders(f["people"] ?? "")
        return OutgoingDraftContent(typeCode: f["typeCode"] ?? "", summary: f["summary"] ?? "", urgency: urgency, recipients: recipients)
    }
}

extension OutgoingForm {
    /// The persons and businesses of the form, one a line (`name | number`); a line without a
    /// number keeps an empty one, which the rules refuse.
    static func holders(_ text: String) -> [OutgoingRecipient] {
        text.split(whereSeparator: \.isNewline).compactMap { line in
            guard !line.allSatisfy(\.isWhitespace) else { return nil }
            let parts = line.split(separator: "|", maxSplits: 1, omittingEmptySubsequences: false).map {
                $0.trimmingCharacters(in: .whitespaces)
            }
            return OutgoingRecipient(agencyId: nil, name: parts[0], holderNumber: parts.count > 1 ? parts[1] : "")
        }
    }
}
