import NIOCore
import SQLiteNIO

/// Group commit for SQLite's single writer. With `synchronous = FULL` every commit waits for the
/// disk, so short write transactions that queue while one is running are committed together: one
/// `BEGIN IMMEDIATE`, each transaction in a savepoint of its own (a failing one is rolled back alone),
/// one `COMMIT`, one wait for the disk. Each caller is answered only after that commit, so what is
/// acknowledged is on disk; if the commit fails, every transaction of the group fails.
struct SQLiteGroupCommit {
    /// The most transactions one commit carries (the rest wait for the next).
    static let maxGroup = 64

    /// One queued transaction: runs its statements on the connection and reports how it ended.
    struct Job: Sendable {
        let run: @Sendable (SQLiteConnection) -> EventLoopFuture<Outcome>
        /// Fails the caller of a job the group never reached.
        let abandon: @Sendable (any Error) -> Void
    }

    /// How a transaction of the group ended: what to tell its caller once the group's commit is
    /// known (`settle(nil)` after a commit, `settle(error)` after a failed one).
    struct Outcome: Sendable {
        let succeeded: Bool
        let settle: @Sendable (_ commitError: (any Error)?) -> Void
    }

    /// A job for `body`, whose result completes `promise` once the group is settled.
    static func job<T: Sendable>(
        _ body: @escaping @Sendable (SQLiteConnection) -> EventLoopFuture<T>, promise: EventLoopPromise<T>
    ) -> Job {
        Job(
            run: { conn in
                body(conn)
                    .map { value in
                        Outcome(succeeded: true) { error in error.map { promise.fail($0) } ?? promise.succeed(value) }
                    }
                    .recover { error in Outcome(succeeded: false) { _ in promise.fail(error) } }
            },
            abandon: { promise.fail($0) })
    }

    /// Runs `jobs` in one transaction on `conn` and settles each.
    static func run(_ jobs: [Job], on conn: SQLiteConnection) -> EventLoopFuture<Void> {
        let loop = conn.eventLoop
        // The outcomes so far travel along the chain (the group runs one statement at a time).
        var chain = conn.query("BEGIN IMMEDIATE").map { _ in [Outcome]() }
        for job in jobs {
            chain = chain.flatMap { outcomes in
                conn.query("SAVEPOINT motcua_group").flatMap { _ in job.run(conn) }.flatMap { outcome in
                    let end = outcome.succeeded ? "RELEASE motcua_group" : "ROLLBACK TO motcua_group"
                    return conn.query(end)
                        .flatMap { _ in
                            outcome.succeeded ? loop.makeSucceededVoidFuture() : conn.query("RELEASE motcua_group").map { _ in () }
                        }
                        .map { outcomes + [outcome] }
                        .flatMapErrorThrowing { throw GroupFailure(error: $0, outcomes: outcomes + [outcome]) }
                }
                .flatMapErrorThrowing { error in
                    throw error as? GroupFailure ?? GroupFailure(error: error, outcomes: outcomes)
                }
            }
        }
        return chain.flatMap { outcomes in
            conn.query("COMMIT").map { _ in for outcome in outcomes { outcome.settle(nil) } }
                .flatMapErrorThrowing { throw GroupFailure(error: $0, outcomes: outcomes) }
        }
        .flatMapError { error in
            // A statement the savepoints could not contain, or the commit itself: nothing of the group stays.
            let failure = error as? GroupFailure ?? GroupFailure(error: error, outcomes: [])
            return conn.query("ROLLBACK").map { _ in () }.recover { _ in () }.map {
                for outcome in failure.outcomes { outcome.settle(failure.error) }
                for job in jobs.dropFirst(failure.outcomes.count) { job.abandon(failure.error) }
            }
        }
    }

    /// A group that could not commit, with the outcomes of the transactions that had run.
    struct GroupFailure: Error {
        let error: any Error
        let outcomes: [Outcome]
    }
}
