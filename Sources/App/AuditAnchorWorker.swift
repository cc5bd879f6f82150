import Domain
import Foundation
import Logging
import Persistence
import Signing

/// Anchors the audit chain once per `AUDIT_ANCHOR_SECONDS` period, signed by the provincial
/// authority. Every instance runs it; the period's key keeps one anchor per period.
enum AuditAnchorWorker {
    static func worker(_ config: AppConfig, database: Database, authority: ProvincialAuthority, logger: Logger) -> PeriodicWorker {
        let anchors = SQLAuditAnchors(database: database)
        let period = Double(config.auditAnchorSeconds)
        return PeriodicWorker(name: "audit anchors", interval: .seconds(min(config.auditAnchorSeconds, 60)), logger: logger) {
            let now = Clock.system.now()
            let stored = try await anchors.anchor(period: Int64((now.timeIntervalSince1970 / period).rounded(.down)), at: now) {
                try await authority.signAsAuthority($0, now: now)
            }
            return stored ? 1 : 0
        }
    }
}
