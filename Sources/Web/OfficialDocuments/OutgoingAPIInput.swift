import Domain
import Foundation

/// A draft's metadata as the JSON API receives it (the `metadata` part of the multipart body): a recipient is an agency
/// of the province by `agencyId`, or an outside organisation by `name` and, when known, `identifier`.
struct OutgoingDraftInput: Decodable {
    let typeCode: String
    let summary: String
    let urgency: DocumentUrgency?
    let recipients: [Recipient]
    /// The incoming document, assigned to the officer's unit, that this draft replies to.
    let replyTo: Int64?

    /// One recipient (nơi nhận).
    struct Recipient: Decodable {
        let agencyId: String?
        let name: String?
        let identifier: String?
    }

    /// The draft's content; an agency's name is the province's, an unknown agency is refused by the rules.
    func content(agencies: [Agency]) throws -> OutgoingDraftContent {
        let list = try recipients.map { r in
            if let id = r.agencyId {
                return OutgoingRecipient(agencyId: id, name: agencies.first { $0.id == id }?.name ?? id)
            }
            guard let name = r.name else { throw DomainError.invalid("recipients", "outgoing.badRecipients") }
            return OutgoingRecipient(agencyId: nil, name: name, identifier: r.identifier)
        }
        return OutgoingDraftContent(typeCode: typeCode, summary: summary, urgency: urgency ?? .normal, recipients: list)
    }

    /// Decodes the `metadata` part: bad JSON or a missing or wrong field is a 400 naming the part.
    static func decode(_ text: String?) throws -> OutgoingDraftInput {
        guard let text else { throw DomainError.invalid("metadata", "missingField") }
        let bytes = Array(text.utf8)
        try NULCharacters.refuseInJSON(bytes)
        do {
            return try JSONCoding.decoder.decode(OutgoingDraftInput.self, from: Data(bytes))
        } catch let DecodingError.keyNotFound(key, context) {
            throw DomainError.invalid("metadata." + JSONCoding.path(context.codingPath + [key]), "missingField")
        } catch let DecodingError.typeMismatch(_, context) {
            throw DomainError.invalid("metadata." + JSONCoding.path(context.codingPath), "wrongType")
        } catch let DecodingError.valueNotFound(_, context) {
            throw DomainError.invalid("metadata." + JSONCoding.path(context.codingPath), "missingField")
        } catch let DecodingError.dataCorrupted(context) where !context.codingPath.isEmpty {
            throw DomainError.invalid("metadata." + JSONCoding.path(context.codingPath), "invalidField")
        } catch {
            throw DomainError.invalid("metadata", "http.malformedJSON")
        }
    }
}

/// A step that only names the version it acts on (submission, signature, issue).
struct OutgoingVersionInput: Decodable {
    let expectedVersion: Int
}

/// The head of unit's review: `approve` for signature, or `return` to the drafter with a `reason`.
struct OutgoingReviewInput: Decodable {
    let expectedVersion: Int
    let decision: Decision
    let reason: String?

    /// The review's outcome.
    enum Decision: String, Decodable {
        case approve
        case `return`
    }
}

/// A comment on a draft.
struct OutgoingCommentInput: Decodable {
    let text: String
}
