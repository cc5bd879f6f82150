import Domain

/// The administrators' page of exchange peers (`admin-exchange-peers`): the peers with their edit and delete actions, and the
/// form adding a peer or replacing one (its name, endpoint and certificate PEM).
struct ExchangePeersPage: PageModel {
    static let template = "admin-exchange-peers"

    /// A peer as listed.
    struct Row: Encodable, Sendable {
        let organisationId: String
        let name: String
        let endpoint: String
        let edit: String
        let delete: String
    }

    /// What the form holds: empty, a peer being edited, or what was refused.
    struct Form: Encodable, Sendable {
        let organisationId: String
        let name: String
        let endpoint: String
        let certificatePEM: String
        let editing: Bool
    }

    let action: String
    let outboxLink: String
    let organisationId: String
    let peers: [Row]
    var form: Form
    var done: String?
    var error: String?
}

/// The administrators' page of the exchange's outbox (`admin-exchange-outbox`): the items in one state (pending, sent,
/// dead letters with their last error and the resend action) and the count of each state.
struct ExchangeOutboxPage: PageModel {
    static let template = "admin-exchange-outbox"

    /// A state's tab with its count.
    struct Tab: Encodable, Sendable {
        let label: String
        let link: String
        let count: Int
        let current: Bool
    }

    /// An outbox item as listed.
    struct Row: Encodable, Sendable {
        let id: Int64
        let kind: String
        let peerId: String
        let packageId: String
        let status: String?
        let attempts: Int
        let nextAttemptAt: String
        let lastError: String?
        let resend: String?
    }

    let peersLink: String
    let title: String
    let tabs: [Tab]
    let items: [Row]
    var done: String?
}
