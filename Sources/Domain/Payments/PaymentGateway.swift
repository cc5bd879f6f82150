import Foundation

/// What a gateway reports about one order when asked (VNPay's `querydr`).
public struct GatewayTransaction: Sendable, Hashable, Codable {
    /// Where the order stands at the gateway.
    public enum State: String, Sendable, Codable {
        /// Paid (and not given back).
        case paid
        /// Known to the gateway but not paid (cancelled, failed, still open).
        case unpaid
        /// The gateway has no such order.
        case notFound
        /// Paid, then given back in whole or in part.
        case refunded
    }

    public var orderId: String
    public var state: State
    /// The amount in dong the gateway holds for the order.
    public var amount: Int?
    public var transactionId: String?
    public var paidAt: Date?
    /// The gateway's own status code, kept for the finance officer.
    public var code: String

    public init(orderId: String, state: State, amount: Int?, transactionId: String?, paidAt: Date?, code: String) {
        self.orderId = orderId
        self.state = state
        self.amount = amount
        self.transactionId = transactionId
        self.paidAt = paidAt
        self.code = code
    }
}

/// The gateway's answer to a refund request.
public struct GatewayRefund: Sendable, Hashable {
    public var accepted: Bool
    /// The gateway's answer code (VNPay: `00` accepted).
    public var code: String
    public init(accepted: Bool, code: String) {
        self.accepted = accepted
        self.code = code
    }
}

/// A gateway's server-to-server API: a transaction's status, and refunds.
public protocol PaymentGatewayAPI: Sendable {
    /// The provider id of the orders this gateway knows (`Payment.provider`).
    var providerId: String { get }
    /// What the gateway says about `payment`; throws `unavailable` when it cannot be asked or answers unsigned.
    func query(_ payment: Payment, now: Date) async throws -> GatewayTransaction
    /// Asks the gateway to give back `amount` of the transaction `transactionId` that paid `payment`.
    func refund(_ payment: Payment, transactionId: String, amount: Int, requestedBy: String, now: Date) async throws -> GatewayRefund
}

/// The orders a gateway reconciliation and refunds need, beside `PaymentRepository`.
public protocol PaymentLedger: Sendable {
    /// The orders of `provider` opened in `[from, until)`, oldest first.
    func payments(provider: String, openedFrom from: Date, until: Date) async throws -> [Payment]
    /// Records a refund of `amount` on the order and writes `audit` in the same transaction; false
    /// when the order was already refunded (another officer, another instance).
    func recordRefund(orderId: String, amount: Int, at: Date, audit: AuditEntry) async throws -> Bool
}
