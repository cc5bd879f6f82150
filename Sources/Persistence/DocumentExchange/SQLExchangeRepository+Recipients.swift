import Domain
import Foundation
import SQLKit

/// An outgoing document's outside recipient sent by the exchange: the recipient's row is switched from `toSend` to `sent` by
/// the statement that also locks it, so two requests (or two servers) never queue two packages for one recipient.
extension SQLExchangeRepository {
    public func enqueueRecipientPackage(
        outgoingId: Int64, position: Int, peerId: String, packageId: String, documentId: Int64, payload: [UInt8], now: Date,
        audit: AuditEntry
    ) async throws -> ExchangeOutboxItem? {
        try await database.transaction { db in
            let marked = try await db.raw(
                """
                UPDATE outgoing_recipients SET delivery = \(bind: RecipientDelivery.sent.rawValue)
                WHERE outgoing_id = \(bind: outgoingId) AND position = \(bind: position)
                    AND delivery = \(bind: RecipientDelivery.toSend.rawValue)
                RETURNING position
                """
            ).first()
            guard marked != nil else { return nil }
            return try await Self.insertPackage(
                peerId: peerId, packageId: packageId, documentId: documentId, payload: payload, now: now, audit: audit, on: db)
        }
    }
}
