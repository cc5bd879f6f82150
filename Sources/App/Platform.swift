import Hummingbird
import Logging
import NIOCore
import Persistence
import ServiceLifecycle
import Web

/// The platform as the composition root builds it: the router with every route mounted, and the
/// database and background workers that run beside it. `application()` serves it; the tests also
/// read the route table (the OpenAPI document is checked against it).
public struct Platform {
    /// The router with every controller mounted.
    public let router: Router<AppRequestContext>
    let database: Database
    /// The read replica the dashboards read from (`DATABASE_READ_URL`), when one is configured.
    let replica: Database?
    let config: AppConfig
    let logger: Logger
    let workers: [any Service]
    /// Where the server's listening address is recorded once it is bound.
    let boundAddress: BoundAddress
    /// Set when a shutdown signal arrives (`/readyz` answers 503 from then on).
    let drain: DrainState

    /// Every registered route as `METHOD /path/:parameter`.
    public var routes: [String] { router.routes.map { "\($0.method.rawValue) \($0.path)" } }

    /// The HTTP server with its workers; it closes the database when it stops.
    public func application() -> some ApplicationProtocol {
        // The rest of a body answered early is read and dropped up to the largest upload form.
        let discardLimit = 8 * config.maxUploadBytes + config.maxBodyBytes
        return Application(
            router: router,
            server: .http1(additionalChannelHandlers: [UnreadBodyDiscarder(limit: discardLimit)]),
            configuration: .init(address: .hostname(config.host, port: config.port), serverName: "motcua"),
            services: ([database] + (replica.map { [$0] } ?? [])).map { DatabaseService(database: $0) } + workers,
            onServerRunning: { [boundAddress] channel in boundAddress.record(channel.localAddress) },
            logger: logger)
    }

    /// Closes the database of a platform that was never served.
    public func close() async {
        await database.shutdown()
        await replica?.shutdown()
    }
}
