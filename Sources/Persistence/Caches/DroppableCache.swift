import Synchronization

/// An in-process cached value that `drop()` resets to empty. A value read from the database before a
/// drop cannot refill it afterwards: `fill` is given the generation seen before the read, and does
/// nothing once a drop has moved it (a notification arriving while a slow read is in flight).
final class DroppableCache<Value: Sendable>: Sendable {
    private let state: Mutex<(generation: Int, value: Value)>
    private let empty: Value

    init(_ empty: Value) {
        self.empty = empty
        state = Mutex((0, empty))
    }

    /// The cached value and its generation (to pass to `fill` after a read from the database).
    func current() -> (generation: Int, value: Value) { state.withLock { $0 } }

    /// Changes the cached value, unless it was dropped since `generation`.
    func fill(generation: Int, _ change: (inout Value) -> Void) {
        state.withLock { if $0.generation == generation { change(&$0.value) } }
    }

    /// Empties the cache; fills from reads begun before are refused.
    func drop() { state.withLock { $0 = ($0.generation + 1, empty) } }
}
