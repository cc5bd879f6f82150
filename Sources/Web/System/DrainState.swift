import Synchronization

/// Whether the instance is draining: set once when a shutdown signal arrives, after which
/// `/readyz` answers 503 so that a load balancer stops sending new requests.
public final class DrainState: Sendable {
    private let draining = Mutex(false)

    public init() {}

    /// Marks the instance as draining (for good: the process is on its way out).
    public func begin() { draining.withLock { $0 = true } }

    /// True once `begin()` was called.
    public var isDraining: Bool { draining.withLock { $0 } }
}
