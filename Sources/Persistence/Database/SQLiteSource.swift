import AsyncKit
import Logging
import NIOCore
import NIOPosix
import SQLiteNIO

/// Opens SQLite connections on one file with the pragmas the platform relies on: WAL journal, the
/// configured `synchronous` level (`FULL` by default: a commit is on disk when it returns), foreign keys, a busy timeout; and for reads at province scale, the file memory-mapped (up to
/// 1 GiB) and a 32 MiB page cache per connection, so that random lookups do not go through
/// `read` system calls.
struct SQLiteSource: ConnectionPoolSource, Sendable {
    let path: String
    let synchronous: Database.SQLiteSynchronous

    func makeConnection(logger: Logger, on eventLoop: any EventLoop) -> EventLoopFuture<SQLiteConnection> {
        SQLiteConnection.open(storage: .file(path: path), threadPool: .singleton, logger: logger, on: eventLoop)
            .flatMap { conn in
                conn.query("PRAGMA journal_mode = WAL")
                    .flatMap { _ in conn.query("PRAGMA synchronous = \(synchronous.rawValue)") }
                    .flatMap { _ in conn.query("PRAGMA foreign_keys = ON") }
                    .flatMap { _ in conn.query("PRAGMA busy_timeout = 5000") }
                    .flatMap { _ in conn.query("PRAGMA mmap_size = 1073741824") }
                    .flatMap { _ in conn.query("PRAGMA cache_size = -32768") }
                    .map { _ in conn }
            }
    }
}
