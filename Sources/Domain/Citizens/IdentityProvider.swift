/// A way for citizens to prove who they are. The portal ships the local provider (phone or
/// e-mail and a password); an OpenID Connect provider such as VNeID implements the same
/// protocol by verifying its callback (`code`, `state`) and returning the matching account,
/// creating it from the verified claims on first use.
public protocol IdentityProvider: Sendable {
    /// Stable identifier of the provider (`local`, `vneid`).
    var id: String { get }
    /// Verifies what the citizen presented (form fields or callback parameters) and returns the
    /// account; throws `unauthenticated` or `tooManyRequests` otherwise.
    func authenticate(_ presented: [String: String], client: String) async throws -> Citizen
}
