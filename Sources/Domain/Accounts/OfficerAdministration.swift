import Foundation

/// The administrators' management of officer accounts, shared by every page and API that changes
/// them: each change validated here and stored with its audit line in one transaction. Passwords
/// are never chosen by an administrator: a new account and a reset get a temporary password, shown once.
public struct OfficerAdministration: Sendable {
    let officers: any OfficerAdminRepository
    let agencies: any AgencyRepository
    let passwords: any PasswordVerifier
    let clock: Clock

    /// Officers listed at most on one page.
    public static let listLimit = 200

    public init(officers: any OfficerAdminRepository, agencies: any AgencyRepository, passwords: any PasswordVerifier, clock: Clock) {
        self.officers = officers
        self.agencies = agencies
        self.passwords = passwords
        self.clock = clock
    }

    /// The officers matching `filter`; the text is found in names and usernames whatever the case and the
    /// diacritics (an administrator types "nguyen van" or "do thi hac" for "Nguyễn Văn…", "Đỗ Thị Hạc").
    public func list(_ filter: OfficerFilter) async throws -> [Officer] {
        guard let text = filter.text.map(Self.folded), !text.isEmpty else {
            return try await officers.officers(matching: filter, limit: Self.listLimit)
        }
        var others = filter
        others.text = nil
        let all = try await officers.officers(matching: others, limit: Int.max)
        return Array(all.filter { Self.folded($0.fullName).contains(text) || $0.username.contains(text) }.prefix(Self.listLimit))
    }

    /// `text` in lowercase without diacritics (đ read as d).
    static func folded(_ text: String) -> String {
        text.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil).replacingOccurrences(of: "đ", with: "d")
            .trimmingCharacters(in: .whitespaces)
    }

    /// The officer with `id`, or `notFound`.
    public func officer(id: Int64) async throws -> Officer {
        guard let officer = try await agencies.officer(id: id) else { throw DomainError.notFound("officer.notFound") }
        return officer
    }

    /// Creates an officer of `agencyId` with `roles`; returns it and its temporary password.
    public func create(username: String, fullName: String, agencyId: String, roles: Set<Role>, by actor: AuditActor) async throws
        -> (officer: Officer, temporaryPassword: String)
    {
        let name = username.trimmingCharacters(in: .whitespaces).lowercased()
        guard Self.isUsername(name) else { throw DomainError.invalid("username", "officer.badUsername") }
        let full = fullName.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !full.isEmpty, full.count <= 100 else { throw DomainError.invalid("fullName", "officer.badFullName") }
        guard try await agencies.agency(id: agencyId) != nil else { throw DomainError.invalid("agencyId", "officer.badAgency") }
        guard !roles.isEmpty else { throw DomainError.invalid("roles", "officer.noRoles") }
        let password = TemporaryPassword.make()
        let audit = actor.entry(
            "officer.created", target: name, detail: "\(agencyId) \(roles.sorted().map(\.rawValue).joined(separator: ","))", at: clock.now()
        )
        guard
            let officer = try await officers.createOfficer(
                username: name, passwordHash: await passwords.hash(password), fullName: full, agencyId: agencyId, roles: roles,
                audit: audit)
        else { throw DomainError(.conflict, "officer.usernameTaken", ["username": name]) }
        return (officer, password)
    }

    /// Deactivates (ending their sessions) or reactivates an officer; an administrator cannot deactivate themself.
    public func setActive(_ id: Int64, active: Bool, by actor: AuditActor) async throws {
        let officer = try await officer(id: id)
        if !active && officer.username == actor.name { throw DomainError.invalid("active", "officer.selfDeactivate") }
        guard officer.active != active else { return }
        try await officers.setActive(
            officerId: id, active: active,
            audit: actor.entry(active ? "officer.reactivated" : "officer.deactivated", target: officer.username, at: clock.now()))
    }

    /// Replaces an officer's roles (at least one); an administrator cannot take away their own administrator role.
    public func setRoles(_ id: Int64, roles: Set<Role>, by actor: AuditActor) async throws {
        let officer = try await officer(id: id)
        guard !roles.isEmpty else { throw DomainError.invalid("roles", "officer.noRoles") }
        if officer.username == actor.name && !roles.contains(.admin) { throw DomainError.invalid("roles", "officer.selfAdmin") }
        guard roles != officer.roles else { return }
        try await officers.setRoles(
            officerId: id, roles: roles,
            audit: actor.entry(
                "officer.rolesChanged", target: officer.username, detail: roles.sorted().map(\.rawValue).joined(separator: ","),
                at: clock.now()))
    }

    /// Gives an officer a new temporary password (ending their sessions); returns it, to be shown once.
    public func resetPassword(_ id: Int64, by actor: AuditActor) async throws -> String {
        let officer = try await officer(id: id)
        let password = TemporaryPassword.make()
        try await officers.resetPassword(
            officerId: id, passwordHash: await passwords.hash(password),
            audit: actor.entry("officer.passwordReset", target: officer.username, at: clock.now()))
        return password
    }

    /// Removes an officer's second factor (a lost phone): they enrol again at their next login when their role requires it.
    public func resetSecondFactor(_ id: Int64, by actor: AuditActor) async throws {
        let officer = try await officer(id: id)
        try await officers.resetSecondFactor(
            officerId: id, audit: actor.entry("officer.secondFactorReset", target: officer.username, at: clock.now()))
    }

    /// 3 to 50 characters: lowercase letters, digits, `.`, `_` and `-`, starting with a letter.
    static func isUsername(_ name: String) -> Bool {
        guard (3...50).contains(name.count), let first = name.unicodeScalars.first, ("a"..."z").contains(first) else { return false }
        return name.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || "._-".unicodeScalars.contains($0) }
    }
}

/// A temporary password: 12 characters of an alphabet without look-alikes (no 0/O, 1/l/I), from the system's secure generator.
enum TemporaryPassword {
    static let alphabet = Array("abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789")

    static func make() -> String {
        var generator = SystemRandomNumberGenerator()
        return String((0..<12).map { _ in alphabet.randomElement(using: &generator)! })
    }
}
