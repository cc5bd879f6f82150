import App
import Foundation
import TestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Production is the default: without its variables the platform refuses to start, naming each one;
/// with them it starts without any demo account, published secret or development route.
@Suite("Production mode")
struct ProductionModeTests {
    /// What a production installation sets (no demo, no sandbox gateway).
    static let production = [
        "MOTCUA_ENV": "production", "SIGNING_KEY_SECRET": "a-province-own-secret-0123456789",
        "PUBLIC_BASE_URL": "https://dichvucong.example.vn",
    ]

    @Test("with no variables the configuration is production and names every missing variable at once")
    func missingVariables() throws {
        let error = try #require(throws: ConfigError.self) { try AppConfig(environment: ["DATA_DIR": "/tmp/unused"]) }
        let message = error.description
        #expect(message.contains("SIGNING_KEY_SECRET"))
        #expect(message.contains("PUBLIC_BASE_URL"))
        #expect(message.contains("MOTCUA_ENV=development"))
    }

    @Test("published secrets and the sandbox gateway are refused in production")
    func publishedSecrets() throws {
        let published = Self.production.merging([
            "SIGNING_KEY_SECRET": "development-only-signing_key_secret", "PAYMENT_PROVIDER": "sandbox",
            "PUBLIC_BASE_URL": "http://dichvucong.example.vn",
        ]) { $1 }
        let error = try #require(throws: ConfigError.self) { try AppConfig(environment: published) }
        #expect(error.description.contains("SIGNING_KEY_SECRET"))
        #expect(error.description.contains("PAYMENT_PROVIDER"))
        #expect(error.description.contains("PUBLIC_BASE_URL"))
        let config = try AppConfig(environment: Self.production.merging(["DEMO_PASSWORD": "motcua2026"]) { $1 })
        #expect(config.demoPassword == nil)
    }

    @Test("VNPay: each missing key, and VNPay's published sandbox values, are refused in production")
    func vnpayKeys() throws {
        let missing = Self.production.merging(["PAYMENT_PROVIDER": "vnpay"]) { $1 }
        let error = try #require(throws: ConfigError.self) { try AppConfig(environment: missing) }
        for key in ["VNPAY_URL", "VNPAY_API_URL", "VNPAY_TMN_CODE", "VNPAY_HASH_SECRET"] { #expect(error.description.contains(key)) }
        let sandbox = missing.merging([
            "VNPAY_URL": "https://sandbox.vnpayment.vn/paymentv2/vpcpay.html",
            "VNPAY_API_URL": "https://sandbox.vnpayment.vn/merchant_webapi/api/transaction", "VNPAY_TMN_CODE": "DEMOV210",
            "VNPAY_HASH_SECRET": "a-real-looking-secret-0123456789",
        ]) { $1 }
        let published = try #require(throws: ConfigError.self) { try AppConfig(environment: sandbox) }
        for key in ["VNPAY_URL", "VNPAY_API_URL", "VNPAY_TMN_CODE"] { #expect(published.description.contains(key)) }
        #expect(!published.description.contains("VNPAY_HASH_SECRET"))
        let real = sandbox.merging([
            "VNPAY_URL": "https://pay.vnpay.vn/vpcpay.html", "VNPAY_API_URL": "https://merchant.vnpay.vn/merchant_webapi/api/transaction",
            "VNPAY_TMN_CODE": "THANHHOA",
        ]) { $1 }
        let config = try AppConfig(environment: real)
        #expect(config.paymentProvider == .vnpay)
        #expect(config.vnpay?.tmnCode == "THANHHOA")
        // In development the sandbox is accepted (to test against VNPay's own sandbox first).
        let development = try AppConfig(environment: sandbox.merging(["MOTCUA_ENV": "development"]) { $1 })
        #expect(development.vnpay?.payURL == "https://sandbox.vnpayment.vn/paymentv2/vpcpay.html")
    }

    @Test("`motcua serve` with no variables exits with one message naming each missing variable")
    func binaryRefuses() throws {
        let binary = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent(".build/debug/motcua")
        #expect(FileManager.default.isExecutableFile(atPath: binary.path), "build the motcua product first")
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("motcua-bare-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let process = Process()
        process.executableURL = binary
        process.arguments = ["serve"]
        process.currentDirectoryURL = folder
        process.environment = ["PATH": "/usr/bin:/bin", "PORT": "0"]
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = Pipe()
        try process.run()
        let deadline = Date().addingTimeInterval(30)
        while process.isRunning && Date() < deadline { usleep(100_000) }
        let stillRunning = process.isRunning
        if stillRunning { process.terminate() }
        process.waitUntilExit()
        #expect(!stillRunning, "the server started in development with its demo accounts")
        let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(process.terminationStatus == 1)
        #expect(message.contains("SIGNING_KEY_SECRET") && message.contains("PUBLIC_BASE_URL"), "\(message)")
        #expect(!message.contains("Fatal error"), "\(message)")
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("data/motcua.sqlite").path))
    }

    @Test("production starts on a fresh database: no demo officer, no Open311 demo key, no development route", arguments: Backend.available)
    func startsWithoutDemo(_ backend: Backend) async throws {
        try await withApp(backend, extraEnvironment: Self.production) { api, db in
            #expect(try await api.request(.get, "/healthz").status == .ok)
            #expect(try await db.count("officers") == 0)
            #expect(try await db.count("open311_keys") == 0)
            let login = try await api.request(.post, "/api/v1/session", json: ["username": "quantri", "password": "motcua2026"])
            #expect(login.status == .unauthorized)
            #expect(try await api.request(.get, "/dev/messages").status == .notFound)
            #expect(try await api.request(.get, "/sandbox-pay/checkout?order=X").status == .notFound)
            #expect(try await api.request(.post, "/api/v1/payments/sandbox/callback", json: ["order": "X"]).status == .notFound)
            let open311 = try await api.request(.get, "/open311/v2/services.json?api_key=motcua-dev-open311-key")
            #expect(open311.status != .internalServerError)
        }
    }

    @Test("production refuses a database that holds demo rows, naming them", arguments: Backend.available)
    func refusesDemoRows(_ backend: Backend) async throws {
        let database = try await TestDatabase.make(backend)
        do {
            try await withApp(backend, database: database) { api, _ in
                let mailbox = try await api.request(.get, "/dev/messages")
                #expect(mailbox.status == .ok)
            }
            let config = try AppConfig(environment: database.environment.merging(Self.production) { $1 })
            let error = try await #require(throws: (any Error).self) { try await buildPlatform(config).close() }
            let message = "\(error)"
            #expect(message.contains("quantri"), "\(message)")
            #expect(message.contains("Open311"), "\(message)")
        } catch {
            await database.destroy()
            throw error
        }
        await database.destroy()
    }
}
