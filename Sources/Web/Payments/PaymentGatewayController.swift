import Domain
import Foundation
import Hummingbird

/// The finance officer's side of the payment gateway, for administrators: what the gateway says
/// about an order, a refund (audited), and a day's reconciliation. Without a real gateway
/// configured every route answers 404 `payment.unavailable`.
struct PaymentGatewayController: Sendable {
    let service: PaymentGatewayService?

    /// A refund request: the reason (written in the audit line) and, for part of it, the amount in dong.
    struct RefundInput: Decodable {
        let reason: String
        let amount: Int?
    }

    /// An order as the finance officer sees it.
    struct OrderView: Encodable, Sendable {
        let orderId: String
        let amount: Int
        let status: String
        let provider: String
        let providerTransaction: String?
        let createdAt: Date
        let paidAt: Date?
        let refundedAmount: Int?
        let refundedAt: Date?

        init(_ p: Payment) {
            orderId = p.orderId
            amount = p.amount
            status = p.status.rawValue
            provider = p.provider
            providerTransaction = p.providerTransaction
            createdAt = p.createdAt
            paidAt = p.paidAt
            refundedAmount = p.refundedAmount
            refundedAt = p.refundedAt
        }
    }

    /// An order beside the gateway's record of it.
    struct StatusView: Encodable, Sendable {
        let order: OrderView
        let gateway: GatewayTransaction
    }

    /// One difference of a reconciliation.
    struct DifferenceView: Encodable, Sendable {
        let kind: String
        let order: OrderView
        let gateway: GatewayTransaction
    }

    /// A day's reconciliation.
    struct ReconciliationView: Encodable, Sendable {
        let date: LocalDate
        let orders: Int
        let differences: [DifferenceView]
    }

    func addRoutes(to groups: RouteGroups) {
        groups.administrators.on(Routes.apiPaymentGateway, .get, status)
        groups.administrators.on(Routes.apiPaymentRefund, .post, refund)
        groups.administrators.on(Routes.apiPaymentReconciliation, .get, reconcile)
    }

    func gateway() throws -> PaymentGatewayService {
        guard let service else { throw DomainError.notFound("payment.unavailable") }
        return service
    }

    @Sendable func status(_ request: Request, _ context: AdminContext) async throws -> Response {
        let (payment, held) = try await gateway().status(orderId: try context.parameter("orderId"))
        return try JSONCoding.response(StatusView(order: OrderView(payment), gateway: held))
    }

    @Sendable func refund(_ request: Request, _ context: AdminContext) async throws -> Response {
        let service = try gateway()
        let input = try await JSONCoding.decode(RefundInput.self, from: request, limit: 16 << 10)
        let payment = try await service.refund(
            orderId: try context.parameter("orderId"), amount: input.amount, reason: input.reason,
            by: AuditActor(context.officer, address: context.clientAddress))
        return try JSONCoding.response(OrderView(payment))
    }

    @Sendable func reconcile(_ request: Request, _ context: AdminContext) async throws -> Response {
        let service = try gateway()
        guard let day = request.uri.queryParameters.get("date").flatMap(LocalDate.init(iso:)) else { throw DomainError.invalid("date") }
        let report = try await service.reconcile(day: day)
        return try JSONCoding.response(
            ReconciliationView(
                date: day, orders: report.orders,
                differences: report.differences.map {
                    DifferenceView(kind: $0.kind.rawValue, order: OrderView($0.payment), gateway: $0.gateway)
                }))
    }
}
