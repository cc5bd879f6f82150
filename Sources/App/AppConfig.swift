import Configuration
import Foundation
import Logging
import Web

/// The platform's configuration, read from the environment. Every key is documented in
/// `docs/configuration.md`.
public struct AppConfig: Sendable {
    /// `development` seeds demo officers and allows plain-HTTP cookies; `production` does neither.
    public enum Mode: String, Sendable { case development, production }

    public var mode: Mode
    public var host: String
    public var port: Int
    public var dataDirectory: String
    /// `postgres://...` to run on PostgreSQL; empty for the embedded SQLite file in the data folder.
    public var databaseURL: String?
    /// PostgreSQL schema to work in (the tests isolate each run in its own).
    public var databaseSchema: String?
    /// PostgreSQL connections per event loop (one event loop per core).
    public var databasePoolSize: Int
    public var sessionHours: Int
    public var secureCookies: Bool
    public var maxBodyBytes: Int
    public var maxImportBytes: Int
    public var loginMaxFailures: Int
    public var loginWindowSeconds: Int
    public var bcryptCost: Int
    public var metricsToken: String?
    /// Largest uploaded file (default 10 MB).
    public var maxUploadBytes: Int
    /// How long a citizen account stays locked after too many wrong passwords.
    public var citizenLockSeconds: Int
    /// The platform's public address, without a trailing slash.
    public var publicBaseURL: String?
    /// Name of the provincial certificate authority (organisation of every agency certificate).
    public var signingAuthorityName: String
    /// Secret that seals the signing keys in the database.
    public var signingKeySecret: String
    /// Secret shared with the sandbox payment gateway (HMAC of orders and notices).
    public var paymentSandboxSecret: String
    /// HTTP endpoints of the SMS and e-mail gateways; without them messages go to the development mailbox.
    public var smsWebhookURL: URL?
    public var emailWebhookURL: URL?
    public var notifyWebhookToken: String?
    /// Seconds between two passes of the notification worker.
    public var outboxPollSeconds: Int
    /// Working days after an answer during which the reporter may reopen a field report.
    public var reportReopenDays: Int
    /// Distance within which an open report of the same category is offered as a duplicate.
    public var reportDuplicateMetres: Double
    /// Field reports one client address may send through the web form per hour.
    public var reportsPerHour: Int
    /// Proxies whose `X-Forwarded-For` is believed (`TRUSTED_PROXIES`, CIDR blocks; none by default).
    public var trustedProxies: TrustedProxies
    /// Tracking and result-verification lookups one client address may make per hour.
    public var lookupsPerHour: Int
    /// Citizen registrations one client address may attempt per hour.
    public var registrationsPerHour: Int
    /// Requests per minute of one client address without a session (0: no general limit).
    public var requestsPerMinute: Int
    /// Minutes between two passes of the escalation of overdue field reports.
    public var reportEscalationMinutes: Int
    /// Seconds between two passes of the statistics projector (dashboard freshness).
    public var statisticsPollSeconds: Int
    /// How long a hole in a history's ids may stay before it is taken as a rolled-back insert.
    public var statisticsGapSeconds: Int
    /// Password of the demo officers (development mode only).
    public var demoPassword: String?
    public var logLevel: Logger.Level

