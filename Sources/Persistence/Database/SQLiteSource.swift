import AsyncKit
import Logging
import NIOCore
import NIOPosix
import SQLiteNIO

/// Opens SQLite connections on one file with the pragmas the platform relies on: WAL journal,
/// foreign keys, a busy timeout.
struct SQLiteSource: ConnectionPoolSource, Sendable {
    let path: String

    func makeConnection(logger: Logger, on eventLoop: any EventLoop) -> EventLoopFuture<SQLiteConnection> {
        SQLiteConnection.open(storage: .file(path: path), threadPool: .singleton, logger: logger, on: eventLoop)
            .flatMap { conn in
                conn.query("PRAGMA journal_mode = WAL")
                    .flatMap { _ in conn.query("PRAGMA synchronous = NORMAL") }
                    .flatMap { _ in conn.query("PRAGMA foreign_keys = ON") }
                    .flatMap { _ in conn.query("PRAGMA busy_timeout = 5000") }
                    .map { _ in conn }
            }
    }
}
