import Domain
import Foundation

/// The home page: search the catalogue, popular services and life events (`PortalHome`), track
/// a dossier, report a problem.
struct HomePage: PageModel {
    static let template = "home"

    /// A link with its text.
    struct Link: Encodable, Sendable {
        let name: String
        let link: String
        let note: String?
    }

    let popular: [Link]
    let events: [Link]
}

/// The public tracking page: a form, then a dossier's progress (no personal data) or "not found".
struct TrackingPage: PageModel {
    static let template = "tracking"

    var code: String?
    var found = false
    var notFound = false
    var procedure: String?
    var state: String?
    var receivedAt: String?
    var dueDate: String?
    var finishedAt: String?
    var milestones: [MilestoneView] = []

    /// The empty form.
    static let form = TrackingPage()

    /// The form again, with the code that matched nothing.
    static func notFound(_ code: String) -> TrackingPage { TrackingPage(code: code, notFound: true) }

    /// The progress of `view` in the caller's language.
    init(
        _ view: TrackingView, progress: DossierProgress, workflow: Workflow?, code: String, strings: Strings, language: Language
    ) {
        let english = language == .en
        self.code = code
        found = true
        procedure = english ? view.procedureNameEn : view.procedureName
        state = english ? view.status.nameEn : view.status.name
        receivedAt = Format.instant(view.receivedAt)
        dueDate = Format.day(view.dueDate)
        finishedAt = view.finishedAt.map(Format.instant)
        milestones = MilestoneView.of(progress, workflow: workflow, strings: strings, language: language)
    }

    private init(code: String? = nil, notFound: Bool = false) {
        self.code = code
        self.notFound = notFound
    }
}
