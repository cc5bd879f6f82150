import Domain
import Foundation
import SQLKit

/// Payment orders and received notices in SQL.
public final class SQLPaymentRepository: PaymentRepository {
    let database: Database

    public init(database: Database) { self.database = database }

    public func pendingOrder(
        dossierId: Int64, citizenId: Int64?, amount: Int, provider: String, openedSince: Date, now: Date
    ) async throws -> Payment {
        try await database.transaction { db in
            if let row = try await db.raw(
                """
                SELECT * FROM payments WHERE dossier_id = \(bind: dossierId) AND status = 'pending' AND amount = \(bind: amount)
                    AND provider = \(bind: provider) AND created_at >= \(bind: Stored.millis(openedSince))
                    AND NOT EXISTS (SELECT 1 FROM payment_notices n WHERE n.order_id = payments.order_id)
                ORDER BY id DESC LIMIT 1
                """
            ).first() {
                return try Self.payment(row)
            }
            let orderId = "MC" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(20).uppercased()
            let id = try await db.raw(
                """
                INSERT INTO payments (order_id, dossier_id, citizen_id, amount, provider, status, created_at)
                VALUES (\(bind: orderId), \(bind: dossierId), \(bind: citizenId), \(bind: amount), \(bind: provider), 'pending',
                    \(bind: Stored.millis(now)))
                RETURNING id
                """
            ).first()!.int64("id")
            return Payment(
                id: id, orderId: orderId, dossierId: dossierId, citizenId: citizenId, amount: amount, provider: provider, createdAt: now)
        }
    }

    public func payment(orderId: String) async throws -> Payment? {
        try await database.read { db in
            try await db.raw("SELECT * FROM payments WHERE order_id = \(bind: orderId)").first().map(Self.payment)
        }
    }

    public func payments(citizenId: Int64) async throws -> [Payment] {
        try await database.read { db in
            try await db.raw("SELECT * FROM payments WHERE citizen_id = \(bind: citizenId) ORDER BY id DESC LIMIT 200").all().map(
                Self.payment)
        }
    }

    public func recordNotice(provider: String, nonce: String, orderId: String, outcome: String, now: Date) async throws -> Bool {
        try await database.transaction { db in
            if try await db.raw("SELECT id FROM payment_notices WHERE provider = \(bind: provider) AND nonce = \(bind: nonce)").first()
                != nil
            {
                return false
            }
            try await db.raw(
                """
                INSERT INTO payment_notices (provider, nonce, order_id, outcome, received_at)
                VALUES (\(bind: provider), \(bind: nonce), \(bind: orderId), \(bind: outcome), \(bind: Stored.millis(now)))
                """
            ).run()
            return true
        }
    }

    static func payment(_ r: any SQLRow) throws -> Payment {
        Payment(
            id: try r.int64("id"), orderId: try r.string("order_id"), dossierId: try r.int64("dossier_id"),
            citizenId: try r.optionalInt64("citizen_id"), amount: try r.int("amount"), provider: try r.string("provider"),
            status: PaymentStatus(rawValue: try r.string("status")) ?? .pending,
            providerTransaction: try r.optionalString("provider_transaction"), createdAt: Stored.date(try r.int64("created_at")),
            paidAt: Stored.date(try r.optionalInt64("paid_at")), refundedAmount: try r.optionalInt64("refunded_amount").map(Int.init),
            refundedAt: Stored.date(try r.optionalInt64("refunded_at")))
    }
}
