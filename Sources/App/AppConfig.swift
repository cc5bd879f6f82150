import Configuration
import Domain
import Foundation
import Logging
import Persistence
import Web

/// The platform's configuration, read from the environment. Every key is documented in
/// `docs/configuration.md`.
public struct AppConfig: Sendable {
    /// `production` (the default) refuses to start without its secrets or with demo rows in the
    /// database; `development` (asked for explicitly, as `scripts/run.sh` does) seeds the demo officers,
    /// allows plain-HTTP cookies and mounts the development routes.
    public enum Mode: String, Sendable { case development, production }
    /// The payment gateway: `vnpay`, `sandbox` (development only) or `none` (fees are paid at the counter).
    public enum PaymentProviderKind: String, Sendable { case none, sandbox, vnpay }
    /// The store of uploaded files and signed results.
    public enum BlobStoreKind: String, Sendable { case database, directory }

    public var mode: Mode
    public var host: String
    public var port: Int
    public var dataDirectory: String
    /// `postgres://...` to run on PostgreSQL; empty for the embedded SQLite file in the data folder.
    public var databaseURL: String?
    /// `postgres://...` of a read replica (a streaming standby) for the dashboards' reads; nil reads the primary.
    public var databaseReadURL: String?
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
    /// The window over which identical refusals share one audit line (default 300 s).
    public var auditRefusalWindowSeconds: Int
    /// The period of the signed anchors of the audit chain (default one hour).
    public var auditAnchorSeconds: Int
    public var bcryptCost: Int
    public var metricsToken: String?
    /// Largest uploaded file (default 10 MB).
    public var maxUploadBytes: Int
    /// The platform's public address, without a trailing slash.
    public var publicBaseURL: String?
    /// Name of the provincial certificate authority (organisation of every agency certificate).
    public var signingAuthorityName: String
    /// Secret that seals the signing keys in the database.
    public var signingKeySecret: String
    /// Secret shared with the sandbox payment gateway (HMAC of orders and notices).
    public var paymentSandboxSecret: String
    /// The payment gateway in use; `none` in production until a real provider is configured.
    public var paymentProvider: PaymentProviderKind
    /// Minutes a payment order may be paid after it was opened.
    public var paymentOrderMinutes: Int
    /// The VNPay connection when `paymentProvider` is `vnpay`.
    public var vnpay: VNPaySettings?
    /// The national public-service portal: status sync and inbound dossiers (`NATIONAL_PORTAL_*`).
    public var nationalPortal: NationalPortalSettings
    /// The exchange of documents with other systems (`EXCHANGE_*`).
    public var documentExchange: DocumentExchangeSettings
    /// The OpenID Connect provider (VNeID) citizens sign in with; nil when `OIDC_ISSUER` is not set.
    public var openID: OpenIDSettings?
    /// Whether citizens may register and log in with a password (`LOCAL_PASSWORD_SIGNIN`, default true).
    public var localPasswordSignIn: Bool
    /// HTTP endpoints of the SMS and e-mail gateways; without them messages go to the development mailbox.
    public var smsWebhookURL: URL?
    public var emailWebhookURL: URL?
    public var notifyWebhookToken: String?
    /// Seconds between two passes of the notification worker.
    public var outboxPollSeconds: Int
    /// Seconds an instance holds the outbox messages it claimed for a pass (then another may send them).
    public var outboxLeaseSeconds: Int
    /// Working days after an answer during which the reporter may reopen a field report.
    public var reportReopenDays: Int
    /// Distance within which an open report of the same category is offered as a duplicate.
    public var reportDuplicateMetres: Double
    /// Field reports one client address may send through the web form per hour.
    public var reportsPerHour: Int
    /// Working days before an assigned official document's deadline when its lead unit is reminded (0: never).
    public var documentReminderDays: Int
    /// The lead unit's mailbox for those reminders, `{agency}` standing for its short name (empty: no reminders).
    public var documentReminderMailbox: String
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
    /// A citizen's document store: files and bytes of their own uploads.
    public var citizenStoreMaxFiles: Int
    public var citizenStoreMaxBytes: Int
    /// Photos one client address may send with field reports through the web form per hour and per day.
    public var reportPhotosPerHour: Int
    public var reportPhotosPerDay: Int
    /// Blobs no row references are deleted once older than this grace period, by a pass every `blobSweepMinutes`.
    public var blobSweepGraceHours: Int
    public var blobSweepMinutes: Int
    /// Where files are kept: `database` (shared by every instance; PostgreSQL only, its default) or
    /// `directory` (SQLite's default), in `blobDirectory` (`DATA_DIR/blobs` unless a shared mount is given).
    public var blobStore: BlobStoreKind
    public var blobDirectory: String
    /// Seconds between two passes of the statistics projector (dashboard freshness).
    public var statisticsPollSeconds: Int
    /// How long a hole in a history's ids may stay before it is taken as a rolled-back insert.
    public var statisticsGapSeconds: Int
    /// Seconds between two checks of `cache_versions` (drops caches another instance changed, when no
    /// notification came), and whether to hear those notifications at once on PostgreSQL (`LISTEN`).
    public var cacheCheckSeconds: Int
    public var cacheListen: Bool
    /// Roles whose officers must log in with a second factor (TOTP): administrators and leaders in
    /// production, none in development.
    public var totpRequiredRoles: Set<Role>
    /// Longest wait the login back-off imposes on an account after repeated failures.
    public var loginBackoffMaxSeconds: Int
    /// Password of the demo officers (development mode only).
    public var demoPassword: String?
    public var logLevel: Logger.Level
    /// SQLite's `synchronous` level (`FULL` unless `SQLITE_SYNCHRONOUS` says otherwise).
    public var sqliteSynchronous: Database.SQLiteSynchronous
    /// On SIGTERM or SIGINT: seconds `/readyz` answers 503 while requests are still served, before the listener closes.
    public var shutdownDelaySeconds: Int
    /// On SIGTERM or SIGINT: the longest the whole drain (the delay, in-flight requests, the workers' current pass) may take.
    public var shutdownGraceSeconds: Int

