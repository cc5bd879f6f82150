/// Checks that the platform's store answers: what the health endpoint reports.
public protocol HealthProbe: Sendable {
    /// Throws when the store does not answer a trivial query.
    func check() async throws
}
