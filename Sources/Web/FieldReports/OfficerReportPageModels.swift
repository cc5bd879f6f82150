import Domain

/// The officers' queue of reports (`officer-reports`).
struct OfficerReportsPage: PageModel {
    static let template = "officer-reports"
    let reports: [ReportRow]
    let none: Bool
    let all: Bool
    let intakeLink: String
    let statisticsLink: String
    let queueLink: String
}

/// The officers' intake of hotline and social-network reports (`officer-report-intake`).
struct OfficerReportIntakePage: PageModel {
    static let template = "officer-report-intake"
    let values: [String: String]
    let categories: [ReportOption]
    let communes: [ReportOption]
    let action: String
    let hotline: Bool
    let error: String?
}

/// A report as officers see it, with the forms of every action they may take (`officer-report`).
struct OfficerReportPage: PageModel {
    /// Who sent the report.
    struct Reporter: Encodable, Sendable {
        let name: String?
        let phone: String?
        let email: String?
        let account: Bool
    }

    /// The classifier's suggested category.
    struct Suggestion: Encodable, Sendable {
        let category: String
        let confidence: String
    }

    /// A photo with its moderation form.
    struct Photo: Encodable, Sendable {
        let src: String
        let documentId: Int64
        let hidden: Bool
        let ofAnswer: Bool
    }

    /// A specialist or an agency to choose.
    struct Choice<ID: Encodable & Sendable>: Encodable, Sendable {
        let id: ID
        let name: String
    }

    /// An open report of the same category nearby.
    struct Duplicate: Encodable, Sendable {
        let id: Int64
        let excerpt: String
        let distance: Int
    }

    static let template = "officer-report"
    let id: Int64
    let category: String
    let status: String
    let receivedAt: String
    let answerBy: String
    let commune: String?
    let address: String?
    let description: String
    let publicDescription: String?
    let answer: String?
    let hidden: Bool
    let channel: String
    let reporter: Reporter
    let agency: String
    let acceptBy: String
    let map: MapLinks?
    let suggestion: Suggestion?
    let photos: [Photo]
    let timeline: [ReportTimelineLine]
    let publicLink: String
    let formAction: String
    let version: Int
    /// The actions the officer may take, by name (only those allowed are present).
    let can: [String: Bool]
    let hasActions: Bool
    var specialists: [Choice<Int64>]?
    var targets: [Choice<String>]?
    var categories: [ReportOption]?
    var duplicates: [Duplicate]?
    let error: String?
}

/// The figures of field reports (`officer-report-statistics`).
struct OfficerReportStatisticsPage: PageModel {
    /// One group's figures.
    struct Line: Encodable, Sendable {
        let name: String
        let received: Int
        let answered: Int
        let onTime: String
        let overdue: Int
        let hours: String
    }

    static let template = "officer-report-statistics"
    let total: [Line]
    let byCategory: [Line]
    let byAgency: [Line]
    let byUnit: [Line]
    let byStatus: [Line]
    let byMonth: [Line]
    let csv: String
    let from: String
    let to: String
}
