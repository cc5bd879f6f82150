import Domain
import Foundation
import Mustache

/// What the dossier page and both printable slips show of a dossier.
struct DossierFacts: Encodable, Sendable {
    /// One line of the dossier's history.
    struct HistoryRow: Encodable, Sendable {
        let sequence: Int
        let at: String
        let action: String
        let from: String
        let to: String
        let actor: String
        let role: String
        let agency: String
        let note: String
        let deadline: String
        let nextDeadline: String
        let timeliness: String?
        let timelinessCode: String
    }

    /// A component of the dossier as received (receipt slip): its counts, a scan attached, or an electronic copy.
    struct RequiredDocument: Encodable, Sendable {
        let name: String
        let originals: Int
        let copies: Int
        let scanned: Bool
        let electronic: Bool
    }

    /// A statutory slip an action of the dossier issued.
    struct SlipLink: Encodable, Sendable {
        let title: String
        let form: String
        let issuedAt: String
        let link: String
    }

    /// The applicant as the officer sees them.
    struct ApplicantView: Encodable, Sendable {
        let fullName: String
        let idNumber: String
        let phone: String
        let email: String
        let address: String
    }

    /// The dossier's pages.
    struct Links: Encodable, Sendable {
        let dossier: String
        let receipt: String
        let controlSlip: String
        let queue: String
        let tracking: String
    }

    let code: String
    let version: Int
    let state: String
    let procedureCode: String
    let procedure: String
    /// The procedure's time limit as read ("Trong ngày", "5 ngày làm việc").
    let timeLimit: String
    let documents: [RequiredDocument]
    let slips: [SlipLink]
    let hasSlips: Bool
    let channel: String
    let applicant: ApplicantView
    let receivingAgency: String
    let handlingAgency: String
    let submittedAt: String
    let receivedAt: String
    let dueDate: String
    let legalDueDate: String
    let stepDeadline: String
    let apologized: Bool
    let supplementCount: Int
    let fee: String
    let paid: Bool
    let finishedAt: String?
    let timeliness: String?
    let history: [HistoryRow]
    let receivedBy: String?
    let dossierLinks: Links
    let today: String
}

/// A page made of a dossier's facts and what the page adds: the page's own properties first,
/// then the facts, all at the template's top level.
protocol DossierFactsPage: PageModel {
    var facts: DossierFacts { get }
}

extension DossierFactsPage {
    func templateObject() throws -> TemplateObject {
        let page = try TemplateEncoder.object(self)
        var merged = try TemplateEncoder.object(facts)
        for (name, value) in page.values where name != "facts" { merged.values[name] = value }
        return merged
    }
}

/// The printable receipt given to the applicant, with a QR code of its public tracking address.
struct ReceiptSlipPage: DossierFactsPage {
    static let template = "receipt-slip"
    let facts: DossierFacts
    /// The tracking page's full address for this dossier, and the same as an SVG QR code.
    let trackingAddress: String
    let trackingQR: String?
    var form = SlipKind.receiptForm
    var formSource = SlipKind.source
}

/// The printable control slip that follows the paper file.
struct ControlSlipPage: DossierFactsPage {
    static let template = "control-slip"
    let facts: DossierFacts
    var form = SlipKind.controlSlipForm
    var formSource = SlipKind.source
}

/// The officer's dossier page: facts, the actions the officer may take, files and the result.
struct DossierPage: DossierFactsPage {
    static let template = "dossier"

    /// A choice in an action's list (an assignee, a target agency).
    struct Choice: Encodable, Sendable {
        let id: String
        let name: String
    }

    /// The form of one action (template `action-form`).
    struct ActionForm: Encodable, Sendable {
        let action: String
        let name: String
        let requiresNote: Bool
        let formAction: String
        let version: Int
        var needsAssignee = false
        var assignees: [Choice]?
        var needsTarget = false
        var targets: [Choice]?
        var needsDate = false
        var needsAmount = false
        var amount: Int?
        /// The workflow's main next step: the one primary button of the page.
        var primary = false
        /// Why the move needs the result file first (`resultBlocks`: refused until it is attached).
        var resultNotice: String?
        var resultBlocks = false
    }

    /// A file of the dossier.
    struct FileRow: Encodable, Sendable {
        let requirement: String
        let fileName: String
        let link: String
        let reused: Bool
        /// The file shown in the browser (PDF or image), in a new tab.
        let preview: String
    }

    /// The dossier's result document.
    struct ResultView: Encodable, Sendable {
        let link: String
        let signed: Bool
        let signedAt: String?
        let sha256: String
        let revoked: Bool
        let revoke: String?
        /// The file shown inline before signing: a PDF in a frame, an image as such.
        let preview: String
        let fileName: String
        let isPDF: Bool
    }

    let facts: DossierFacts
    let hasActions: Bool
    /// The main next step, then the other queued actions (secondary), then the side paths (folded).
    let primary: ActionForm?
    let actions: [ActionForm]
    let sideActions: [ActionForm]
    let hasSideActions: Bool
    let documents: [FileRow]
    let result: ResultView?
    let attachResult: String?
    let error: String?
}
