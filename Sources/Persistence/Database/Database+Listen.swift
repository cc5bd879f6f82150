import Logging
import NIOPosix
import PostgresKit

extension Database {
    /// On PostgreSQL, listens on `channel` on a connection of its own (outside the pool): calls `listening` once the
    /// server has taken the `LISTEN`, then `received` with each notification's payload, until the connection is lost
    /// (throws) or the task is cancelled (returns). On SQLite, throws `ListenUnavailable` (one process: nothing to hear).
    public func listen(
        on channel: String, listening: @Sendable () async -> Void, received: @Sendable (String) -> Void
    ) async throws {
        guard let postgresConnection else { throw ListenUnavailable() }
        let connection = try await PostgresConnection.connect(
            on: MultiThreadedEventLoopGroup.singleton.next(), configuration: postgresConnection, id: 0, logger: logger)
        do {
            try await connection.listen(on: channel) { notifications in
                await listening()
                for try await notification in notifications { received(notification.payload) }
            }
        } catch {
            try? await connection.close()
            throw error
        }
        try? await connection.close()
    }
}

/// `LISTEN` asked of a database that has no notifications (SQLite).
public struct ListenUnavailable: Error {}
