import Domain
import Foundation

/// The citizen's dossiers (`my-dossiers` template).
struct MyDossiersPage: PageModel {
    static let template = "my-dossiers"

    /// One dossier in the list.
    struct Row: Encodable, Sendable {
        let code: String
        let link: String
        let procedure: String
        let state: String
        let dueDate: String?
        let submittedAt: String
        let needsAction: Bool
        /// The dossier waits for the applicant's supplement (answered on its page).
        var needsSupplement = false
    }

    /// A standing of the filter.
    struct Option: Encodable, Sendable {
        let code: String
        let name: String
        let selected: Bool
    }

    let dossiers: [Row]
    let none: Bool
    let proceduresLink = Routes.procedures.link()
    /// The search in the account's own dossiers: the words typed, the standings, whether one applies.
    let query: String
    let standings: [Option]
    let filtered: Bool
    let clearLink = Routes.myDossiers.link()
    var error: String?

    init(_ rows: [Row], filter: MyDossierFilter, query: String, strings: Strings, context: some WebContext) {
        dossiers = rows
        none = rows.isEmpty
        self.query = query
        standings = MyDossierFilter.Standing.allCases.map {
            Option(
                code: $0.rawValue, name: strings.text("my_dossiers_status_\($0.rawValue)", context.language),
                selected: $0 == filter.standing)
        }
        filtered = !filter.isEmpty
    }
}

extension MyDossierFilter {
    /// No filter.
    static let empty = try! MyDossierFilter(text: nil, standing: nil)
}

/// One of the citizen's dossiers (`my-dossier` template): its milestones and documents, the payment
/// it waits for, its signed result and the rating.
struct MyDossierPage: PageModel {
    static let template = "my-dossier"

    /// A document of the dossier.
    struct Document: Encodable, Sendable {
        let requirement: String?
        let fileName: String
        let link: String
        let reused: Bool
    }

    /// The payment the dossier waits for: online (`action`), or at the counter without a provider.
    struct Payment: Encodable, Sendable {
        let amount: String
        let action: String?
    }

    /// The dossier's signed result.
    struct Result: Encodable, Sendable {
        let link: String
        let signedAt: String
        let verify: String
        let revoked: Bool
    }

    /// The rating form.
    struct Rate: Encodable, Sendable {
        let action: String
    }

    /// The supplement request the dossier waits on (shown first) and its answer form ("Nộp bổ sung").
    struct SupplementAsked: Encodable, Sendable {
        let reason: String
        let askedAt: String
        let agency: String
        let action: String
        let key: String
        let store: [SubmissionPage.Option]
        let hasStore: Bool
        let maxMB: Int
        /// Why the last answer was refused (bad file, nothing sent...).
        let error: String?
    }

    let code: String
    let procedure: String
    let state: String
    let submittedAt: String
    let receivedAt: String?
    let dueDate: String?
    let milestones: [MilestoneView]
    let documents: [Document]
    let submitted: Bool
    var payment: Payment?
    var paymentOk: Bool?
    var paymentFailed: Bool?
    /// The gateway said paid; its confirmation to the platform has not arrived yet.
    var paymentConfirming: Bool?
    var result: Result?
    var rated: String?
    var rate: Rate?
    var supplement: SupplementAsked?
    var supplemented: Bool?

    init(_ d: Dossier, procedure: String, state: String, milestones: [MilestoneView], documents: [Document], submitted: Bool) {
        code = d.code
        self.procedure = procedure
        self.state = state
        submittedAt = Format.instant(d.submittedAt)
        receivedAt = d.receivedAt.map(Format.instant)
        dueDate = d.dueDate.map(Format.day)
        self.milestones = milestones
        self.documents = documents
        self.submitted = submitted
    }
}
