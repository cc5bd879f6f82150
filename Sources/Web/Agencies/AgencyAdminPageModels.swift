import Domain

/// The administrators' list of agencies, with a search and a filter by kind.
struct AgencyAdminListPage: PageModel {
    static let template = "admin-agencies"

    /// An agency as listed.
    struct Row: Encodable, Sendable {
        let link: String
        let id: String
        let shortCode: String
        let name: String
        let kind: String
        let parent: String
    }

    let action: String
    let query: String
    let kinds: [OfficerAdminListPage.Choice]
    let agencies: [Row]
}

/// One agency's page: the form changing its names, short code, kind and parent.
struct AgencyAdminPage: PageModel {
    static let template = "admin-agency"

    let back: String
    let action: String
    let id: String
    let title: String
    let name: String
    let nameEn: String
    let shortCode: String
    let kinds: [OfficerAdminListPage.Choice]
    let parents: [OfficerAdminListPage.Choice]
    var done: String?
    var error: String?
}
