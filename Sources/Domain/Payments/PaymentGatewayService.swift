import Foundation

/// The finance side of a real gateway: asking it about an order, refunds (an administrator's
/// action, audited), and the daily reconciliation of its transactions with the platform's orders.
public struct PaymentGatewayService: Sendable {
    let gateway: any PaymentGatewayAPI
    let payments: any PaymentRepository
    let ledger: any PaymentLedger
    let now: @Sendable () -> Date

    public init(
        gateway: any PaymentGatewayAPI, payments: any PaymentRepository, ledger: any PaymentLedger, now: @escaping @Sendable () -> Date
    ) {
        self.gateway = gateway
        self.payments = payments
        self.ledger = ledger
        self.now = now
    }

    /// An order of this gateway and what the gateway says about it.
    public func status(orderId: String) async throws -> (payment: Payment, gateway: GatewayTransaction) {
        let payment = try await order(orderId)
        return (payment, try await gateway.query(payment, now: now()))
    }

    /// Gives back `amount` (the whole payment when nil) of an order the gateway says is paid, whether
    /// or not the platform settled it; once per order. The refund and its audit line are one transaction.
    public func refund(orderId: String, amount: Int?, reason: String, by actor: AuditActor) async throws -> Payment {
        let reason = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !reason.isEmpty, reason.count <= 500 else { throw DomainError.invalid("reason") }
        let payment = try await order(orderId)
        guard payment.refundedAt == nil else { throw DomainError.conflict("payment.alreadyRefunded") }
        let held = try await gateway.query(payment, now: now())
        guard held.state == .paid, let paid = held.amount, let transaction = held.transactionId else {
            throw DomainError.conflict("payment.notRefundable")
        }
        let give = amount ?? paid
        guard (1...paid).contains(give) else { throw DomainError.invalid("amount", "payment.refundAmount") }
        let answer = try await gateway.refund(payment, transactionId: transaction, amount: give, requestedBy: actor.name, now: now())
        guard answer.accepted else { throw DomainError(.conflict, "payment.refundRefused", ["code": answer.code]) }
        let at = now()
        let detail = "\(give) of \(paid) (\(transaction)): \(reason)"
        guard
            try await ledger.recordRefund(
                orderId: orderId, amount: give, at: at, audit: actor.entry("payment.refund", target: orderId, detail: detail, at: at))
        else { throw DomainError.conflict("payment.alreadyRefunded") }
        return try await order(orderId)
    }

    /// Every order of this gateway opened on `day` (GMT+7) beside what the gateway says about it;
    /// the differences a finance officer must look at.
    public func reconcile(day: LocalDate) async throws -> PaymentReconciliation {
        let from = day.startInstant(utcOffsetSeconds: VNPayMessage.utcOffsetSeconds)
        let orders = try await ledger.payments(provider: gateway.providerId, openedFrom: from, until: from.addingTimeInterval(86_400))
        var differences: [PaymentDifference] = []
        for payment in orders {
            let held = try await gateway.query(payment, now: now())
            if let kind = PaymentDifference.Kind(payment, held) {
                differences.append(PaymentDifference(kind: kind, payment: payment, gateway: held))
            }
        }
        return PaymentReconciliation(day: day, orders: orders.count, differences: differences)
    }

    private func order(_ orderId: String) async throws -> Payment {
        guard orderId.count <= 100, let payment = try await payments.payment(orderId: orderId), payment.provider == gateway.providerId
        else { throw DomainError.notFound("payment.notFound") }
        return payment
    }
}

/// One day's reconciliation: how many orders were compared, and where the two sides disagree.
public struct PaymentReconciliation: Sendable {
    public let day: LocalDate
    public let orders: Int
    public let differences: [PaymentDifference]
}

/// An order on which the platform and the gateway disagree.
public struct PaymentDifference: Sendable {
    /// How they disagree.
    public enum Kind: String, Sendable, CaseIterable {
        /// The payer paid at the gateway, the dossier's fee is not settled here.
        case paidAtGatewayOnly
        /// Settled here, the gateway has no payment for it.
        case settledHereOnly
        /// Both paid, different amounts.
        case amountDiffers
        /// Both paid, by different gateway transactions.
        case transactionDiffers

        /// The difference between the platform's `payment` and the gateway's `held`, if any.
        init?(_ payment: Payment, _ held: GatewayTransaction) {
            let gatewayPaid = held.state == .paid || held.state == .refunded
            switch (payment.status, gatewayPaid) {
            case (.pending, true) where held.state == .paid && payment.refundedAt == nil: self = .paidAtGatewayOnly
            case (.paid, false): self = .settledHereOnly
            case (.paid, true) where held.amount != payment.amount: self = .amountDiffers
            case (.paid, true) where held.transactionId != payment.providerTransaction: self = .transactionDiffers
            default: return nil
            }
        }
    }

    public let kind: Kind
    public let payment: Payment
    public let gateway: GatewayTransaction
}
