import Foundation

/// The pure rules of outgoing documents: what a draft must hold, who may act at each step
/// (Decree 30/2020/NĐ-CP, Articles 10 to 18), and the number and symbol given at issue.
public enum OutgoingDocumentRules {
    public static let maxRecipients = 50

    /// Checks and trims a draft's content; `own` is the drafting agency and `agencies` the
    /// province's (a recipient agency must be one of them, and not the drafting agency itself).
    public static func validated(_ content: OutgoingDraftContent, own: String, agencies: Set<String>) throws -> OutgoingDraftContent {
        var out = content
        out.summary = content.summary.trimmingCharacters(in: .whitespacesAndNewlines)
        guard OfficialDocumentTypes.type(out.typeCode) != nil else { throw DomainError.invalid("typeCode", "officialDocument.badType") }
        guard (5...OfficialDocumentRules.maxText).contains(out.summary.count) else {
            throw DomainError.invalid("summary", "officialDocument.badSummary")
        }
        guard (1...maxRecipients).contains(out.recipients.count) else {
            throw DomainError.invalid("recipients", "outgoing.badRecipients")
        }
        out.recipients = try content.recipients.map { try recipient($0, own: own, agencies: agencies) }
        let keys = out.recipients.map { $0.agencyId ?? $0.holderNumber.map { "holder:" + $0 } ?? "name:" + VietnameseFolding.fold($0.name) }
        guard Set(keys).count == keys.count else { throw DomainError.invalid("recipients", "outgoing.badRecipients") }
        return out
    }

    static func recipient(_ r: OutgoingRecipient, own: String, agencies: Set<String>) throws -> OutgoingRecipient {
        var out = r
        out.name = r.name.trimmingCharacters(in: .whitespacesAndNewlines)
        out.identifier = r.identifier?.trimmingCharacters(in: .whitespaces)
        if out.identifier?.isEmpty == true { out.identifier = nil }
        out.delivery = .pending
        out.incomingDocumentId = nil
        if let number = r.holderNumber {
            guard r.agencyId == nil, (2...300).contains(out.name.count), let clean = RecipientHolder.normalised(number) else {
                throw DomainError.invalid("recipients", "outgoing.badHolder")
            }
            out.holderNumber = clean
            return out
        }
        if let agency = r.agencyId {
            guard agencies.contains(agency), agency != own else { throw DomainError.invalid("recipients", "outgoing.badRecipients") }
            return out
        }
        guard (2...300).contains(out.name.count) else { throw DomainError.invalid("recipients", "outgoing.badRecipients") }
        if let id = out.identifier {
            guard id.count <= 40, id.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "." || $0 == "-") }) else {
                throw DomainError.invalid("recipients", "outgoing.badIdentifier")
            }
        }
        return out
    }

    /// Refuses an officer of another agency: "not found", so that identifiers cannot be probed.
    public static func checkVisible(_ d: OutgoingDocument, to officer: Officer) throws {
        guard officer.agencyId == d.agencyId else { throw DomainError.notFound("outgoing.notFound") }
    }

    /// Refuses anyone but a specialist or leader: the drafters.
    public static func checkDraft(by officer: Officer) throws {
        guard !officer.roles.isDisjoint(with: [.specialist, .leader]) else { throw DomainError.forbidden("outgoing.drafterOnly") }
    }

    /// Refuses a comment on an issued document.
    public static func checkComment(_ d: OutgoingDocument, by officer: Officer) throws {
        try checkVisible(d, to: officer)
        guard d.status != .issued else { throw DomainError.conflict("outgoing.wrongStatus") }
    }

    /// Only the drafter submits a draft for review.
    public static func checkSubmit(_ d: OutgoingDocument, by officer: Officer) throws {
        try checkVisible(d, to: officer)
        guard d.draftedBy == officer.username else { throw DomainError.forbidden("outgoing.drafterOnly") }
        guard d.status == .drafting else { throw DomainError.conflict("outgoing.wrongStatus") }
    }

    /// Only a leader (head of unit) of the agency reviews a submitted draft.
    public static func checkReview(_ d: OutgoingDocument, by officer: Officer) throws {
        try checkVisible(d, to: officer)
        guard officer.roles.contains(.leader) else { throw DomainError.forbidden("outgoing.reviewerOnly") }
        guard d.status == .inReview else { throw DomainError.conflict("outgoing.wrongStatus") }
    }

    /// Only a leader of the agency (the signer) signs an approved draft.
    public static func checkSign(_ d: OutgoingDocument, by officer: Officer) throws {
        try checkVisible(d, to: officer)
        guard officer.roles.contains(.leader) else { throw DomainError.forbidden("outgoing.signerOnly") }
        guard d.status == .awaitingSignature else { throw DomainError.conflict("outgoing.wrongStatus") }
    }

    /// The signer or the agency's clerk numbers and releases a signed document.
    public static func checkIssue(_ d: OutgoingDocument, by officer: Officer) throws {
        try checkVisible(d, to: officer)
        guard !officer.roles.isDisjoint(with: [.leader, .clerk]) else { throw DomainError.forbidden("outgoing.issuerOnly") }
        guard d.status == .signed else { throw DomainError.conflict("outgoing.wrongStatus") }
    }

    /// The number and symbol given at issue (Decree 30/2020/NĐ-CP, Appendix I): `12/QĐ-UBND` for a
    /// named type, `12/UBND` for an official letter, after the agency's short name.
    public static func numberSymbol(number: Int, typeCode: String, agencyCode: String) -> String {
        typeCode == "CV" ? "\(number)/\(agencyCode)" : "\(number)/\(typeCode)-\(agencyCode)"
    }
}
