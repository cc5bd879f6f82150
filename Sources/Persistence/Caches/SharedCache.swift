/// A repository holding an in-process cache of rows another instance may change: it empties the part
/// named when told (by a notification, a moved version, or its own write).
public protocol SharedCache: Sendable {
    /// Empties what this repository caches under `name` (nothing when it caches nothing under it).
    func drop(_ name: CacheName)
}
