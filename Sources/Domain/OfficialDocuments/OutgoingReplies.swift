/// Replies to incoming documents (Decree 30/2020/NĐ-CP, Article 24: the unit in charge handles the incoming document and
/// answers it): a specialist or leader of the lead unit drafts "Dự thảo văn bản trả lời" from an incoming document
/// assigned to their unit; once the reply is issued, the incoming document shows it and the lead unit closes it citing it.
extension OutgoingDocumentService {
    /// The incoming document `id` when the officer may reply to it: visible to them, assigned, their unit leading it.
    public func repliable(_ id: Int64, by officer: Officer) async throws -> OfficialDocument {
        let incoming = try await registers.document(id, for: officer)
        try OutgoingDocumentRules.checkReply(incoming, by: officer)
        return incoming
    }

    /// A reply's draft content, prefilled: an official letter "Trả lời văn bản số …" addressed to the issuing body when it
    /// is an agency of the province (by name or short name), otherwise to the issuing body by name.
    public func replyContent(to id: Int64, by officer: Officer) async throws -> OutgoingDraftContent {
        let incoming = try await repliable(id, by: officer)
        let d = incoming.details
        let issuer = VietnameseFolding.fold(d.issuer.trimmingCharacters(in: .whitespacesAndNewlines))
        let agency = try await recipientAgencies(for: officer).first { a in
            let name = VietnameseFolding.fold(a.name)
            return name == issuer || name.hasPrefix(issuer + " ") || a.shortCode.map(VietnameseFolding.fold) == issuer
        }
        let recipient = OutgoingRecipient(agencyId: agency?.id, name: agency?.name ?? d.issuer)
        let date = d.documentDate
        let day = "\(date.day < 10 ? "0" : "")\(date.day)/\(date.month < 10 ? "0" : "")\(date.month)/\(date.year)"
        let summary = "Trả lời văn bản số \(d.numberSymbol) ngày \(day) của \(d.issuer) về việc: \(d.summary)"
        return OutgoingDraftContent(
            typeCode: "CV", summary: String(summary.prefix(OfficialDocumentRules.maxText)), urgency: d.urgency, recipients: [recipient])
    }

    /// The issued replies to the incoming document `incoming`, oldest first.
    public func replies(to incoming: OfficialDocument) async throws -> [OutgoingDocument] {
        try await outgoing.replies(to: incoming.id)
    }
}

extension OutgoingDocumentRules {
    /// A drafter of the lead unit replies to an incoming document assigned to it and not yet closed.
    public static func checkReply(_ incoming: OfficialDocument, by officer: Officer) throws {
        try checkDraft(by: officer)
        guard incoming.direction == .incoming, incoming.assignment?.leadAgencyId == officer.agencyId else {
            throw DomainError.forbidden("outgoing.replyLeadOnly")
        }
        guard incoming.status == .assigned else { throw DomainError.conflict("outgoing.wrongStatus") }
    }
}
