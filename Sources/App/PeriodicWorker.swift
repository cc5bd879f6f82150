import Logging
import ServiceLifecycle

/// Runs `work` every `interval` until shutdown (the notification relay and delivery, the
/// escalation of overdue field reports). Their state lives in the database, so a restart resumes
/// where the last pass stopped; a failed pass is logged and the next one tries again.
struct PeriodicWorker: Service {
    let name: String
    let interval: Duration
    let logger: Logger
    let work: @Sendable () async throws -> Int

    func run() async throws {
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            do {
                let done = try await work()
                if done > 0 { logger.debug("\(name) pass", metadata: ["count": "\(done)"]) }
            } catch {
                logger.warning("\(name) pass failed", metadata: ["error": "\(error)"])
            }
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
        }
    }
}
