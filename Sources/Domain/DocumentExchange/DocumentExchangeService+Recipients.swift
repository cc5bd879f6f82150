import Foundation

/// Outside recipients of an issued outgoing document sent by the exchange: each recipient whose identifier is a peer gets
/// one package, queued in the transaction that marks the recipient sent, so that a retry never queues a second one.
extension DocumentExchangeService {
    /// Sends the issued document to each outside recipient still to send whose identifier is a peer (right after the issue's
    /// transaction, the number being known only then). Returns the positions that could not be queued: they stay to send.
    public func sendToPeers(_ d: OutgoingDocument, by officer: Officer, from address: String?) async throws -> [Int] {
        let peers = Set(try await exchange.peers().map(\.organisationId))
        var failed: [Int] = []
        for (position, r) in d.content.recipients.enumerated() where r.delivery == .toSend && r.identifier.map(peers.contains) == true {
            do {
                _ = try await send(d, recipient: position, by: officer, from: address)
            } catch {
                failed.append(position)
            }
        }
        return failed
    }

    /// The signer or the clerk sends the issued document to its outside recipient at `position`, once only.
    public func send(_ d: OutgoingDocument, recipient position: Int, by officer: Officer, from address: String?) async throws
        -> ExchangeOutboxItem
    {
        try OutgoingDocumentRules.checkVisible(d, to: officer)
        guard !officer.roles.isDisjoint(with: [.leader, .clerk]) else { throw DomainError.forbidden("outgoing.issuerOnly") }
        guard d.status == .issued, let documentId = d.registerDocumentId, d.content.recipients.indices.contains(position) else {
            throw DomainError.conflict("outgoing.wrongStatus")
        }
        let r = d.content.recipients[position]
        guard r.agencyId == nil, r.delivery == .toSend, let peerId = r.identifier else {
            throw DomainError.conflict("exchange.alreadySent")
        }
        guard
            let item = try await queue(
                documentId, to: peerId, by: officer, from: address, recipient: (outgoingId: d.id, position: position))
        else { throw DomainError.conflict("exchange.alreadySent") }
        return item
    }

    /// The latest status each peer reported about the packages of the issued document, by peer.
    public func latestStatuses(of d: OutgoingDocument) async throws -> [String: ExchangeStatusRecord] {
        guard let documentId = d.registerDocumentId else { return [:] }
        var latest: [String: ExchangeStatusRecord] = [:]
        for status in try await exchange.statuses(documentId: documentId) { latest[status.peerId] = status }
        return latest
    }

    /// The identifiers of the configured peers.
    public func peerIds() async throws -> Set<String> { Set(try await exchange.peers().map(\.organisationId)) }
}
