import Foundation
import SQLKit

extension BlobSweeper {
    /// Deletes the blobs of the database store (their pieces with them) that no document or result
    /// references and that no put has touched since `cutoff`; returns how many. A put of the same
    /// content renews `touched_at` under the row's lock: the batch skips a row locked by a put in
    /// progress, and the delete checks `touched_at` again on the row it deletes.
    func databasePass(cutoff: Date) async throws -> Int {
        let before = Stored.millis(cutoff)
        var deleted = 0
        while true {
            let batch = try await database.transaction { db in
                try await db.raw(
                    """
                    DELETE FROM blobs WHERE touched_at < \(bind: before) AND sha256 IN (
                        SELECT b.sha256 FROM blobs b WHERE b.touched_at < \(bind: before)
                        AND NOT EXISTS (SELECT 1 FROM documents d WHERE d.sha256 = b.sha256)
                        AND NOT EXISTS (SELECT 1 FROM results r WHERE r.sha256 = b.sha256)
                        LIMIT \(unsafeRaw: String(Self.databaseBatch)) FOR UPDATE SKIP LOCKED)
                    RETURNING sha256
                    """
                ).all().count
            }
            deleted += batch
            if batch < Self.databaseBatch { return deleted }
        }
    }

    /// Blobs deleted per transaction.
    static let databaseBatch = 100
}
