import Foundation

/// Keeps a flood of identical refusals (refused logins, refused payment notices, denied requests)
/// from growing the audit log without bound. The first refusal of a kind (action, address, detail)
/// in a window is written at once; the ones after it are counted, and one line with their number
/// (`occurrences`) is appended when the window closes. Both lines are ordinary chained lines, so the
/// count is covered by the hash chain. Other actions pass straight through.
public actor RefusalAggregator: AuditLog {
    /// The actions aggregated.
    public static let refusals: Set<String> = [
        "login.failed", "login.blocked", "login.backoff", "citizen.login.failed", "citizen.login.blocked", "citizen.login.locked",
        "payment.noticeRefused", "access.denied", "exchange.receiveRefused",
    ]

    struct Key: Hashable {
        let action: String
        let ip: String?
        let detail: String?
    }

    /// The refusals counted since the first of a window.
    struct Window {
        let opened: Date
        var last: Date
        var actor: String
        var target: String?
        var counted = 0
    }

    let log: any AuditLog
    let window: TimeInterval
    private var open: [Key: Window] = [:]

    /// Writes through `log`, aggregating refusals over `window` seconds.
    public init(log: any AuditLog, window: TimeInterval) {
        self.log = log
        self.window = window
    }

    public func record(_ entry: AuditEntry) async throws {
        guard Self.refusals.contains(entry.action) else { return try await log.record(entry) }
        try await flush(closedBy: entry.at)
        let key = Key(action: entry.action, ip: entry.ip, detail: entry.detail)
        if var current = open[key] {
            current.counted += 1
            current.last = max(current.last, entry.at)
            // Refusals of one address for several accounts or targets are counted together.
            if current.actor != entry.actor { current.actor = "*" }
            if current.target != entry.target { current.target = nil }
            open[key] = current
            return
        }
        open[key] = Window(opened: entry.at, last: entry.at, actor: entry.actor, target: entry.target)
        try await log.record(entry)
    }

    /// Appends the count of every window closed at `now`; returns the lines written.
    @discardableResult
    public func flush(closedBy now: Date) async throws -> Int {
        let closed = open.filter { now.timeIntervalSince($0.value.opened) >= window }
        for key in closed.keys { open[key] = nil }
        var written = 0
        for (key, counted) in closed where counted.counted > 0 {
            try await log.record(
                AuditEntry(
                    actor: counted.actor, action: key.action, target: counted.target, detail: key.detail, ip: key.ip,
                    at: counted.last, occurrences: counted.counted))
            written += 1
        }
        return written
    }

    /// Appends every open count (at shutdown).
    public func flushAll() async throws {
        try await flush(closedBy: .distantFuture)
    }
}
