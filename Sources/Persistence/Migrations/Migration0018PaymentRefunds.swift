/// Migration 18: refunds through the payment gateway (an administrator's action): the amount given
/// back and when, on the order; orders are looked up by provider and opening time for the daily
/// reconciliation with the gateway.
enum Migration0018PaymentRefunds {
    static let migration = Migration(version: 18, name: "payment refunds") { _ in
        [
            "ALTER TABLE payments ADD COLUMN refunded_amount BIGINT",
            "ALTER TABLE payments ADD COLUMN refunded_at BIGINT",
            "CREATE INDEX payments_provider_created ON payments (provider, created_at)",
        ]
    }
}
