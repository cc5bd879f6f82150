import Logging
import NIOCore
import SQLiteNIO
import Synchronization

/// The one connection that writes to an SQLite file. Write transactions queue on its event loop:
/// each starts when the previous one has ended, and the hand-over happens on that event loop, not
/// through the task executor, so a queue of writers never waits behind unrelated work.
final class SQLiteWriter: @unchecked Sendable {
    // `tail` is only read and replaced on `eventLoop` (inside `flatSubmit`): confined, hence
    // the unchecked Sendable.
    private let eventLoop: any EventLoop
    private let connection: EventLoopFuture<SQLiteConnection>
    private var tail: EventLoopFuture<Void>
    /// Chained transactions waiting for the next group commit (also confined to `eventLoop`).
    private var group: [SQLiteGroupCommit.Job] = []
    /// Group commits run so far, and the transactions they carried.
    let groups = Mutex<(commits: Int, transactions: Int)>((0, 0))

    init(source: SQLiteSource, eventLoop: any EventLoop, logger: Logger) {
        self.eventLoop = eventLoop
        connection = source.makeConnection(logger: logger, on: eventLoop)
        tail = connection.map { _ in () }.recover { _ in () }
    }

    /// Runs `work` on the writer connection once every earlier piece of work has ended.
    func enqueue<T: Sendable>(_ work: @escaping @Sendable (SQLiteConnection) -> EventLoopFuture<T>) -> EventLoopFuture<T> {
        eventLoop.flatSubmit {
            let result = self.tail.flatMap { self.connection.flatMap(work) }
            self.tail = result.map { _ in () }.recover { _ in () }
            return result
        }
    }

    /// Runs the statements of `body` as one transaction of the next group commit (`SQLiteGroupCommit`):
    /// transactions that queue while the writer is busy are committed together, with one wait for the disk.
    func enqueueInGroup<T: Sendable>(_ body: @escaping @Sendable (SQLiteConnection) -> EventLoopFuture<T>) -> EventLoopFuture<T> {
        let promise = eventLoop.makePromise(of: T.self)
        let job = SQLiteGroupCommit.job(body, promise: promise)
        eventLoop.execute {
            self.group.append(job)
            // The first of a group puts the group's commit in the queue; later ones join it until it starts.
            if self.group.count == 1 { self.scheduleGroup() }
        }
        return promise.futureResult
    }

    /// Queues the commit of the transactions gathered when it starts.
    private func scheduleGroup() {
        let done = enqueue { conn in
            let jobs = Array(self.group.prefix(SQLiteGroupCommit.maxGroup))
            self.group.removeFirst(jobs.count)
            if !self.group.isEmpty { self.scheduleGroup() }
            self.groups.withLock { $0 = ($0.commits + 1, $0.transactions + jobs.count) }
            return SQLiteGroupCommit.run(jobs, on: conn)
        }
        done.whenFailure { _ in }  // each job's caller is answered through its own promise
    }

    /// Closes the connection after the queued work.
    func close() async {
        let closed = eventLoop.flatSubmit { self.tail.flatMap { self.connection.flatMap { $0.close() } } }
        try? await closed.get()
    }
}
