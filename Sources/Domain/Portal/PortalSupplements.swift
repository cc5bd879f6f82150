import Foundation

/// The citizen's side of a supplement request: what was asked, and the answer sent online.
extension PortalService {
    /// Whether the dossier waits for the applicant to supplement it (its workflow offers the supplement now).
    public func awaitsSupplement(_ dossier: Dossier) async throws -> Bool {
        guard let workflow = try await catalogue.workflow(code: dossier.workflowCode) else { return false }
        return workflow.transitions(from: dossier.state).contains { $0.effect == .supplement }
    }

    /// The request the dossier waits on: the note of its latest supplement request (the reason and
    /// what is missing), when and by which agency; nil when it does not wait for a supplement.
    public func supplementRequest(of dossier: Dossier) async throws -> SupplementRequest? {
        guard try await awaitsSupplement(dossier), let workflow = try await catalogue.workflow(code: dossier.workflowCode) else {
            return nil
        }
        let asking = Set(workflow.transitions.filter { $0.effect == .requestSupplement }.map(\.action))
        guard let event = try await dossiers.events(dossierId: dossier.id).last(where: { asking.contains($0.action) }) else { return nil }
        return SupplementRequest(reason: event.note ?? "", requestedAt: event.occurredAt, agencyId: event.agencyId)
    }

    /// Whether the answer form `submissionKey` of the citizen's dossier was already recorded (a retry).
    public func answered(_ dossier: Dossier, submissionKey: String) async throws -> Bool {
        try await dossiers.supplementResponses(dossierId: dossier.id).contains { $0.submissionKey == submissionKey }
    }

    /// Answers the supplement request of the citizen's dossier `code` with `documents` (each the
    /// citizen's own) and `message`: one transaction moves the dossier on, attaches the documents
    /// and writes the audit line. The same `submissionKey` again changes nothing (`created` false);
    /// another's dossier is "not found"; a dossier not waiting for a supplement is a conflict.
    public func answerSupplement(
        code: String, by citizen: Citizen, message: String?, documents links: [SupplementDocument], submissionKey: String,
        address: String?
    ) async throws -> (dossier: Dossier, created: Bool) {
        guard !submissionKey.isEmpty, submissionKey.count <= 100 else { throw DomainError.invalid("supplementKey") }
        let dossier = try await dossier(code: code, of: citizen)
        if try await answered(dossier, submissionKey: submissionKey) { return (dossier, false) }
        guard try await awaitsSupplement(dossier) else { throw DomainError.conflict("supplement.notRequested") }
        let text = message?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        try SupplementResponse.validate(message: text, documents: links.count)
        var seen = Set<Int64>()
        for link in links {
            guard seen.insert(link.documentId).inserted, let document = try await documents.document(id: link.documentId),
                document.citizenId == citizen.id
            else { throw DomainError.invalid("documents", "document.notFound") }
        }
        let at = now
        let response = SupplementResponse(
            round: dossier.supplementCount, submissionKey: submissionKey, message: text.isEmpty ? nil : text, documents: links, at: at)
        let audit = AuditActor(name: "citizen:\(citizen.id)", address: address).entry(
            "dossier.supplemented", target: dossier.code, detail: "round \(response.round), \(links.count) documents", at: at)
        do {
            let moved = try await dossierService.answerSupplement(
                dossier, with: response, applicantName: citizen.profile.fullName, audit: audit)
            return (moved, true)
        } catch let error as DomainError where error.kind == .conflict {
            // The same form sent twice at once: the other request recorded the answer.
            if try await answered(dossier, submissionKey: submissionKey) { return (dossier, false) }
            throw error
        }
    }
}
