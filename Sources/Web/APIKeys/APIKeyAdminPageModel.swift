/// The administrators' page of API keys: the keys (prefix, client, agency, scopes, who created them and
/// when, last use, revocation), the form issuing one, and right after an issue the whole key, shown once.
struct APIKeyAdminPage: PageModel {
    static let template = "admin-api-keys"

    typealias Choice = OfficerAdminListPage.Choice

    /// A key as listed, with the form revoking it while it is in force.
    struct Row: Encodable, Sendable {
        let prefix: String
        let client: String
        let agency: String?
        let scopes: String
        let createdBy: String
        let createdAt: String
        let lastUsedAt: String
        let revokedAt: String?
        let revoke: String
    }

    /// A key just issued: its prefix and the whole key.
    struct Created: Encodable, Sendable {
        let prefix: String
        let secret: String
    }

    let action: String
    let keys: [Row]
    let agencies: [Choice]
    let scopes: [Choice]
    let newClient: String
    var created: Created?
    var done: String?
    var error: String?
}