    /// Reads the configuration from `environment` (the process environment by default).
    public init(environment: [String: String] = ProcessInfo.processInfo.environment) throws {
        let config = ConfigReader(
            provider: EnvironmentVariablesProvider(
                environmentVariables: environment,
                secretsSpecifier: .specific([
                    "DATABASE_URL", "METRICS_TOKEN", "DEMO_PASSWORD", "ADMIN_PASSWORD", "SIGNING_KEY_SECRET", "PAYMENT_SANDBOX_SECRET",
                    "NOTIFY_WEBHOOK_TOKEN", "VNPAY_HASH_SECRET", "OIDC_CLIENT_SECRET",
                ])))
        guard let mode = Mode(rawValue: config.string(forKey: ["motcua", "env"], default: "production")) else {
            throw ConfigError.invalid("MOTCUA_ENV", "development | production")
        }
        self.mode = mode
        // Production's requirements are collected and reported together, each variable by name.
        var problems: [String] = []
        host = config.string(forKey: ["host"], default: "127.0.0.1")
        port = config.int(forKey: ["port"], default: 8080)
        guard (0...65535).contains(port) else { throw ConfigError.invalid("PORT", "0-65535 (0 picks a free port)") }
        dataDirectory = config.string(forKey: ["data", "dir"], default: "./data")
        databaseURL = config.string(forKey: ["database", "url"], isSecret: true).flatMap { $0.isEmpty ? nil : $0 }
        if let url = databaseURL, !(url.hasPrefix("postgres://") || url.hasPrefix("postgresql://")) {
            throw ConfigError.invalid("DATABASE_URL", "postgres://user:password@host:port/database")
        }
        databaseReadURL = config.string(forKey: ["database", "read", "url"], isSecret: true).flatMap { $0.isEmpty ? nil : $0 }
        if let url = databaseReadURL, databaseURL == nil || !(url.hasPrefix("postgres://") || url.hasPrefix("postgresql://")) {
            throw ConfigError.invalid("DATABASE_READ_URL", "postgres://user:password@standby:port/database, beside a DATABASE_URL")
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
        auditRefusalWindowSeconds = config.int(forKey: ["audit", "refusal", "window", "seconds"], default: 300)
        auditAnchorSeconds = config.int(forKey: ["audit", "anchor", "seconds"], default: 3600)
        guard auditRefusalWindowSeconds >= 1, auditAnchorSeconds >= 1 else {
            throw ConfigError.invalid("AUDIT_REFUSAL_WINDOW_SECONDS / AUDIT_ANCHOR_SECONDS", "at least 1")
        }
        bcryptCost = config.int(forKey: ["bcrypt", "cost"], default: 12)
        guard (4...31).contains(bcryptCost) else { throw ConfigError.invalid("BCRYPT_COST", "4-31") }
        metricsToken = config.string(forKey: ["metrics", "token"], isSecret: true)
        maxUploadBytes = config.int(forKey: ["max", "upload", "bytes"], default: 10 << 20)
        guard maxUploadBytes >= 1024 else { throw ConfigError.invalid("MAX_UPLOAD_BYTES", "at least 1024") }
        func secret(_ key: [String], _ name: String) -> String {
            let value = config.string(forKey: ConfigKey(key), isSecret: true)
            if let value, value.count >= 16, mode == .development || !value.hasPrefix(Self.developmentSecretPrefix) { return value }
            if mode == .production {
                problems.append("\(name): a secret of at least 16 characters, not a published development value")
            }
            return Self.developmentSecretPrefix + name.lowercased()
        }
        publicBaseURL = config.string(forKey: ["public", "base", "url"]).map { $0.hasSuffix("/") ? String($0.dropLast()) : $0 }
        if let url = publicBaseURL, !(url.hasPrefix("http://") || url.hasPrefix("https://")) {
            problems.append("PUBLIC_BASE_URL: http(s)://host[:port]")
        } else if mode == .production, publicBaseURL?.hasPrefix("https://") != true {
            problems.append("PUBLIC_BASE_URL: the platform's public https:// address (payment callbacks and links are built from it)")
        }
        signingAuthorityName = config.string(forKey: ["signing", "authority", "name"], default: "UBND tỉnh Thanh Hóa")
        signingKeySecret = secret(["signing", "key", "secret"], "SIGNING_KEY_SECRET")
        let provider = config.string(forKey: ["payment", "provider"], default: mode == .development ? "sandbox" : "none")
        paymentProvider = PaymentProviderKind(rawValue: provider) ?? PaymentProviderKind.none
        if PaymentProviderKind(rawValue: provider) == nil {
            problems.append("PAYMENT_PROVIDER: none | sandbox | vnpay")
        } else if mode == .production, paymentProvider == .sandbox {
            problems.append("PAYMENT_PROVIDER: the sandbox gateway signs its own notices and is refused in production (use none)")
        }
        paymentSandboxSecret = paymentProvider == .sandbox ? secret(["payment", "sandbox", "secret"], "PAYMENT_SANDBOX_SECRET") : ""
        paymentOrderMinutes = config.int(forKey: ["payment", "order", "minutes"], default: 15)
        if !(1...1440).contains(paymentOrderMinutes) { problems.append("PAYMENT_ORDER_MINUTES: 1-1440") }
        vnpay = paymentProvider == .vnpay ? VNPaySettings(config, production: mode == .production, problems: &problems) : nil
        nationalPortal = NationalPortalSettings(config, production: mode == .production, problems: &problems)
        documentExchange = DocumentExchangeSettings(config, problems: &problems)
        openID = OpenIDConfig.read(config, production: mode == .production, problems: &problems)
        localPasswordSignIn = config.bool(forKey: ["local", "password", "signin"], default: true)
        if !localPasswordSignIn && openID == nil {
            problems.append("LOCAL_PASSWORD_SIGNIN=false: citizens could not sign in at all without OIDC_ISSUER")
        }
        smsWebhookURL = config.string(forKey: ["notify", "sms", "webhook", "url"]).flatMap(URL.init(string:))
        emailWebhookURL = config.string(forKey: ["notify", "email", "webhook", "url"]).flatMap(URL.init(string:))
        notifyWebhookToken = config.string(forKey: ["notify", "webhook", "token"], isSecret: true)
        outboxPollSeconds = max(1, config.int(forKey: ["outbox", "poll", "seconds"], default: 2))
        outboxLeaseSeconds = config.int(forKey: ["outbox", "lease", "seconds"], default: 300)
        if !(30...86_400).contains(outboxLeaseSeconds) { problems.append("OUTBOX_LEASE_SECONDS: 30-86400") }
        reportReopenDays = config.int(forKey: ["report", "reopen", "days"], default: 7)
        reportDuplicateMetres = config.double(forKey: ["report", "duplicate", "metres"], default: 50)
        reportEscalationMinutes = max(1, config.int(forKey: ["report", "escalation", "minutes"], default: 15))
        reportsPerHour = max(1, config.int(forKey: ["reports", "per", "hour"], default: 20))
        documentReminderDays = config.int(forKey: ["document", "reminder", "days"], default: 2)
        if !(0...30).contains(documentReminderDays) { problems.append("DOCUMENT_REMINDER_DAYS: 0-30") }
        documentReminderMailbox = config.string(forKey: ["document", "reminder", "mailbox"], default: "")
        if !documentReminderMailbox.isEmpty && !documentReminderMailbox.contains("@") {
            problems.append("DOCUMENT_REMINDER_MAILBOX: an e-mail address, {agency} standing for the unit")
        }
        citizenStoreMaxFiles = config.int(forKey: ["citizen", "store", "max", "files"], default: 200)
        citizenStoreMaxBytes = config.int(forKey: ["citizen", "store", "max", "bytes"], default: 200 << 20)
        reportPhotosPerHour = config.int(forKey: ["report", "photos", "per", "hour"], default: 30)
        reportPhotosPerDay = config.int(forKey: ["report", "photos", "per", "day"], default: 100)
        blobSweepGraceHours = config.int(forKey: ["blob", "sweep", "grace", "hours"], default: 24)
        blobSweepMinutes = config.int(forKey: ["blob", "sweep", "minutes"], default: 360)
        let store = BlobStoreKind(
            rawValue: config.string(forKey: ["blob", "store"], default: databaseURL == nil ? "directory" : "database"))
        guard let store, store == .directory || databaseURL != nil else {
            throw ConfigError.invalid("BLOB_STORE", "directory | database (database needs PostgreSQL: DATABASE_URL)")
        }
        blobStore = store
        blobDirectory = config.string(
            forKey: ["blob", "directory"], default: URL(fileURLWithPath: dataDirectory).appendingPathComponent("blobs").path)
        guard citizenStoreMaxFiles >= 1, citizenStoreMaxBytes >= 1, reportPhotosPerHour >= 1, reportPhotosPerDay >= 1 else {
            throw ConfigError.invalid("CITIZEN_STORE_MAX_FILES / _BYTES, REPORT_PHOTOS_PER_HOUR / _DAY", "at least 1")
        }
        guard blobSweepGraceHours >= 1, blobSweepMinutes >= 1 else {
            throw ConfigError.invalid("BLOB_SWEEP_GRACE_HOURS / BLOB_SWEEP_MINUTES", "at least 1")
        }
        guard let proxies = TrustedProxies(list: config.string(forKey: ["trusted", "proxies"], default: "")) else {
            throw ConfigError.invalid("TRUSTED_PROXIES", "comma-separated CIDR blocks, such as 10.0.0.0/8,fd00::/8")
        }
        trustedProxies = proxies
        lookupsPerHour = max(1, config.int(forKey: ["rate", "limit", "lookups", "per", "hour"], default: 120))
        registrationsPerHour = max(1, config.int(forKey: ["rate", "limit", "registrations", "per", "hour"], default: 10))
        requestsPerMinute = max(0, config.int(forKey: ["rate", "limit", "requests", "per", "minute"], default: 600))
        statisticsPollSeconds = max(1, config.int(forKey: ["statistics", "poll", "seconds"], default: 5))
        statisticsGapSeconds = max(1, config.int(forKey: ["statistics", "gap", "seconds"], default: 60))
        cacheCheckSeconds = max(1, config.int(forKey: ["cache", "check", "seconds"], default: 5))
        cacheListen = config.bool(forKey: ["cache", "listen"], default: true)
        guard (0...365).contains(reportReopenDays), (0...10_000).contains(reportDuplicateMetres) else {
            throw ConfigError.invalid("REPORT_REOPEN_DAYS / REPORT_DUPLICATE_METRES", "0-365 days, 0-10000 metres")
        }
        let roles = config.string(forKey: ["totp", "required", "roles"], default: mode == .production ? "admin,leader" : "")
        let parsed = roles.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        guard parsed.allSatisfy({ Role(rawValue: $0) != nil }) else {
            throw ConfigError.invalid("TOTP_REQUIRED_ROLES", "a comma-separated list of receiving, specialist, leader, returning, admin")
        }
        totpRequiredRoles = Set(parsed.compactMap(Role.init(rawValue:)))
        loginBackoffMaxSeconds = config.int(forKey: ["login", "backoff", "max", "seconds"], default: 900)
        guard (1...86_400).contains(loginBackoffMaxSeconds) else { throw ConfigError.invalid("LOGIN_BACKOFF_MAX_SECONDS", "1-86400") }
        let demo = config.string(forKey: ["demo", "password"], isSecret: true)
        demoPassword = mode == .development ? (demo ?? "motcua2026") : nil
        logLevel = Logger.Level(rawValue: config.string(forKey: ["log", "level"], default: "info")) ?? .info
        guard
            let synchronous = Database.SQLiteSynchronous(
                rawValue: config.string(forKey: ["sqlite", "synchronous"], default: "FULL").uppercased())
        else { throw ConfigError.invalid("SQLITE_SYNCHRONOUS", "FULL | NORMAL | EXTRA") }
        sqliteSynchronous = synchronous
        shutdownDelaySeconds = config.int(forKey: ["shutdown", "delay", "seconds"], default: 0)
        shutdownGraceSeconds = config.int(forKey: ["shutdown", "grace", "seconds"], default: 20)
        guard (0...600).contains(shutdownDelaySeconds), (1...3600).contains(shutdownGraceSeconds),
            shutdownDelaySeconds < shutdownGraceSeconds
        else {
            throw ConfigError.invalid(
                "SHUTDOWN_DELAY_SECONDS / SHUTDOWN_GRACE_SECONDS", "0-600 and 1-3600 seconds, the delay below the grace")
        }
        if !problems.isEmpty { throw ConfigError.production(problems) }
    }

    /// The prefix of the placeholder secrets of development mode (published in the source).
    static let developmentSecretPrefix = "development-only-"

    /// The SQLite file used when no `DATABASE_URL` is given.
    public var sqlitePath: String { URL(fileURLWithPath: dataDirectory).appendingPathComponent("motcua.sqlite").path }
}

/// A configuration value that cannot be used, with what would be valid.
public enum ConfigError: Error, CustomStringConvertible {
    case invalid(String, String)
    /// Everything production mode is missing, one line per variable.
    case production([String])
    public var description: String {
        switch self {
        case .invalid(let key, let expected): "invalid \(key): expected \(expected)"
        case .production(let problems):
            (["motcua cannot start in production mode (the default); fix each of these (docs/configuration.md):"]
                + problems.map { "  - \($0)" }
                + ["or run the demo with MOTCUA_ENV=development (scripts/run.sh does)."]).joined(separator: "\n")
        }
    }
}
