import App
import Domain
import Foundation
import Logging
import Persistence
import SQLKit
import TestSupport
import Testing

/// `motcua audit verify`: the chain of 10,000 lines written concurrently holds, anchors are signed,
/// and an edit made directly in the database is found.
@Suite("Audit verify")
struct AuditVerifyTests {
    @Test("10,000 lines appended concurrently verify; a line edited in the database is reported", arguments: Backend.available)
    func verifyAndTamper(_ backend: Backend) async throws {
        try await withApp(backend) { api, db in
            _ = try await api.login("tiepnhan.hacthanh")
            let config = try AppConfig(environment: db.environment)
            let logger = Logger(label: "test")
            // Two databases stand for two instances appending at once, four writers each. The same
            // lines inserted without the chain (into a scratch table) give the cost of the chain.
            let instances = [try db.open(), try db.open()]
            try await instances[0].transaction {
                try await $0.raw("CREATE TABLE audit_scratch (at BIGINT, actor TEXT, action TEXT, target TEXT, detail TEXT)").run()
            }
            let plain = try await Self.timed(instances) { database, entry in
                try await database.transaction {
                    try await $0.raw(
                        """
                        INSERT INTO audit_scratch (at, actor, action, target, detail) VALUES (0, \(bind: entry.actor),
                            \(bind: entry.action), \(bind: entry.target), \(bind: entry.detail))
                        """
                    ).run()
                }
            }
            let chained = try await Self.timed(instances) { database, entry in try await SQLAuditLog(database: database).record(entry) }
            print(
                "audit chain [\(backend)]: 10,000 appends by 8 writers: \(Int(10_000 / plain)) lines/s unchained, "
                    + "\(Int(10_000 / chained)) lines/s chained")
            #expect(try await AuditCommands.anchor(config, period: 1, logger: logger))
            #expect(try await AuditCommands.anchor(config, period: 1, logger: logger) == false)  // the period is taken
            let intact = try await AuditCommands.verify(config, logger: logger)
            #expect(intact.isIntact)
            // The anchor worker anchors the current period too.
            #expect(intact.lines >= 10_001 && intact.anchors >= 1)
            #expect(intact.summary == "OK: \(intact.lines) lines, \(intact.anchors) anchors")

            // The table's owner edits one line, bypassing the append-only trigger.
            let database = instances[0]
            let victim = try #require(
                try await database.read {
                    try await $0.raw("SELECT id FROM audit_log WHERE seq = 5000").first()?.decode(column: "id", as: Int64.self)
                })
            try await database.transaction { sql in
                if backend == .postgres {
                    try await sql.raw("ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only").run()
                } else {
                    try await sql.raw("DROP TRIGGER audit_log_no_update").run()
                }
                try await sql.raw("UPDATE audit_log SET detail = 'edited' WHERE id = \(bind: victim)").run()
            }
            let broken = try await AuditCommands.verify(config, logger: logger)
            #expect(broken.brokenLine == victim)
            #expect(broken.summary == "BROKEN: audit line \(victim) does not match the chain")
            for instance in instances { await instance.shutdown() }
        }
    }

    /// Seconds taken by 8 writers (4 on each database) writing 1,250 lines each with `write`.
    static func timed(
        _ instances: [Database], _ write: @escaping @Sendable (Database, AuditEntry) async throws -> Void
    ) async throws -> Double {
        let started = Date()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for writer in 0..<8 {
                let database = instances[writer % 2]
                group.addTask {
                    for n in 0..<1250 {
                        try await write(
                            database,
                            AuditEntry(actor: "writer\(writer)", action: "test.event", target: String(n), detail: "|~:", at: Date()))
                    }
                }
            }
            try await group.waitForAll()
        }
        return Date().timeIntervalSince(started)
    }

    @Test("create-admin is audited as done from the command line", arguments: Backend.available)
    func createAdminAudited(_ backend: Backend) async throws {
        try await withApp(backend) { _, db in
            let config = try AppConfig(environment: db.environment)
            let name = try await Commands.createAdmin(
                config, username: "QuanTri2", password: "mot-mat-khau-dai", logger: Logger(label: "t"))
            #expect(name == "quantri2")
            let database = try db.open()
            let row = try await database.read {
                try await $0.raw("SELECT actor, target FROM audit_log WHERE action = 'officer.create'").first()
            }
            await database.shutdown()
            #expect(try row?.decode(column: "actor", as: String.self) == "cli")
            #expect(try row?.decode(column: "target", as: String.self) == "quantri2")
        }
    }
}
