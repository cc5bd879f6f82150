import Domain

/// A report's line in a list (public list and officers' queue).
struct ReportRow: Encodable, Sendable {
    let id: Int64
    let link: String
    let category: String
    let status: String
    let statusCode: String
    let commune: String?
    let address: String?
    let receivedAt: String
    let answerBy: String
    let excerpt: String
    /// Set in the officers' queue for reports still to be answered.
    let overdue: Bool?
}

/// An entry of a select box (categories, communes).
struct ReportOption: Encodable, Sendable {
    let code: String
    let name: String
    let selected: Bool
}

/// Links that open a point in a map application and on the web.
struct MapLinks: Encodable, Sendable {
    let geo: String
    let web: String
    let text: String
}

/// A line of a report's history.
struct ReportTimelineLine: Encodable, Sendable {
    let action: String
    let at: String
    let status: String
    let note: String?
    /// Who made it (officers' page only).
    let actor: String?
}

/// A link to another report.
struct ReportLink: Encodable, Sendable {
    let id: Int64
    let link: String
}

/// An image of a report's page.
struct PhotoSource: Encodable, Sendable {
    let src: String
}

/// The public list of reports (`reports`).
struct ReportsPage: PageModel {
    static let template = "reports"
    let reports: [ReportRow]
    let none: Bool
    let next: String?
    let newLink: String
    let categories: [ReportOption]
    let communes: [ReportOption]
    let statusOpen: Bool
    let statusClosed: Bool
}

/// The public report form (`report-form`).
struct ReportFormPage: PageModel {
    static let template = "report-form"
    let values: [String: String]
    let categories: [ReportOption]
    let communes: [ReportOption]
    let action: String
    let error: String?
    let loggedIn: Bool
    let maxMB: Int
}

/// A report's public page (`report`).
struct ReportPage: PageModel {
    /// The reporter's reopening and rating forms.
    struct Feedback: Encodable, Sendable {
        let action: String
        let version: Int
        let canReopen: Bool
        let canRate: Bool
    }

    static let template = "report"
    let id: Int64
    let category: String
    let status: String
    let receivedAt: String
    let answerBy: String
    let commune: String?
    let address: String?
    let description: String
    let answer: String?
    let answeredAt: String?
    let map: MapLinks?
    let photos: [PhotoSource]
    let answerPhotos: [PhotoSource]
    let hasPhotos: Bool
    let hasAnswerPhotos: Bool
    let timeline: [ReportTimelineLine]
    let isNew: Bool
    let duplicateOf: ReportLink?
    let similar: [ReportLink]?
    let hasSimilar: Bool?
    let feedback: Feedback?
    let rating: String?
}
