import Domain
import Foundation
import Logging
import Persistence

/// `motcua payments reconcile --date YYYY-MM-DD`: the day's orders of the configured gateway (GMT+7),
/// each compared with what the gateway says about it; the differences, for the finance officer.
public enum PaymentCommands {
    /// The reconciliation of `day` on the database and gateway `config` names.
    public static func reconcile(_ config: AppConfig, day: LocalDate, logger: Logger) async throws -> PaymentReconciliation {
        let database = try openDatabase(config, logger: logger)
        do {
            try await Migrator.migrate(database)
            guard let service = AppServices.paymentGateway(config, payments: SQLPaymentRepository(database: database), clock: .system)
            else { throw ConfigError.invalid("PAYMENT_PROVIDER", "a real gateway (vnpay) to reconcile with") }
            let report = try await service.reconcile(day: day)
            await database.shutdown()
            return report
        } catch {
            await database.shutdown()
            throw error
        }
    }

    /// The report as printed: one line per difference, then the count.
    public static func text(_ report: PaymentReconciliation) -> String {
        let lines = report.differences.map { d in
            [
                d.kind.rawValue, d.payment.orderId, "here: \(d.payment.status.rawValue) \(d.payment.amount)",
                "gateway: \(d.gateway.state.rawValue) \(d.gateway.amount.map(String.init) ?? "-") (code \(d.gateway.code))",
                "transaction: \(d.payment.providerTransaction ?? "-") / \(d.gateway.transactionId ?? "-")",
            ].joined(separator: "\t")
        }
        return (lines + ["\(report.day.iso): \(report.orders) orders compared, \(report.differences.count) differences"])
            .joined(separator: "\n")
    }
}
