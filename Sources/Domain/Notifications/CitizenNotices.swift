import Foundation

/// The channels a citizen chose to be told by; both until they choose otherwise.
public struct NotificationChannels: Codable, Sendable, Hashable {
    public var sms: Bool
    public var email: Bool

    public init(sms: Bool, email: Bool) {
        self.sms = sms
        self.email = email
    }

    /// Both channels: what an account starts with, and what a dossier without an account gets.
    public static let all = NotificationChannels(sms: true, email: true)
}

/// A message about one of the citizen's dossiers as their account lists it (whatever the channels):
/// the catalogue template of the message and its parameters, rendered when shown.
public struct CitizenNotice: Sendable, Hashable {
    public var eventId: Int64
    public var citizenId: Int64
    public var template: String
    public var params: [String: String]
    public var createdAt: Date

    public init(eventId: Int64, citizenId: Int64, template: String, params: [String: String], createdAt: Date) {
        self.eventId = eventId
        self.citizenId = citizenId
        self.template = template
        self.params = params
        self.createdAt = createdAt
    }
}

/// The citizens' messages and their choice of channels.
public protocol CitizenNoticeRepository: Sendable {
    /// The citizen's latest messages, newest first.
    func notices(citizenId: Int64, limit: Int) async throws -> [CitizenNotice]
    func channels(citizenId: Int64) async throws -> NotificationChannels
    /// Stores the citizen's choice with its audit line, in one transaction.
    func setChannels(_ channels: NotificationChannels, citizenId: Int64, audit: AuditEntry) async throws
}

/// What the citizen's account shows of their messages, and their choice of channels.
public struct CitizenNoticeService: Sendable {
    let notices: any CitizenNoticeRepository
    let clock: Clock

    public init(notices: any CitizenNoticeRepository, clock: Clock) {
        self.notices = notices
        self.clock = clock
    }

    /// The citizen's latest 100 messages, newest first.
    public func notices(of citizen: Citizen) async throws -> [CitizenNotice] {
        try await notices.notices(citizenId: citizen.id, limit: 100)
    }

    public func channels(of citizen: Citizen) async throws -> NotificationChannels {
        try await notices.channels(citizenId: citizen.id)
    }

    /// Records the citizen's choice of channels (audited); the next message follows it.
    public func choose(_ channels: NotificationChannels, by citizen: Citizen, address: String?) async throws {
        let entry = AuditActor(name: "citizen:\(citizen.id)", address: address).entry(
            "citizen.notificationChannels", target: "citizen:\(citizen.id)",
            detail: "sms=\(channels.sms) email=\(channels.email)", at: clock.now())
        try await notices.setChannels(channels, citizenId: citizen.id, audit: entry)
    }
}
