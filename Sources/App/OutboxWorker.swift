import Logging
import ServiceLifecycle
import Web

/// Every `interval` until shutdown: relays the dossiers' changes into the outbox, then delivers
/// what is due. Both live in the database, so a restart resumes where the last pass stopped.
struct OutboxWorker: Service {
    let relay: NotificationRelay
    let dispatcher: OutboxDispatcher
    let interval: Duration
    let logger: Logger

    func run() async throws {
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            do {
                try await relay.runOnce()
                let sent = try await dispatcher.runOnce()
                if sent > 0 { logger.debug("notifications sent", metadata: ["count": "\(sent)"]) }
            } catch {
                logger.warning("notification pass failed", metadata: ["error": "\(error)"])
            }
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
        }
    }
}
