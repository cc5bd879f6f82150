import AsyncKit
import Domain
import Foundation
import Logging
import NIOCore
import NIOPosix
import PostgresKit
import SQLKit
import SQLiteKit
import Synchronization

/// The platform's database: one SQLite file or one PostgreSQL server behind the same API.
/// Owns the connection pool (which is not `Sendable` itself) and hands out SQLKit databases.
public final class Database: @unchecked Sendable {
    /// Which SQL engine is behind the pool.
    public enum Dialect: String, Sendable { case sqlite, postgres }
    /// SQLite's `synchronous` level in WAL mode. `FULL` syncs the log at every commit, so an
    /// acknowledged write survives a power loss; `NORMAL` syncs only at checkpoints, so the last
    /// commits may be lost on a power loss (not on a crash of the process); `EXTRA` also syncs the folder.
    public enum SQLiteSynchronous: String, Sendable {
        case normal = "NORMAL"
        case full = "FULL"
        case extra = "EXTRA"
    }

    public let dialect: Dialect
    private let sqlitePool: EventLoopGroupConnectionPool<SQLiteSource>?
    private let postgresPool: EventLoopGroupConnectionPool<PostgresConnectionSource>?
    /// SQLite's single writer: write transactions queue on it (readers use the pool, WAL mode).
    private let sqliteWriter: SQLiteWriter?
    /// How to open a PostgreSQL connection outside the pool (the cache listener's).
    let postgresConnection: PostgresConnection.Configuration?
    let logger: Logger
    /// Whether `shutdown()` has run (or begun).
    private let closed = Mutex(false)

    private init(
        dialect: Dialect, sqlite: EventLoopGroupConnectionPool<SQLiteSource>?, writer: SQLiteWriter?,
        postgres: EventLoopGroupConnectionPool<PostgresConnectionSource>?, logger: Logger,
        postgresConnection: PostgresConnection.Configuration? = nil
    ) {
        self.dialect = dialect
        self.sqlitePool = sqlite
        self.sqliteWriter = writer
        self.postgresPool = postgres
        self.postgresConnection = postgresConnection
        self.logger = logger
    }

    /// A database on an SQLite file (created when missing, with its folder).
    public static func sqlite(
        path: String, maxConnections: Int = 4, synchronous: SQLiteSynchronous = .full, logger: Logger
    ) throws -> Database {
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let pool = EventLoopGroupConnectionPool(
            source: SQLiteSource(path: path, synchronous: synchronous), maxConnectionsPerEventLoop: maxConnections,
            requestTimeout: .seconds(30), pruneInterval: nil, logger: logger,
            on: MultiThreadedEventLoopGroup.singleton)
        let writer = SQLiteWriter(
            source: SQLiteSource(path: path, synchronous: synchronous), eventLoop: MultiThreadedEventLoopGroup.singleton.next(),
            logger: logger)
        return Database(dialect: .sqlite, sqlite: pool, writer: writer, postgres: nil, logger: logger)
    }

    /// What every PostgreSQL session of the app starts with. The app runs many small indexed reads
    /// and bounded batches: starting parallel workers costs more than it saves (a year's agency
    /// ranking: 28 ms with two workers, 15 ms without), and so does compiling a query with JIT, which
    /// the server does once the planner's cost estimate passes a threshold that grows with the tables
    /// (at 10 million dossiers each statement of the statistics rebuild spent 1-3 s compiling).
    static let sessionSettings = [("max_parallel_workers_per_gather", "0"), ("jit", "off")]

    /// A database on a PostgreSQL server given by a `postgres://` URL, optionally in a schema. Its
    /// sessions carry `name` as their `application_name` (what `pg_stat_activity` shows an operator).
    public static func postgres(
        url: String, schema: String? = nil, maxConnections: Int = 8, name: String = "motcua", logger: Logger
    ) throws -> Database {
        var config = try SQLPostgresConfiguration(url: url)
        if let schema { config.searchPath = [schema] }
        config.coreConfiguration.options.additionalStartupParameters = sessionSettings + [("application_name", name)]
        let pool = EventLoopGroupConnectionPool(
            source: PostgresConnectionSource(sqlConfiguration: config), maxConnectionsPerEventLoop: maxConnections,
            requestTimeout: .seconds(30), pruneInterval: nil, logger: logger,
            on: MultiThreadedEventLoopGroup.singleton)
        // The listener names itself (with its schema), for operators reading `pg_stat_activity`.
        var listener = config.coreConfiguration
        listener.options.additionalStartupParameters.append(("application_name", "motcua cache listener" + (schema.map { " \($0)" } ?? "")))
        return Database(dialect: .postgres, sqlite: nil, writer: nil, postgres: pool, logger: logger, postgresConnection: listener)
    }

