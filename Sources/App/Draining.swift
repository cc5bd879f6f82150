import Logging
import ServiceLifecycle
import Web

extension Platform {
    /// Serves until SIGTERM or SIGINT, then drains: `/readyz` answers 503 at once and requests are
    /// still served for `SHUTDOWN_DELAY_SECONDS`; then the listener closes, requests in flight are
    /// answered, the workers finish their current pass and the database closes, in that order. The
    /// whole drain is bounded by `SHUTDOWN_GRACE_SECONDS`, after which what remains is cancelled.
    /// Returns normally (exit status 0) in both cases.
    public func serve() async throws {
        var configuration = ServiceGroupConfiguration(
            services: [application(), DrainMarker(drain: drain, delay: .seconds(config.shutdownDelaySeconds), logger: logger)],
            gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
        configuration.maximumGracefulShutdownDuration = .seconds(config.shutdownGraceSeconds)
        // A request that ignores cancellation must not keep the process alive for ever.
        configuration.maximumCancellationDuration = .seconds(5)
        do {
            try await ServiceGroup(configuration: configuration).run()
        } catch  where drain.isDraining {
            // The grace ran out (what remained was cancelled) or a service failed while stopping.
            logger.error("drain did not finish cleanly", metadata: ["error": "\(error)", "grace": "\(config.shutdownGraceSeconds)"])
        }
        logger.info("stopped")
    }
}

/// The first service the group stops on a shutdown signal (services stop in reverse order): marks
/// the instance as draining, then waits the delay before the HTTP server is told to stop accepting.
struct DrainMarker: Service {
    let drain: DrainState
    let delay: Duration
    let logger: Logger

    func run() async throws {
        try? await gracefulShutdown()
        drain.begin()
        logger.info("draining: /readyz answers 503", metadata: ["delay": "\(delay)"])
        if delay > .zero { try? await Task.sleep(for: delay) }
    }
}
