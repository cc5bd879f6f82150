import Domain

/// The administrators' list of officers: a search and filters, the officers found, the form creating one,
/// and, right after a creation, the new officer's temporary password (shown this once).
struct OfficerAdminListPage: PageModel {
    static let template = "admin-officers"

    /// An officer as listed.
    struct Row: Encodable, Sendable {
        let link: String
        let username: String
        let fullName: String
        let agency: String
        let roles: String
        let active: Bool
    }

    /// A choice of a select or a checkbox.
    struct Choice: Encodable, Sendable {
        let value: String
        let label: String
        let selected: Bool
    }

    let action: String
    let query: String
    let agencies: [Choice]
    let roles: [Choice]
    let states: [Choice]
    let officers: [Row]
    /// The roles of the creation form (those ticked before a refused attempt stay ticked).
    let newRoles: [Choice]
    let newAgencies: [Choice]
    let newUsername: String
    let newFullName: String
    var created: OfficerAdminPage.Password?
    var error: String?
}

/// One officer's page: their roles, active or not, a password reset and a second-factor reset.
struct OfficerAdminPage: PageModel {
    static let template = "admin-officer"

    /// A temporary password just made, shown once, and whose it is.
    struct Password: Encodable, Sendable {
        let username: String
        let password: String
        let link: String
    }

    let back: String
    let username: String
    let fullName: String
    let agency: String
    let active: Bool
    let roles: [OfficerAdminListPage.Choice]
    let rolesAction: String
    let activeAction: String
    let passwordAction: String
    let secondFactorAction: String
    /// The flash message of the change just made.
    var done: String?
    var password: Password?
    var error: String?
}
