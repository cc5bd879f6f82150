import Foundation

/// The append-only audit log of security-relevant actions.
public protocol AuditLog: Sendable {
    func record(_ entry: AuditEntry) async throws
}

/// One audit-log line.
public struct AuditEntry: Sendable, Hashable {
    public var actor: String
    public var action: String
    public var target: String?
    public var detail: String?
    public var ip: String?
    public var at: Date
    /// How many identical events the line stands for (more than one for aggregated refusals).
    public var occurrences: Int
    public init(
        actor: String, action: String, target: String? = nil, detail: String? = nil, ip: String? = nil, at: Date, occurrences: Int = 1
    ) {
        self.actor = actor
        self.action = action
        self.target = target
        self.detail = detail
        self.ip = ip
        self.at = at
        self.occurrences = occurrences
    }
}

/// Who asks for a change and from which address: the service writes it on the change's audit line.
public struct AuditActor: Sendable, Hashable {
    /// The name on the audit line: an officer's username, `citizen:<id>`, an API client.
    public let name: String
    /// The caller's IP address.
    public let address: String?

    public init(name: String, address: String?) {
        self.name = name
        self.address = address
    }

    /// An officer calling from `address`.
    public init(_ officer: Officer, address: String?) { self.init(name: officer.username, address: address) }

    /// The audit line of `action` by this actor at `at`.
    public func entry(_ action: String, target: String? = nil, detail: String? = nil, at: Date) -> AuditEntry {
        AuditEntry(actor: name, action: action, target: target, detail: detail, ip: address, at: at)
    }
}