    /// Reads the configuration from `environment` (the process environment by default).
    public init(environment: [String: String] = ProcessInfo.processInfo.environment) throws {
        let config = ConfigReader(
            provider: EnvironmentVariablesProvider(
                environmentVariables: environment,
                secretsSpecifier: .specific([
                    "DATABASE_URL", "METRICS_TOKEN", "DEMO_PASSWORD", "ADMIN_PASSWORD", "SIGNING_KEY_SECRET", "PAYMENT_SANDBOX_SECRET",
                    "NOTIFY_WEBHOOK_TOKEN",
                ])))
        guard let mode = Mode(rawValue: config.string(forKey: ["motcua", "env"], default: "development")) else {
            throw ConfigError.invalid("MOTCUA_ENV", "development | production")
        }
        self.mode = mode
        host = config.string(forKey: ["host"], default: "127.0.0.1")
        port = config.int(forKey: ["port"], default: 8080)
        guard (0...65535).contains(port) else { throw ConfigError.invalid("PORT", "0-65535 (0 picks a free port)") }
        dataDirectory = config.string(forKey: ["data", "dir"], default: "./data")
        databaseURL = config.string(forKey: ["database", "url"], isSecret: true).flatMap { $0.isEmpty ? nil : $0 }
        if let url = databaseURL, !(url.hasPrefix("postgres://") || url.hasPrefix("postgresql://")) {
            throw ConfigError.invalid("DATABASE_URL", "postgres://user:password@host:port/database")
        }
        databaseSchema = config.string(forKey: ["database", "schema"])
        databasePoolSize = config.int(forKey: ["database", "pool", "size"], default: 8)
        guard (1...100).contains(databasePoolSize) else { throw ConfigError.invalid("DATABASE_POOL_SIZE", "1-100") }
        sessionHours = config.int(forKey: ["session", "hours"], default: 8)
        secureCookies = config.bool(forKey: ["secure", "cookies"], default: mode == .production)
        maxBodyBytes = config.int(forKey: ["max", "body", "bytes"], default: 1 << 20)
        maxImportBytes = config.int(forKey: ["max", "import", "bytes"], default: 10 << 20)
        guard maxBodyBytes >= 1024, maxImportBytes >= 1024 else {
            throw ConfigError.invalid("MAX_BODY_BYTES / MAX_IMPORT_BYTES", "at least 1024")
        }
        loginMaxFailures = config.int(forKey: ["login", "max", "failures"], default: 5)
        loginWindowSeconds = config.int(forKey: ["login", "window", "seconds"], default: 900)
        bcryptCost = config.int(forKey: ["bcrypt", "cost"], default: 12)
        guard (4...31).contains(bcryptCost) else { throw ConfigError.invalid("BCRYPT_COST", "4-31") }
        metricsToken = config.string(forKey: ["metrics", "token"], isSecret: true)
        maxUploadBytes = config.int(forKey: ["max", "upload", "bytes"], default: 10 << 20)
        guard maxUploadBytes >= 1024 else { throw ConfigError.invalid("MAX_UPLOAD_BYTES", "at least 1024") }
        citizenLockSeconds = config.int(forKey: ["citizen", "lock", "seconds"], default: 900)
        func secret(_ key: [String], _ name: String) throws -> String {
            if let value = config.string(forKey: ConfigKey(key), isSecret: true), value.count >= 16 { return value }
            guard mode == .development else {
                throw ConfigError.invalid(name, "a secret of at least 16 characters (required in production)")
            }
            return "development-only-\(name.lowercased())"
        }
        publicBaseURL = config.string(forKey: ["public", "base", "url"]).map { $0.hasSuffix("/") ? String($0.dropLast()) : $0 }
        if let url = publicBaseURL, !(url.hasPrefix("http://") || url.hasPrefix("https://")) {
            throw ConfigError.invalid("PUBLIC_BASE_URL", "http(s)://host[:port]")
        }
        signingAuthorityName = config.string(forKey: ["signing", "authority", "name"], default: "UBND tỉnh Thanh Hóa")
        signingKeySecret = try secret(["signing", "key", "secret"], "SIGNING_KEY_SECRET")
        paymentSandboxSecret = try secret(["payment", "sandbox", "secret"], "PAYMENT_SANDBOX_SECRET")
        smsWebhookURL = config.string(forKey: ["notify", "sms", "webhook", "url"]).flatMap(URL.init(string:))
        emailWebhookURL = config.string(forKey: ["notify", "email", "webhook", "url"]).flatMap(URL.init(string:))
        notifyWebhookToken = config.string(forKey: ["notify", "webhook", "token"], isSecret: true)
        outboxPollSeconds = max(1, config.int(forKey: ["outbox", "poll", "seconds"], default: 2))
        reportReopenDays = config.int(forKey: ["report", "reopen", "days"], default: 7)
        reportDuplicateMetres = config.double(forKey: ["report", "duplicate", "metres"], default: 50)
        reportEscalationMinutes = max(1, config.int(forKey: ["report", "escalation", "minutes"], default: 15))
        reportsPerHour = max(1, config.int(forKey: ["reports", "per", "hour"], default: 20))
        guard let proxies = TrustedProxies(list: config.string(forKey: ["trusted", "proxies"], default: "")) else {
            throw ConfigError.invalid("TRUSTED_PROXIES", "comma-separated CIDR blocks, such as 10.0.0.0/8,fd00::/8")
        }
        trustedProxies = proxies
        lookupsPerHour = max(1, config.int(forKey: ["rate", "limit", "lookups", "per", "hour"], default: 120))
        registrationsPerHour = max(1, config.int(forKey: ["rate", "limit", "registrations", "per", "hour"], default: 10))
        requestsPerMinute = max(0, config.int(forKey: ["rate", "limit", "requests", "per", "minute"], default: 600))
        statisticsPollSeconds = max(1, config.int(forKey: ["statistics", "poll", "seconds"], default: 5))
        statisticsGapSeconds = max(1, config.int(forKey: ["statistics", "gap", "seconds"], default: 60))
        guard (0...365).contains(reportReopenDays), (0...10_000).contains(reportDuplicateMetres) else {
            throw ConfigError.invalid("REPORT_REOPEN_DAYS / REPORT_DUPLICATE_METRES", "0-365 days, 0-10000 metres")
        }
        let demo = config.string(forKey: ["demo", "password"], isSecret: true)
        demoPassword = mode == .development ? (demo ?? "motcua2026") : nil
        logLevel = Logger.Level(rawValue: config.string(forKey: ["log", "level"], default: "info")) ?? .info
    }

    /// The SQLite file used when no `DATABASE_URL` is given.
    public var sqlitePath: String { URL(fileURLWithPath: dataDirectory).appendingPathComponent("motcua.sqlite").path }
}

/// A configuration value that cannot be used, with what would be valid.
public enum ConfigError: Error, CustomStringConvertible {
    case invalid(String, String)
    public var description: String {
        switch self {
        case .invalid(let key, let expected): "invalid \(key): expected \(expected)"
        }
    }
}
