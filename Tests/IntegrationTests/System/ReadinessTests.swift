import App
import Foundation
import SQLKit
import TestSupport
import Testing

/// `/readyz`: 200 while the database answers and its migrations are exactly the binary's; 503
/// otherwise; never rate-limited, like `/healthz`.
@Suite("Readiness")
struct ReadinessTests {
    @Test("readyz is 200 on a current schema, 503 naming migrations when the schema is not the binary's", arguments: Backend.available)
    func readiness(_ backend: Backend) async throws {
        try await withApp(backend, extraEnvironment: ["RATE_LIMIT_REQUESTS_PER_MINUTE": "2"]) { api, db in
            for _ in 0..<5 {
                let ready = try await api.request(.get, "/readyz")
                #expect(ready.status == .ok, "\(ready.status) \(ready.text)")
                #expect(ready.json["status"] as? String == "ok")
            }
            let database = try db.open()
            try await database.transaction { sql in
                try await sql.raw("INSERT INTO schema_migrations (version, name, applied_at) VALUES (9999, 'from a newer binary', 0)").run()
            }
            await database.shutdown()
            let stale = try await api.request(.get, "/readyz")
            #expect(stale.status == .serviceUnavailable)
            #expect(stale.json["status"] as? String == "unavailable" && stale.json["reason"] as? String == "migrations", "\(stale.text)")
            #expect(try await api.request(.get, "/healthz").status == .ok)
        }
    }

    @Test("the shutdown delay and grace are read, and a delay not below the grace is refused, naming both keys")
    func shutdownSettings() throws {
        let base = ["MOTCUA_ENV": "development", "DATA_DIR": "/tmp/unused"]
        let defaults = try AppConfig(environment: base)
        #expect(defaults.shutdownDelaySeconds == 0 && defaults.shutdownGraceSeconds == 20)
        let error = try #require(throws: ConfigError.self) {
            try AppConfig(environment: base.merging(["SHUTDOWN_DELAY_SECONDS": "30", "SHUTDOWN_GRACE_SECONDS": "20"]) { $1 })
        }
        #expect(error.description.contains("SHUTDOWN_DELAY_SECONDS") && error.description.contains("SHUTDOWN_GRACE_SECONDS"))
    }
}
