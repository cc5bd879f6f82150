import App
import Crypto
import Foundation
import Persistence
import TestSupport
import Testing

/// Issue 17 item 3: on PostgreSQL the files are in the shared database, so every instance serves
/// every file, whatever its own data folder holds.
@Suite("Shared files")
struct SharedFilesTests {
    /// A PDF of `size` bytes whose content varies along the file (so chunks out of order would show).
    static func largePDF(_ size: Int) -> [UInt8] {
        var bytes = Portal.pdf("large")
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        while bytes.count < size {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            bytes.append(UInt8(truncatingIfNeeded: state >> 33))
        }
        return bytes
    }

    @Test(
        "a file uploaded through one instance is downloaded, byte for byte, through another with its own data folder",
        .enabled(if: Backend.available.contains(.postgres)))
    func acrossInstances() async throws {
        let db = try await TestDatabase.make(.postgres)
        let other = FileManager.default.temporaryDirectory.appendingPathComponent("motcua-other-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: other) }
        let file = Portal.pdf("declaration")
        do {
            try await withApp(.postgres, database: db) { api, _ in
                let browser = BrowserSession(api)
                try await Portal.register(browser, phone: "0912000111")
                let (code, answer) = try await Portal.submitBirth(browser)
                #expect(code != nil, "\(answer.status)")
            }
            let hash = SHA256.hash(data: file).map { String(format: "%02x", $0) }.joined()
            // The other document is made a large file of three pieces (an upload of that size through the
            // test client's multipart encoding takes minutes in a debug build), to download it streamed.
            let large = Self.largePDF(600_000)
            let database = try db.open()
            let largeHash = try await DatabaseBlobStore(database: database).put(large)
            let ids = try await database.transaction { sql in
                try await sql.raw(
                    "UPDATE documents SET sha256 = \(bind: largeHash), size = \(bind: large.count) WHERE sha256 <> \(bind: hash)"
                ).run()
                let uploaded = try await sql.raw("SELECT id FROM documents WHERE sha256 = \(bind: hash)").first()?.decode(
                    column: "id", as: Int64.self)
                let changed = try await sql.raw("SELECT id FROM documents WHERE sha256 = \(bind: largeHash)").first()?.decode(
                    column: "id", as: Int64.self)
                return [uploaded, changed]
            }
            #expect(try await Self.rows(database).chunks == 2 + 3)
            await database.shutdown()
            let documents = ids.compactMap { $0 }
            #expect(documents.count == 2)
            try await withApp(.postgres, database: db, extraEnvironment: ["DATA_DIR": other.path]) { api, _ in
                let token = try await api.login("tiepnhan.hacthanh")
                for (document, bytes) in zip(documents, [file, large]) {
                    let answer = try await api.request(.get, "/tai-lieu/\(document)", token: token)
                    #expect(answer.status == .ok)
                    #expect(answer.bytes.count == bytes.count)
                    #expect(answer.bytes == bytes)
                }
            }
        } catch {
            await db.destroy()
            throw error
        }
        await db.destroy()
    }

    static let onPostgres = Backend.available.contains(.postgres)

    /// Runs `body` on a fresh PostgreSQL schema, migrated.
    static func withStore(_ body: (Database, TestDatabase) async throws -> Void) async throws {
        try await withDatabase(.postgres) { database, test in
            try await Migrator.migrate(database)
            try await body(database, test)
        }
    }

    static func rows(_ database: Database) async throws -> (blobs: Int, chunks: Int) {
        try await database.read { sql in
            let row = try await sql.raw("SELECT (SELECT COUNT(*) FROM blobs) AS b, (SELECT COUNT(*) FROM blob_chunks) AS c").first()
            return (try row?.decode(column: "b", as: Int.self) ?? -1, try row?.decode(column: "c", as: Int.self) ?? -1)
        }
    }

    @Test("the database store: pieces streamed back in order, the same bytes stored once", .enabled(if: onPostgres))
    func streamedAndDeduplicated() async throws {
        try await Self.withStore { database, _ in
            let store = DatabaseBlobStore(database: database, chunkSize: 1000)
            let file = Self.largePDF(4_500)
            let hash = try await store.put(file)
            #expect(try await Self.rows(database) == (1, 5))
            #expect(try await store.put(file) == hash)
            #expect(try await Self.rows(database) == (1, 5))
            var pieces: [[UInt8]] = []
            for try await piece in try #require(try await store.chunks(hash)) { pieces.append(piece) }
            #expect(pieces.map(\.count) == [1000, 1000, 1000, 1000, 500])
            #expect(Array(pieces.joined()) == file)
            #expect(try await store.get(hash) == file)
            #expect(try await store.chunks(String(repeating: "0", count: 64)) == nil)
            #expect(try await store.get("../etc/passwd") == nil)
        }
    }

    @Test("a put that fails midway leaves nothing stored", .enabled(if: onPostgres))
    func failedPutLeavesNothing() async throws {
        try await Self.withStore { database, _ in
            try await database.transaction { sql in
                try await sql.raw(
                    """
                    CREATE FUNCTION fail_third_piece() RETURNS trigger AS $$ BEGIN
                    IF NEW.seq = 2 THEN RAISE EXCEPTION 'disk full'; END IF; RETURN NEW; END $$ LANGUAGE plpgsql
                    """
                ).run()
                try await sql.raw(
                    "CREATE TRIGGER fail_third BEFORE INSERT ON blob_chunks FOR EACH ROW EXECUTE FUNCTION fail_third_piece()"
                ).run()
            }
            let store = DatabaseBlobStore(database: database, chunkSize: 1000)
            await #expect(throws: (any Error).self) { _ = try await store.put(Self.largePDF(4_500)) }
            #expect(try await Self.rows(database) == (0, 0))
            _ = try await store.put(Self.largePDF(1_500))
            #expect(try await Self.rows(database) == (1, 2))
        }
    }

    @Test("the sweep deletes the database store's old unreferenced blobs with their pieces, under the lease", .enabled(if: onPostgres))
    func sweepOfTheDatabaseStore() async throws {
        try await Self.withStore { database, _ in
            let store = DatabaseBlobStore(database: database, chunkSize: 1000)
            let orphan = try await store.put(Self.largePDF(2_500))
            let fresh = try await store.put(Array("fresh".utf8))
            let renewed = try await store.put(Array("stored again".utf8))
            let now = Date()
            let old = Int64(now.addingTimeInterval(-2 * 86_400).timeIntervalSince1970 * 1000)
            try await database.transaction { sql in
                try await sql.raw("UPDATE blobs SET touched_at = \(bind: old) WHERE sha256 <> \(bind: fresh)").run()
            }
            // Storing the same bytes again (a new row is about to reference them) renews the grace period.
            #expect(try await store.put(Array("stored again".utf8)) == renewed)
            let sweeper = BlobSweeper(database: database, graceSeconds: 86_400)
            #expect(try await sweeper.sweep(now: now, holder: "this") == 1)
            #expect(try await store.get(orphan) == nil)
            #expect(try await store.get(fresh) == Array("fresh".utf8))
            #expect(try await store.get(renewed) == Array("stored again".utf8))
            #expect(try await Self.rows(database) == (2, 2))
        }
    }

    @Test(
        "move-blobs copies the directory store into the database, checks every hash, refuses a corrupted file, may run again",
        .enabled(if: onPostgres))
    func moveBlobs() async throws {
        try await Self.withStore { database, db in
            let folder = db.directory.appendingPathComponent("blobs").path
            let files = try FileBlobStore(folder: folder)
            let kept = [try await files.put(Self.largePDF(600_000)), try await files.put(Array("small".utf8))]
            let corrupted = try await files.put(Array("will be altered".utf8))
            let path = folder + "/" + corrupted.prefix(2) + "/" + corrupted
            try Data("altered on disk".utf8).write(to: URL(fileURLWithPath: path))
            let target = DatabaseBlobStore(database: database)
            let mover = BlobMover(folder: folder, target: target)
            let first = try await mover.run()
            #expect(first.copied == 2 && first.present == 0 && first.corrupted == [corrupted] && first.failed.isEmpty)
            #expect(!first.isComplete)
            for hash in kept { #expect(try await target.get(hash) == (try await files.get(hash))) }
            #expect(try await target.get(corrupted) == nil)
            let again = try await mover.run()
            #expect(again.copied == 0 && again.present == 2 && again.corrupted == [corrupted])
            #expect(try await Self.rows(database).blobs == 2)
        }
    }

    @Test("BLOB_STORE: directory on SQLite, database on PostgreSQL by default; database without PostgreSQL is refused")
    func configuration() throws {
        let base = ["MOTCUA_ENV": "development", "DATA_DIR": "/tmp/motcua-config"]
        #expect(try AppConfig(environment: base).blobStore == .directory)
        #expect(try AppConfig(environment: base).blobDirectory == "/tmp/motcua-config/blobs")
        let postgres = base.merging(["DATABASE_URL": "postgres://u:p@localhost/db"]) { _, new in new }
        #expect(try AppConfig(environment: postgres).blobStore == .database)
        let shared = postgres.merging(["BLOB_STORE": "directory", "BLOB_DIRECTORY": "/mnt/shared"]) { _, new in new }
        #expect(try AppConfig(environment: shared).blobStore == .directory)
        #expect(try AppConfig(environment: shared).blobDirectory == "/mnt/shared")
        #expect(throws: ConfigError.self) { try AppConfig(environment: base.merging(["BLOB_STORE": "database"]) { _, new in new }) }
        #expect(throws: ConfigError.self) { try AppConfig(environment: base.merging(["BLOB_STORE": "s3"]) { _, new in new }) }
    }
}