    /// Runs `body` on one pooled connection (no transaction).
    public func read<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        if let pool = sqlitePool {
            let conn = try await pool.requestConnection(logger: logger).get()
            defer { pool.releaseConnection(conn, logger: logger) }
            return try await body(conn.sql(queryLogLevel: nil))
        }
        let pool = postgresPool!
        let conn = try await pool.requestConnection(logger: logger).get()
        defer { pool.releaseConnection(conn, logger: logger) }
        do {
            return try await body(conn.sql(queryLogLevel: nil))
        } catch let error as PSQLError where error.serverInfo?[.sqlState]?.hasPrefix("22") == true {
            // Class 22, "data exception": a value the server cannot take (a NUL character, a number
            // out of its column's range, an impossible date). It came from the caller: a 400.
            logger.warning("data exception", metadata: ["sqlState": "\(error.serverInfo?[.sqlState] ?? "")"])
            throw DomainError(.invalid, "database.invalidValue")
        }
    }

    /// Runs `body` in one transaction: committed when it returns, rolled back when it throws.
    /// On SQLite it runs on the single writer connection, after the writes queued before it.
    public func transaction<T: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        if let writer = sqliteWriter {
            return try await writer.enqueue { conn in
                let promise = conn.eventLoop.makePromise(of: T.self)
                promise.completeWithTask { try await Self.run(conn.sql(queryLogLevel: nil), begin: "BEGIN IMMEDIATE", body) }
                return promise.futureResult
            }.get()
        }
        return try await read { db in try await Self.run(db, begin: "BEGIN", body) }
    }

    private static func run<T: Sendable>(
        _ db: any SQLDatabase, begin: String,
        _ body: @Sendable (any SQLDatabase) async throws -> T
    ) async throws -> T {
        try await db.raw(SQLQueryString(begin)).run()
        do {
            let value = try await body(db)
            try await db.raw("COMMIT").run()
            return value
        } catch {
            try? await db.raw("ROLLBACK").run()
            throw error
        }
    }

    /// Runs `body` in one transaction whose statements are chained as futures on the connection's
    /// event loop: no hop through the task executor between statements, so locks (SQLite's single
    /// writer, a PostgreSQL row lock) are held for the statements' own time only. On SQLite the
    /// transactions that queue meanwhile are committed as one group (`SQLiteGroupCommit`).
    public func chainedTransaction<T: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) -> EventLoopFuture<T>) async throws -> T {
        if let writer = sqliteWriter {
            return try await writer.enqueueInGroup { conn in body(conn.sql(queryLogLevel: nil)) }.get()
        }
        return try await read { db in try await Self.chain(db, begin: "BEGIN", body).get() }
    }

    private static func chain<T: Sendable>(
        _ db: any SQLDatabase, begin: String,
        _ body: @escaping @Sendable (any SQLDatabase) -> EventLoopFuture<T>
    ) -> EventLoopFuture<T> {
        db.execute(sql: SQLQueryString(begin)) { _ in }
            .flatMap { body(db) }
            .flatMap { value in db.execute(sql: SQLQueryString("COMMIT")) { _ in }.map { value } }
            .flatMapError { error in db.execute(sql: SQLQueryString("ROLLBACK")) { _ in }.flatMapThrowing { throw error } }
    }

    /// On SQLite, the group commits of chained transactions so far and the transactions they carried.
    public var groupCommits: (commits: Int, transactions: Int)? { sqliteWriter?.groups.withLock { $0 } }

    /// Closes every connection (once; a second call does nothing).
    public func shutdown() async {
        guard
            closed.withLock({ was in
                defer { was = true }
                return !was
            })
        else { return }
        await Self.close(sqliteWriter, sqlitePool, postgresPool)
    }

    /// A database released without `shutdown()` (its owner threw first) still closes its connections, in the
    /// background, rather than leaving them open: AsyncKit's pool traps on that in debug builds, ending the process.
    deinit {
        guard !closed.withLock({ $0 }), sqlitePool != nil || postgresPool != nil else { return }
        let (writer, sqlite, postgres) = (sqliteWriter, sqlitePool, postgresPool)
        Task { await Self.close(writer, sqlite, postgres) }
    }

    private static func close(
        _ writer: SQLiteWriter?, _ sqlite: EventLoopGroupConnectionPool<SQLiteSource>?,
        _ postgres: EventLoopGroupConnectionPool<PostgresConnectionSource>?
    ) async {
        await writer?.close()
        try? await sqlite?.shutdownAsync()
        try? await postgres?.shutdownAsync()
    }
}
