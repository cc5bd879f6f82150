import Domain
import Foundation
import Hummingbird

/// Outside recipients sent by the exchange on the outgoing pages: queued right after the issue, the "Gửi liên thông" button
/// for a recipient left to send, and each recipient's latest status from the peer in plain words.
extension OutgoingDocumentsController {
    func addExchangeRoutes(to officers: RouterGroup<OfficerContext>) {
        officers.on(Routes.outgoingExchangeSend, .post) { request, context in
            try await act(request, context) { id, f in
                guard let exchange else { throw DomainError.notFound("exchange.unknownPeer") }
                guard let position = f["position"].flatMap(Int.init) else { throw DomainError.invalid("position") }
                let d = try await service.document(id, for: context.officer)
                _ = try await exchange.send(d, recipient: position, by: context.officer, from: context.clientAddress)
            }
        }
    }

    /// Right after the issue's transaction: a recipient whose package cannot be queued stays to send, for the button.
    func sendByExchange(_ issued: OutgoingDocument, _ context: OfficerContext) async {
        _ = try? await exchange?.sendToPeers(issued, by: context.officer, from: context.clientAddress)
    }

    /// The recipients' lines: how each stands, the peer's latest status, and the button where the caller may send.
    func recipientLines(_ d: OutgoingDocument, _ officer: Officer, _ language: Language) async throws -> [OutgoingPage.Recipient] {
        let strings = views.strings
        let latest = try await exchange?.latestStatuses(of: d) ?? [:]
        let peers = d.status == .issued && !officer.roles.isDisjoint(with: [.leader, .clerk]) ? try await exchange?.peerIds() ?? [] : []
        return d.content.recipients.enumerated().map { position, r in
            let status = r.identifier.flatMap { latest[$0] }
            let canSend = r.agencyId == nil && r.delivery == .toSend && r.identifier.map(peers.contains) == true
            return OutgoingPage.Recipient(
                name: r.name, identifier: r.identifier ?? r.holderNumber,
                delivery: strings.text("out_delivery_\(r.delivery.rawValue)", language),
                exchange: r.delivery == .sent ? strings.text("xch_status_\(status?.code.name ?? "waiting")", language) : nil,
                reason: status?.code == .refused && status?.description.isEmpty == false ? status?.description : nil,
                position: position, sendAction: canSend ? Routes.outgoingExchangeSend.link(String(d.id)) : nil)
        }
    }
}
