import Domain
import Logging
import ServiceLifecycle

/// Sends overdue field reports up to the supervising level, every `interval`, until shutdown.
struct EscalationWorker: Service {
    let service: FieldReportService
    let interval: Duration
    let logger: Logger

    func run() async throws {
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            do {
                let moved = try await service.escalateOverdue()
                if moved > 0 { logger.info("overdue field reports escalated", metadata: ["count": "\(moved)"]) }
            } catch {
                logger.warning("escalation pass failed", metadata: ["error": "\(error)"])
            }
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
        }
    }
}
