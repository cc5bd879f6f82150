/// An asynchronous mutual-exclusion gate: one holder at a time, waiters served in order.
/// Used to serialise SQLite write transactions inside the process instead of busy-waiting.
actor AsyncGate {
    private var busy = false
    private var waiters: [CheckedContinuation<Void, Never>] = []

    func acquire() async {
        if !busy { busy = true; return }
        await withCheckedContinuation { waiters.append($0) }
    }

    func release() {
        if waiters.isEmpty { busy = false } else { waiters.removeFirst().resume() }
    }
}
