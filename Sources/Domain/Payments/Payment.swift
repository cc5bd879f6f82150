import Foundation

/// Where a payment order stands.
public enum PaymentStatus: String, Codable, Sendable, CaseIterable { case pending, paid }

/// A payment order for a dossier's financial obligation, sent to a payment provider.
public struct Payment: Codable, Sendable, Hashable {
    public var id: Int64
    /// Our reference, sent to the provider and echoed in its notices.
    public var orderId: String
    public var dossierId: Int64
    public var citizenId: Int64?
    public var amount: Int
    public var provider: String
    public var status: PaymentStatus
    public var providerTransaction: String?
    public var createdAt: Date
    public var paidAt: Date?
    /// What the gateway gave back, and when (an officer's refund); nil when nothing was refunded.
    public var refundedAmount: Int?
    public var refundedAt: Date?

    public init(
        id: Int64 = 0, orderId: String, dossierId: Int64, citizenId: Int64?, amount: Int, provider: String,
        status: PaymentStatus = .pending, providerTransaction: String? = nil, createdAt: Date, paidAt: Date? = nil,
        refundedAmount: Int? = nil, refundedAt: Date? = nil
    ) {
        self.refundedAmount = refundedAmount
        self.refundedAt = refundedAt
        self.id = id
        self.orderId = orderId
        self.dossierId = dossierId
        self.citizenId = citizenId
        self.amount = amount
        self.provider = provider
        self.status = status
        self.providerTransaction = providerTransaction
        self.createdAt = createdAt
        self.paidAt = paidAt
    }
}

/// What a provider's signed notice (browser return or server-to-server callback) says.
public struct PaymentNotice: Sendable, Hashable {
    public var orderId: String
    public var transactionId: String
    public var amount: Int
    public var succeeded: Bool
    /// Unique per notice; a notice seen before is a replay.
    public var nonce: String
    public var issuedAt: Date
    public init(orderId: String, transactionId: String, amount: Int, succeeded: Bool, nonce: String, issuedAt: Date) {
        self.orderId = orderId
        self.transactionId = transactionId
        self.amount = amount
        self.succeeded = succeeded
        self.nonce = nonce
        self.issuedAt = issuedAt
    }
}

/// The payment a dossier change settles: marked paid in the change's transaction, only if still pending.
public struct PaymentSettlement: Sendable, Hashable {
    public var orderId: String
    public var transactionId: String
    /// The order's amount: it must still be the fee the dossier asks.
    public var amount: Int
    public var paidAt: Date
    public init(orderId: String, transactionId: String, amount: Int, paidAt: Date) {
        self.orderId = orderId
        self.transactionId = transactionId
        self.amount = amount
        self.paidAt = paidAt
    }
}

/// A payment gateway: where to send the payer, and how to check what it says back.
public protocol PaymentProvider: Sendable {
    var id: String { get }
    /// Name shown in the dossier's history for the settlement it performs.
    var displayName: String { get }
    /// The provider's page where the payer pays `payment`, coming back to `returnURL`; the
    /// provider notifies `notifyURL` server to server. The order is stamped with `now`; `payerAddress`
    /// is the payer's IP address, which some gateways record.
    func checkoutURL(for payment: Payment, returnURL: String, notifyURL: String, payerAddress: String, now: Date) -> String
    /// The notice in `parameters` if its signature is the provider's; throws `forbidden` otherwise.
    func verify(_ parameters: [String: String]) throws -> PaymentNotice
    /// Whether the browser's return may settle the order (the sandbox), or only the server-to-server
    /// notice does (a real gateway: the return is shown, never trusted alone).
    var settlesOnReturn: Bool { get }
}

extension PaymentProvider {
    public var settlesOnReturn: Bool { true }
}

/// Payment orders and the notices received about them.
public protocol PaymentRepository: Sendable {
    /// The pending order for `dossierId` of `amount` opened since `openedSince` about which no notice
    /// came yet (after a cancelled or failed attempt a gateway refuses the same reference), or a new one.
    func pendingOrder(
        dossierId: Int64, citizenId: Int64?, amount: Int, provider: String, openedSince: Date, now: Date
    ) async throws -> Payment
    func payment(orderId: String) async throws -> Payment?
    func payments(citizenId: Int64) async throws -> [Payment]
    /// Records a notice by its nonce; false when the nonce was seen before (a replay).
    func recordNotice(provider: String, nonce: String, orderId: String, outcome: String, now: Date) async throws -> Bool
}
