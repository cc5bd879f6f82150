import Foundation

/// Which officers an administrator lists: text found in the name or username, an agency, a role,
/// active or not (nil: any).
public struct OfficerFilter: Sendable, Hashable {
    public var text: String?
    public var agencyId: String?
    public var role: Role?
    public var active: Bool?

    public init(text: String? = nil, agencyId: String? = nil, role: Role? = nil, active: Bool? = nil) {
        self.text = text
        self.agencyId = agencyId
        self.role = role
        self.active = active
    }
}

/// The administrators' changes of officer accounts: each one and its audit line in one transaction.
public protocol OfficerAdminRepository: Sendable {
    /// The officers of `filter`'s agency, role and state (its text is matched by the caller), by full name, at most `limit`.
    func officers(matching filter: OfficerFilter, limit: Int) async throws -> [Officer]
    /// Creates an officer and writes `audit`; nil, changing nothing, when the username is taken.
    func createOfficer(
        username: String, passwordHash: String, fullName: String, agencyId: String, roles: Set<Role>, audit: AuditEntry
    ) async throws -> Officer?
    /// Activates or deactivates the officer (deactivating ends their sessions and pending logins), writes `audit`.
    func setActive(officerId: Int64, active: Bool, audit: AuditEntry) async throws
    /// Replaces the officer's roles and writes `audit`.
    func setRoles(officerId: Int64, roles: Set<Role>, audit: AuditEntry) async throws
    /// Replaces the password hash, clears failed logins, ends the officer's sessions and pending logins, writes `audit`.
    func resetPassword(officerId: Int64, passwordHash: String, audit: AuditEntry) async throws
    /// Removes the second factor, its recovery codes and pending logins, ends the sessions, writes `audit`.
    func resetSecondFactor(officerId: Int64, audit: AuditEntry) async throws
}
