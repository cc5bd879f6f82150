import Foundation

/// Administrators' changes to the operations centre: replacing the service-quality index's
/// framework (its audit line in the same transaction) and rebuilding the aggregates.
public struct OperationsAdministration: Sendable {
    let indexStore: any ServiceIndexStore
    let rebuilder: any StatisticsRebuilder
    let audit: any AuditLog
    let clock: Clock

    public init(indexStore: any ServiceIndexStore, rebuilder: any StatisticsRebuilder, audit: any AuditLog, clock: Clock) {
        self.indexStore = indexStore
        self.rebuilder = rebuilder
        self.audit = audit
        self.clock = clock
    }

    /// Validates `framework` and stores it in place of the current one.
    public func replaceFramework(_ framework: ServiceIndexFramework, by actor: AuditActor) async throws {
        try framework.validate()
        let line = actor.entry("serviceIndex.replace", target: framework.code, detail: "\(framework.groups.count) groups", at: clock.now())
        try await indexStore.replace(framework, audit: line)
    }

    /// Empties the aggregates and folds the whole history again; returns how many events it counted.
    /// The rebuild spans many transactions, so its audit line (which gives its duration) follows it.
    public func rebuildStatistics(by actor: AuditActor) async throws -> Int {
        var counted = 0
        let elapsed = try await ContinuousClock().measure { counted = try await rebuilder.rebuild(now: clock.now()) }
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        try await audit.record(
            actor.entry("statistics.rebuild", detail: "\(counted) events in \(String(format: "%.1f", seconds)) s", at: clock.now()))
        return counted
    }
}
