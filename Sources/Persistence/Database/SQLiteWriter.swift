import Logging
import NIOCore
import SQLiteNIO

/// The one connection that writes to an SQLite file. Write transactions queue on its event loop:
/// each starts when the previous one has ended, and the hand-over happens on that event loop, not
/// through the task executor, so a queue of writers never waits behind unrelated work.
final class SQLiteWriter: @unchecked Sendable {
    // `tail` is only read and replaced on `eventLoop` (inside `flatSubmit`): confined, hence
    // the unchecked Sendable.
    private let eventLoop: any EventLoop
    private let connection: EventLoopFuture<SQLiteConnection>
    private var tail: EventLoopFuture<Void>

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

    /// Closes the connection after the queued work.
    func close() async {
        let closed = eventLoop.flatSubmit { self.tail.flatMap { self.connection.flatMap { $0.close() } } }
        try? await closed.get()
    }
}
