import Logging
import Synchronization

/// Drops this instance's caches when an instance sharing the database changes what they hold: on PostgreSQL as
/// soon as a `NOTIFY motcua_cache` arrives (`listen`), and on every engine when the periodic `check` finds a
/// version moved (the fallback after a lost connection, and the only mechanism without `LISTEN`).
public final class CacheInvalidator: Sendable {
    let database: Database
    let caches: [any SharedCache]
    let logger: Logger
    /// The versions as of the last check (nil before the first).
    private let seen = Mutex<[String: Int64]?>(nil)
    /// How many times the listener has been heard by the server (`LISTEN` taken).
    private let connections = Mutex(0)

    public init(database: Database, caches: [any SharedCache], logger: Logger) {
        self.database = database
        self.caches = caches
        self.logger = logger
    }

    /// Drops the caches whose version moved since the last check (the first records them); returns how many.
    @discardableResult
    public func check() async throws -> Int {
        let now = try await CacheVersions.all(database)
        let moved: [CacheName] = seen.withLock { seen in
            defer { seen = now }
            guard let before = seen else { return [] }
            return CacheName.allCases.filter { now[$0.rawValue] != before[$0.rawValue] }
        }
        for name in moved { drop(name) }
        return moved.count
    }

    /// Empties every cache held under `name`.
    public func drop(_ name: CacheName) {
        for cache in caches { cache.drop(name) }
    }

    /// Listens for announced changes until cancelled, reconnecting after a lost connection with a back-off from
    /// 1 s doubling up to 30 s. Every (re)connection is followed by a version check: what was announced while no
    /// one listened is found there.
    public func listen() async {
        var delay = Duration.seconds(1)
        while !Task.isCancelled {
            let before = connections.withLock { $0 }
            do {
                try await database.listen(
                    on: CacheVersions.channel,
                    listening: {
                        self.connections.withLock { $0 += 1 }
                        do { try await self.check() } catch {
                            self.logger.warning("cache version check failed", metadata: ["error": "\(error)"])
                        }
                    },
                    received: { payload in if let name = CacheName(rawValue: payload) { self.drop(name) } })
                if Task.isCancelled { return }
            } catch {
                if Task.isCancelled { return }
                logger.warning("cache listener lost its connection", metadata: ["error": "\(error)", "retry": "\(delay)"])
            }
            let listened = connections.withLock { $0 } > before
            if listened { delay = .seconds(1) }
            try? await Task.sleep(for: delay)
            if !listened { delay = min(delay * 2, .seconds(30)) }
        }
    }
}
