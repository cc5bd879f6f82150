/// Migration 18: refunds through the payment gateway (an administrator's action): the amount given
/// back and when, on the order; orders are looked up by provider and opening time for the daily
/// reconciliation with the gateway, and notices by order (an order with a notice is not reused).
enum Migration0018PaymentRefunds {
    static let migration = Migration(version: 18, name: "payment refunds") { _ in
        [
            "ALTER TABLE payments ADD COLUMN refunded_amount BIGINT",
            "ALTER TABLE payments ADD COLUMN refunded_at BIGINT",
            "CREATE INDEX payments_provider_created ON payments (provider, created_at)",
            "CREATE INDEX payment_notices_order ON payment_notices (order_id)",
        ]
    }
}
