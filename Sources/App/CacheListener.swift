import Persistence
import ServiceLifecycle

/// Hears other instances' cache changes at once on PostgreSQL (`LISTEN motcua_cache`) until shutdown;
/// the periodic version check runs beside it as a `PeriodicWorker`.
struct CacheListener: Service {
    let invalidator: CacheInvalidator

    func run() async throws {
        await cancelWhenGracefulShutdown { await invalidator.listen() }
    }
}
