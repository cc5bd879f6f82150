/// The kind of a state agency, which decides where dossiers go and who may act on them.
public enum AgencyKind: String, Codable, Sendable, CaseIterable {
    case provincialCommittee, serviceCentre, department, provincialPolice
    case communeCommittee, communeOneStop, communePolice
}

/// A state agency with its electronic identifier (Decision 20/2020/QĐ-TTg).
public struct Agency: Codable, Sendable, Hashable {
    /// Electronic identifier, dot-separated groups, at most 35 characters; also the key.
    public var id: String
    public var shortCode: String?
    public var name: String
    public var nameEn: String
    public var kind: AgencyKind
    /// The commune this agency serves, for commune-level agencies.
    public var unitCode: String?
    public var parentId: String?

    public init(
        id: String, shortCode: String?, name: String, nameEn: String, kind: AgencyKind,
        unitCode: String?, parentId: String?
    ) {
        self.id = id
        self.shortCode = shortCode
        self.name = name
        self.nameEn = nameEn
        self.kind = kind
        self.unitCode = unitCode
        self.parentId = parentId
    }
}

/// A role an officer holds within an agency.
public enum Role: String, Codable, Sendable, CaseIterable, Comparable {
    case receiving, specialist, leader, returning, admin
    /// The clerk (văn thư) who keeps the agency's registers of official documents.
    case clerk
    public static func < (a: Role, b: Role) -> Bool { a.rawValue < b.rawValue }
}

/// A civil servant of one agency, with the roles they hold there.
public struct Officer: Codable, Sendable, Hashable {
    public var id: Int64
    public var username: String
    public var fullName: String
    public var agencyId: String
    public var roles: Set<Role>
    public var active: Bool
    /// An administrator set the password (a new account, a reset): the officer must choose their own
    /// before anything else (migration 30).
    public var mustChangePassword: Bool

    public init(
        id: Int64, username: String, fullName: String, agencyId: String, roles: Set<Role>, active: Bool = true,
        mustChangePassword: Bool = false
    ) {
        self.id = id
        self.username = username
        self.fullName = fullName
        self.agencyId = agencyId
        self.roles = roles
        self.active = active
        self.mustChangePassword = mustChangePassword
    }
}
