import Domain
import Foundation
import SQLKit

extension SQLPaymentRepository: PaymentLedger {
    public func payments(provider: String, openedFrom from: Date, until: Date) async throws -> [Payment] {
        try await database.read { db in
            try await db.raw(
                """
                SELECT * FROM payments WHERE provider = \(bind: provider) AND created_at >= \(bind: Stored.millis(from))
                    AND created_at < \(bind: Stored.millis(until)) ORDER BY created_at, id
                """
            ).all().map(Self.payment)
        }
    }

    public func recordRefund(orderId: String, amount: Int, at: Date, audit: AuditEntry) async throws -> Bool {
        try await database.transaction { db in
            let updated = try await db.raw(
                """
                UPDATE payments SET refunded_amount = \(bind: amount), refunded_at = \(bind: Stored.millis(at))
                WHERE order_id = \(bind: orderId) AND refunded_at IS NULL RETURNING id
                """
            ).first()
            guard updated != nil else { return false }
            try await SQLAuditLog.insert(audit, on: db)
            return true
        }
    }
}
