import Foundation

/// What the payer's browser brings back from the gateway, as the citizen's page shows it.
public enum PaymentReturnOutcome: String, Sendable {
    /// The order is paid (settled here).
    case paid
    /// The gateway says paid; its server-to-server notice has not settled the order yet.
    case confirming
    /// Cancelled or failed.
    case failed
}

extension PortalService {
    /// Handles the payer's return from the gateway. A gateway whose return may settle (the sandbox)
    /// settles through `receiveNotice`; otherwise the return is verified and only reported: the
    /// order is settled by the server-to-server notice alone.
    public func receiveReturn(_ parameters: [String: String], address: String?) async throws -> PaymentReturnOutcome {
        guard let provider else { throw DomainError.notFound("payment.unavailable") }
        if provider.settlesOnReturn {
            let outcome = try await receiveNotice(parameters, address: address)
            return outcome == .settled || outcome == .alreadyPaid ? .paid : .failed
        }
        let notice: PaymentNotice
        do {
            notice = try provider.verify(parameters)
        } catch let error as DomainError {
            try await audit.record(
                AuditActor(name: "payment:\(provider.id)", address: address).entry(
                    "payment.returnRefused", target: nil, detail: error.code, at: now))
            throw error
        }
        guard let order = try await payments.payment(orderId: notice.orderId) else { throw DomainError.notFound("payment.notFound") }
        if order.status == .paid { return .paid }
        return notice.succeeded && notice.amount == order.amount ? .confirming : .failed
    }
}
