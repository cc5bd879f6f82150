import Domain
import Foundation
import Persistence
import TestSupport
import Testing

/// Issue 16 item 11: files no row references are swept after a grace period, by one instance at a time.
@Suite("Blob sweep")
struct BlobSweepTests {
    @Test(
        "the sweep deletes old unreferenced blobs only, under a lease one instance holds at a time",
        arguments: Backend.available)
    func sweep(_ backend: Backend) async throws {
        // The directory store on both engines (the database store's sweep: `SharedFilesTests`).
        try await withApp(backend, extraEnvironment: ["BLOB_STORE": "directory"]) { api, db in
            _ = try #require(
                try await Reports.report(
                    BrowserSession(api), [:], photos: [.init(field: "photo-1", name: "a.jpg", bytes: CraftedPhotos.jpeg())]
                ).id)
            let folder = db.directory.appendingPathComponent("blobs").path
            let store = try FileBlobStore(folder: folder)
            let now = Date()
            let old = now.addingTimeInterval(-2 * 86_400)
            let kept = try #require(UploadSafetyTests.blobs(db).first)
            let orphan = try await store.put(Array("orphan old".utf8))
            let fresh = try await store.put(Array("orphan fresh".utf8))
            let touched = try await store.put(Array("orphan put again".utf8))
            for path in UploadSafetyTests.blobs(db) where !path.hasSuffix(fresh) {
                try FileManager.default.setAttributes([.modificationDate: old], ofItemAtPath: folder + "/" + path)
            }
            // Storing the same bytes again (a new row is about to reference them) renews the grace period.
            _ = try await store.put(Array("orphan put again".utf8))

            let database = try db.open()
            let sweeper = BlobSweeper(database: database, folder: folder, graceSeconds: 86_400)
            // Another instance holds the lease: this one does nothing.
            try await database.transaction { sql in
                try await sql.raw(
                    "DELETE FROM maintenance_leases"
                ).run()
                try await sql.raw(
                    """
                    INSERT INTO maintenance_leases (name, holder, expires_at)
                    VALUES ('blob-sweep', 'other', \(bind: Int64(now.timeIntervalSince1970 * 1000) + 60_000))
                    """
                ).run()
            }
            #expect(try await sweeper.sweep(now: now, holder: "this") == nil)
            #expect(UploadSafetyTests.blobs(db).count == 4)
            let later = now.addingTimeInterval(120)
            #expect(try await sweeper.sweep(now: later, holder: "this") == 1)
            let left = Set(UploadSafetyTests.blobs(db).compactMap { $0.split(separator: "/").last.map(String.init) })
            #expect(left == [kept.split(separator: "/").last.map(String.init)!, fresh, touched])
            #expect(!left.contains(orphan))
            #expect(try await sweeper.sweep(now: later, holder: "this") == 0)
            await database.shutdown()
        }
    }
}
