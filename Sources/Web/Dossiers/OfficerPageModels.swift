import Domain
import Foundation

/// The officer login page, with the refusal of a failed attempt.
struct LoginPage: PageModel {
    static let template = "login"
    var error: String?
    var username: String?
}

/// The officer's queue: dossiers waiting for the officer, filtered by state or lateness.
struct QueuePage: PageModel {
    static let template = "queue"

    /// One dossier of the queue, with its traffic light.
    struct Row: Encodable, Sendable {
        let code: String
        let link: String
        let procedure: String
        let applicant: String
        let state: String
        let stepDeadline: String
        let dueDate: String
        let light: String
        let lightLabel: String
        /// The applicant answered the supplement request online and the dossier waits for the officer ("Đã bổ sung").
        var supplemented = false
    }

    /// A state of the filter.
    struct StateOption: Encodable, Sendable {
        let code: String
        let name: String
        let selected: Bool
    }

    let rows: [Row]
    let empty: Bool
    let states: [StateOption]
    let overdue: Bool
    let next: String?
    /// The agency's tracking book (sổ theo dõi hồ sơ).
    var bookLink = Routes.trackingBook.link()
    /// The confirmation of the officer's last action, shown once.
    var flash: OfficerFlash?
}

/// The counter's receipt form, filled again with the values of a refused submission.
struct ReceivePage: PageModel {
    static let template = "receive"

    /// An option of a select (a procedure, a commune).
    struct Option: Encodable, Sendable {
        let code: String
        var label: String?
        var name: String?
        let selected: Bool
    }

    let procedures: [Option]
    let communes: [Option]
    let values: [String: String]
    let formKey: String
    let action: String
    let error: String?
    /// Each procedure's checklist of components; the chosen procedure's is shown.
    let checklists: [CounterChecklist.Group]
    let script: String
    /// Set when the chosen procedure is online-only: the counter submits it online for the applicant.
    var assisted: AssistedReceiptForm?
}
