/// Checks that the platform's store answers: what the health and readiness endpoints report.
public protocol HealthProbe: Sendable {
    /// Throws when the store does not answer a trivial query.
    func check() async throws
    /// Whether the migrations applied to the store are exactly those this binary knows; throws when
    /// the store does not answer.
    func schemaIsCurrent() async throws -> Bool
}
