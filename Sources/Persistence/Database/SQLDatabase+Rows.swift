import NIOCore
import SQLKit
import Synchronization

/// Rows gathered by a query's row callback.
private final class RowCollector: Sendable {
    let rows = Mutex<[any SQLRow]>([])
}

extension SQLDatabase {
    /// The rows of `query`, as a future on this database's event loop.
    func rows(_ query: SQLQueryString) -> EventLoopFuture<[any SQLRow]> {
        let collector = RowCollector()
        return execute(sql: query) { row in collector.rows.withLock { $0.append(row) } }
            .map { collector.rows.withLock { $0 } }
    }

    /// The first row of `query`, or a failed future with `error` when there is none.
    func firstRow(_ query: SQLQueryString, orFail error: any Error) -> EventLoopFuture<any SQLRow> {
        rows(query).flatMapThrowing { rows in
            guard let first = rows.first else { throw error }
            return first
        }
    }
}
