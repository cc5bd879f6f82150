import Domain
import Foundation
import SQLKit

/// Outgoing documents in their addressees' accounts, in SQL. At issue, in the issuing transaction,
/// a person's recipient is delivered to the account holding their ID number if an identity provider
/// vouched for it (`identity_level` 1 or 2), with a message queued in the outbox on each channel the
/// citizen chose; a business (tax code) has no account on the portal, so it is marked `noAccount`.
public struct SQLReceivedDocumentRepository: ReceivedDocumentRepository {
    let database: Database

    public init(database: Database) { self.database = database }

    public func received(holderNumber: String, limit: Int) async throws -> [ReceivedDocument] {
        try await database.read { db in
            try await db.raw(Self.select(holderNumber) + " ORDER BY d.issued_at DESC, d.id DESC LIMIT \(literal: limit)").all().map(
                Self.row)
        }
    }

    public func received(id: Int64, holderNumber: String) async throws -> ReceivedDocument? {
        try await database.read { db in
            try await db.raw(Self.select(holderNumber) + " AND d.id = \(bind: id)").first().map(Self.row)
        }
    }

    /// The issued documents delivered to the account holding `number`.
    static func select(_ number: String) -> SQLQueryString {
        """
        SELECT d.id, d.number_symbol, d.issued_at, d.type_code, d.summary, d.signer_name, d.sha256, a.name AS issuer
        FROM outgoing_recipients r JOIN outgoing_documents d ON d.id = r.outgoing_id JOIN agencies a ON a.id = d.agency_id
        WHERE r.holder_number = \(bind: number) AND r.delivery = \(bind: RecipientDelivery.inAccount.rawValue)
            AND d.status = \(bind: OutgoingStatus.issued.rawValue)
        """
    }

    static func row(_ r: any SQLRow) throws -> ReceivedDocument {
        ReceivedDocument(
            id: try r.int64("id"), numberSymbol: try r.optionalString("number_symbol") ?? "",
            issuedAt: Stored.date(try r.int64("issued_at")), issuer: try r.string("issuer"), typeCode: try r.string("type_code"),
            summary: try r.string("summary"), signerName: try r.optionalString("signer_name"), sha256: try r.string("sha256"))
    }

    /// Delivers document `id` to the verified account holding `number`, if any, and queues its messages.
    static func deliver(_ id: Int64, to number: String, _ details: OfficialDocumentDetails, at now: Date, on db: any SQLDatabase)
        async throws -> RecipientDelivery
    {
        guard RecipientHolder.isPerson(number),
            let citizen = try await db.raw(
                """
                SELECT phone, email, notify_sms, notify_email FROM citizens WHERE id_number = \(bind: number) AND identity_level >= 1
                """
            ).first()
        else { return .noAccount }
        let params = ["number": details.numberSymbol, "issuer": details.issuer, "receivedDocument": String(id)]
        var messages: [OutboundMessage] = []
        if try citizen.bool("notify_sms"), let phone = try citizen.optionalString("phone") {
            messages.append(OutboundMessage(channel: .sms, recipient: phone, template: "documentReceived", params: params))
        }
        if try citizen.bool("notify_email"), let email = try citizen.optionalString("email") {
            messages.append(OutboundMessage(channel: .email, recipient: email, template: "documentReceived", params: params))
        }
        for message in messages { try await db.raw(SQLOutboxRepository.insert(message, now: now)).run() }
        return .inAccount
    }
}
