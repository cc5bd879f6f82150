import Domain
import Hummingbird

/// The drafting form opened from an incoming document (`?tra-loi=<id>`): prefilled as a reply to it, with the incoming
/// document's identifier carried in the hidden field `replyTo`.
enum OutgoingReplyForm {
    static let query = "tra-loi"
    static let field = "replyTo"

    /// The form's fields: empty for a new draft, the reply's content for `?tra-loi=<id>`.
    static func fields(_ request: Request, _ context: OfficerContext, service: OutgoingDocumentService) async throws -> FormData {
        guard let raw = request.uri.queryParameters.get(query) else { return FormData(fields: [:]) }
        guard let id = Int64(raw) else { throw DomainError.notFound("officialDocument.notFound") }
        let content = try await service.replyContent(to: id, by: context.officer)
        var f = [
            "typeCode": content.typeCode, "summary": content.summary, "urgency": content.urgency.rawValue, field: String(id),
        ]
        for r in content.recipients {
            if let agency = r.agencyId { f["to-\(agency)"] = "1" } else { f["others"] = r.name }
        }
        return FormData(fields: f)
    }

    /// The incoming document a posted draft replies to, if any.
    static func replyTo(_ f: FormData) throws -> Int64? {
        guard let raw = f[field], !raw.isEmpty else { return nil }
        guard let id = Int64(raw) else { throw DomainError.invalid(field) }
        return id
    }
}
