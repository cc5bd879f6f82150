import Domain
import Foundation
import Persistence
import TestSupport
import Testing

/// Issue 16 item 11: uploads are authorised and validated before anything is stored, quotas hold
/// per citizen account and per address, and blobs no row references are swept.
@Suite("Upload safety")
struct UploadSafetyTests {
    /// The files in the blob store of `db`'s data folder.
    static func blobs(_ db: TestDatabase) -> [String] {
        let folder = db.directory.appendingPathComponent("blobs")
        let names = FileManager.default.enumerator(atPath: folder.path)?.allObjects as? [String] ?? []
        return names.filter { ($0.split(separator: "/").last?.count ?? 0) == 64 }
    }

    /// The blobs `db`'s application stored: the files of its data folder and, on PostgreSQL, the database store's rows.
    static func stored(_ db: TestDatabase) async throws -> [String] {
        guard db.backend == .postgres else { return blobs(db) }
        let database = try db.open()
        let hashes = try await database.read { sql in
            try await sql.raw("SELECT sha256 FROM blobs").all().map { try $0.decode(column: "sha256", as: String.self) }
        }
        await database.shutdown()
        return blobs(db) + hashes
    }

    @Test(
        "an officer who may not act on the dossier gets 403/404 for a result upload, and nothing is stored",
        arguments: Backend.available)
    func resultOfAnotherOfficer(_ backend: Backend) async throws {
        try await withApp(backend, extraEnvironment: Portal.environment) { api, db in
            let (_, code) = try await Portal.citizenWithDossier(api)
            _ = try await Portal.toProcessing(api, code)
            let (documents, files) = (try await db.count("documents"), try await Self.stored(db).count)
            // Another commune's specialist, then the same agency's specialist the dossier is not assigned to.
            for (username, status) in [("chuyenvien.quangphu", 404), ("chuyenvien2.hacthanh", 403)] {
                let token = try await api.login(username)
                let answer = try await BrowserSession(api).postMultipart(
                    "/officer/dossiers/\(code)/result", [:],
                    files: [.init(field: "file", name: "gia-mao.pdf", bytes: Portal.pdf("forged \(username)"))], token: token)
                #expect(Int(answer.status.code) == status, "\(username)")
            }
            #expect(try await db.count("documents") == documents)
            #expect(try await Self.stored(db).count == files)
            // The assigned specialist may.
            let specialist = try await api.login("chuyenvien.hacthanh")
            let attached = try await BrowserSession(api).postMultipart(
                "/officer/dossiers/\(code)/result", [:],
                files: [.init(field: "file", name: "ket-qua.pdf", bytes: Portal.pdf("result"))], token: specialist)
            #expect(attached.status == .seeOther)
            #expect(try await db.count("documents") == documents + 1)
        }
    }

    @Test(
        "a refused field report (short text, unknown category, bad place) stores none of its photos",
        arguments: Backend.available)
    func reportCheckedBeforePhotos(_ backend: Backend) async throws {
        try await withApp(backend) { api, db in
            let photo = BrowserSession.File(field: "photo-1", name: "a.jpg", bytes: CraftedPhotos.jpeg())
            for fields in [["description": "ngắn"], ["categoryCode": "NO_SUCH"], ["latitude": "48.85", "longitude": "2.35"]] {
                let (id, refused) = try await Reports.report(BrowserSession(api), fields, photos: [photo])
                #expect(id == nil && (400..<500).contains(Int(refused.status.code)), "\(fields)")
            }
            #expect(try await db.count("field_reports") == 0)
            #expect(try await db.count("documents") == 0)
            #expect(try await Self.stored(db).isEmpty)
        }
    }

    @Test(
        "a published report photo has no GPS (Exif, MPF second image); a photo that cannot be cleaned is refused with 415",
        arguments: Backend.available)
    func publishedPhotoHasNoPosition(_ backend: Backend) async throws {
        try await withApp(backend) { api, db in
            let phone = BrowserSession(api)
            let id = try #require(
                try await Reports.report(
                    phone, [:], photos: [.init(field: "photo-1", name: "mpf.jpg", bytes: CraftedPhotos.multiPicture)]
                ).id)
            let photo = try await phone.get("/phan-anh/\(id)/anh/1")
            #expect(photo.status == .ok)
            #expect(photo.bytes == CraftedPhotos.clean)
            #expect(!PhotoMetadataTests.contains(photo.bytes, "GPS"))
            let broken = Array(CraftedPhotos.jpeg(CraftedPhotos.exifGPS).dropLast(2))
            let (refusedId, refused) = try await Reports.report(
                BrowserSession(api), [:], photos: [.init(field: "photo-1", name: "cut.jpg", bytes: broken)])
            #expect(refusedId == nil && refused.status == .unsupportedMediaType)
            #expect(refused.text.contains("Không đọc được ảnh"))
            #expect(try await db.count("field_reports") == 1)
            #expect(try await db.count("documents") == 1)
        }
    }

    @Test("a citizen's document store is limited in files and bytes: 413 with the message, nothing stored", arguments: Backend.available)
    func citizenStoreQuota(_ backend: Backend) async throws {
        let environment = Portal.environment.merging(["CITIZEN_STORE_MAX_FILES": "3"]) { _, new in new }
        try await withApp(backend, extraEnvironment: environment) { api, db in
            let (browser, _) = try await Portal.citizenWithDossier(api)
            let before = (try await db.count("documents"), try await Self.stored(db).count)
            let (code, refused) = try await Portal.submitBirth(browser)
            #expect(code == nil && refused.status == .contentTooLarge)
            #expect(refused.text.contains("Kho giấy tờ của bạn đã đầy"))
            #expect(try await db.count("documents") == before.0)
            #expect(try await Self.stored(db).count == before.1)
        }
        let bytes = Portal.environment.merging(["CITIZEN_STORE_MAX_BYTES": "60"]) { _, new in new }
        try await withApp(backend, extraEnvironment: bytes) { api, db in
            let browser = BrowserSession(api)
            try await Portal.register(browser, phone: "0912000111")
            let (code, refused) = try await Portal.submitBirth(browser)
            #expect(code == nil && refused.status == .contentTooLarge)
            #expect(try await db.count("documents") == 0)
            #expect(try await Self.stored(db).isEmpty)
        }
    }

    @Test(
        "anonymous report photos are limited per address per hour and per day: 429, nothing stored",
        arguments: Backend.available.flatMap { b in ["REPORT_PHOTOS_PER_HOUR", "REPORT_PHOTOS_PER_DAY"].map { (b, $0) } })
    func photoQuota(_ backend: Backend, _ key: String) async throws {
        try await withApp(backend, extraEnvironment: [key: "2"]) { api, db in
            let photos = (1...2).map { BrowserSession.File(field: "photo-\($0)", name: "\($0).jpg", bytes: CraftedPhotos.jpeg()) }
            let first = try await Reports.report(BrowserSession(api), [:], photos: photos)
            #expect(first.id != nil)
            let (id, refused) = try await Reports.report(
                BrowserSession(api), ["latitude": "19.8070", "longitude": "105.7860"], photos: [photos[0]])
            #expect(id == nil && refused.status == .tooManyRequests)
            #expect(refused.text.contains("Bạn đã gửi quá nhiều ảnh"))
            #expect(try await db.count("field_reports") == 1)
            #expect(try await db.count("documents") == 2)
            // Without a photo the report still goes through.
            #expect(try await Reports.report(BrowserSession(api), ["latitude": "19.8080", "longitude": "105.7870"]).id != nil)
        }
    }
}
