/// The outgoing documents of an officer's agency at one step, for the JSON API.
extension OutgoingDocumentService {
    /// The agency's documents at `statuses`, newest first; among the drafts being written, only the officer's own (as on
    /// the officer's pages).
    public func documents(at statuses: [OutgoingStatus], limit: Int, for officer: Officer) async throws -> [OutgoingDocument] {
        try await outgoing.list(agencyId: officer.agencyId, statuses: statuses, limit: limit).filter {
            $0.status != .drafting || $0.draftedBy == officer.username
        }
    }
}
