import Foundation
import Persistence
import TestSupport
import Testing

/// A test (or any owner) that throws before `shutdown()` releases its database with connections open: that closes them
/// in the background instead of trapping in AsyncKit's pool, which ended the whole test run with every suite in it.
@Suite("Database release")
struct DatabaseReleaseTests {
    struct Thrown: Error {}

    @Test("a database released without shutdown, after a query, does not end the process", arguments: Backend.available)
    func releasedWithoutShutdown(_ backend: Backend) async throws {
        try await withDatabase(backend) { _, test in
            func useAndThrow() async throws {
                let database = try test.open()
                _ = try await database.read { try await $0.raw("SELECT 1 AS one").all() }
                throw Thrown()
            }
            await #expect(throws: Thrown.self) { try await useAndThrow() }
            // The release closes the pool in a task of its own: give it time to run.
            try await Task.sleep(for: .milliseconds(200))
        }
    }
}
