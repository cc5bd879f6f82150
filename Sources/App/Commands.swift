import Domain
import Foundation
import Hummingbird
import HummingbirdBcrypt
import Logging
import Persistence

/// The `motcua` command line: `serve` (default), `migrate`, `seed`, `create-admin`.
public enum Commands {
    public static func run(_ arguments: [String]) async throws {
        let config = try AppConfig()
        var logger = Logger(label: "motcua")
        logger.logLevel = config.logLevel
        switch arguments.first ?? "serve" {
        case "serve":
            let app = try await buildApplication(config)
            try await app.runService()
        case "migrate":
            let database = try openDatabase(config, logger: logger)
            let applied = try await Migrator.migrate(database)
            print("migrations applied: \(applied)")
            await database.shutdown()
        case "seed":
            let database = try openDatabase(config, logger: logger)
            try await prepare(database, config: config, logger: logger)
            print("seeded")
            await database.shutdown()
        case "create-admin":
            guard arguments.count == 2, let password = ProcessInfo.processInfo.environment["ADMIN_PASSWORD"], password.count >= 12 else {
                throw ConfigError.invalid("create-admin", "motcua create-admin USERNAME with ADMIN_PASSWORD (12+ characters) in the environment")
            }
            let database = try openDatabase(config, logger: logger)
            try await prepare(database, config: config, logger: logger)
            guard let agency = try await SQLAgencyRepository(database: database).agencies(kind: .provincialCommittee).first else {
                throw ConfigError.invalid("agencies", "a provincial committee")
            }
            let hash = Bcrypt.hash(password, cost: UInt8(config.bcryptCost))
            _ = try await SQLAccountRepository(database: database).createOfficer(
                username: arguments[1].lowercased(), passwordHash: hash, fullName: arguments[1], agencyId: agency.id, roles: [.admin])
            print("administrator \(arguments[1].lowercased()) created")
            await database.shutdown()
        default:
            print("usage: motcua [serve | migrate | seed | create-admin USERNAME]")
            throw ConfigError.invalid("command", "serve | migrate | seed | create-admin")
        }
    }
}
