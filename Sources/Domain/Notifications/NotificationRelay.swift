import Foundation

/// Turns the dossiers' recorded changes into notifications. The history row written in each
/// change's transaction is the transactional outbox record: no change is announced without
/// having happened, none is lost, and the receipt path pays for no extra write.
public struct NotificationRelay: Sendable {
    let outbox: any OutboxRepository
    let catalogue: any CatalogueRepository
    let clock: Clock

    public init(outbox: any OutboxRepository, catalogue: any CatalogueRepository, clock: Clock = .system) {
        self.outbox = outbox
        self.catalogue = catalogue
        self.clock = clock
    }

    /// Relays what is waiting, a batch at a time (queued at `now`, the clock's time when not
    /// given); returns how many messages were queued.
    @discardableResult
    public func runOnce(now given: Date? = nil, batch: Int = 1000) async throws -> Int {
        let now = given ?? clock.now()
        var queued = 0
        while true {
            let changes = try await outbox.unrelayedChanges(limit: batch)
            guard !changes.isEmpty else { return queued }
            var messages: [(eventId: Int64, message: OutboundMessage)] = []
            var notices: [CitizenNotice] = []
            for change in changes {
                let workflow = try await catalogue.workflow(code: change.workflowCode)
                messages += NotificationPolicy.messages(for: change, workflow: workflow).map { (change.eventId, $0) }
                if let notice = NotificationPolicy.notice(for: change, workflow: workflow, at: now) { notices.append(notice) }
            }
            try await outbox.enqueue(messages, notices: notices, relayed: changes.map(\.eventId), now: now)
            queued += messages.count
            if changes.count < batch { return queued }
        }
    }
}
