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
            let database = try db.open()
            let id = try await database.read { sql in
                try await sql.raw("SELECT id FROM documents WHERE sha256 = \(bind: hash)").first()?.decode(column: "id", as: Int64.self)
            }
            await database.shutdown()
            let document = try #require(id)
            try await withApp(.postgres, database: db, extraEnvironment: ["DATA_DIR": other.path]) { api, _ in
                let answer = try await api.request(.get, "/tai-lieu/\(document)", token: try await api.login("tiepnhan.hacthanh"))
                #expect(answer.status == .ok)
                #expect(answer.bytes.count == file.count)
                #expect(answer.bytes == file)
            }
        } catch {
            await db.destroy()
            throw error
        }
        await db.destroy()
    }
}
