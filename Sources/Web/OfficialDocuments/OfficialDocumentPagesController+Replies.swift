import Domain

extension OfficialDocumentPagesController {
    /// The replies issued to incoming document `d` (linked for the officers of the agency that issued them), the link to
    /// draft one when the officer's unit leads it, and the closing note citing the latest reply.
    func replies(_ d: OfficialDocument, _ context: OfficerContext) async throws -> DocumentReplies {
        guard let outgoing, d.direction == .incoming else { return DocumentReplies() }
        let officer = context.officer
        let issued = try await outgoing.replies(to: d)
        var replies = DocumentReplies()
        replies.items = issued.map {
            DocumentReplies.Item(
                numberSymbol: $0.numberSymbol ?? "",
                href: $0.agencyId == officer.agencyId ? Routes.outgoingDocument.link(String($0.id)) : nil,
                issuedAt: Format.instant($0.issuedAt))
        }
        replies.hasItems = !issued.isEmpty
        replies.canReply = (try? OutgoingDocumentRules.checkReply(d, by: officer)) != nil
        replies.link = Routes.outgoingNew.link() + "?\(OutgoingReplyForm.query)=\(d.id)"
        if let last = issued.last?.numberSymbol {
            replies.closeNote = "\(views.strings.text("reply_closing_note", context.language)) \(last)."
        }
        return replies
    }
}
