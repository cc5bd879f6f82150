import App
import Foundation
import TestSupport
import Testing

/// `DATABASE_READ_URL`: the dashboards read their aggregates through a pool of their own on the
/// replica (here the same server, since a standby needs a second cluster), with the same figures.
@Suite("Read replica")
struct ReadReplicaTests {
    @Test("the dashboards read through the replica's pool (application_name 'motcua read') with the primary's figures")
    func dashboardsOnReplica() async throws {
        guard let url = Backend.postgresURL else { return }
        try await withApp(.postgres, extraEnvironment: ["DATABASE_READ_URL": url]) { api, db in
            let admin = try await api.login("quantri")
            let desk = try await api.login("tiepnhan.hacthanh")
            _ = try await api.receive(desk, Fixtures.receipt("1.000689", commune: "14797"))
            let dashboard = try await api.request(.get, "/api/v1/statistics/dashboard", token: admin)
            #expect(dashboard.status == .ok)
            #expect(dashboard.json[path: "scope.kind"] as? String == "province")
            let database = try db.open()
            let readers = try await database.read { sql in
                try await sql.raw("SELECT COUNT(*) AS n FROM pg_stat_activity WHERE application_name = 'motcua read'").first()?
                    .decode(column: "n", as: Int.self) ?? 0
            }
            await database.shutdown()
            #expect(readers > 0)
        }
    }

    @Test("a read URL is refused without a primary on PostgreSQL, or when it is not postgres://")
    func refused() throws {
        let base = ["MOTCUA_ENV": "development", "DATA_DIR": "/tmp/unused"]
        #expect(throws: ConfigError.self) { try AppConfig(environment: base.merging(["DATABASE_READ_URL": "postgres://a@b/c"]) { $1 }) }
        let primary = base.merging(["DATABASE_URL": "postgres://a@b/c"]) { $1 }
        #expect(throws: ConfigError.self) { try AppConfig(environment: primary.merging(["DATABASE_READ_URL": "mysql://a@b/c"]) { $1 }) }
        #expect(try AppConfig(environment: primary.merging(["DATABASE_READ_URL": "postgres://a@standby/c"]) { $1 }).databaseReadURL != nil)
    }
}
