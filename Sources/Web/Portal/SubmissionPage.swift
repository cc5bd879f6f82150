import Domain
import Foundation

/// The online submission form (`submission` template): the applicant declared once, each
/// required document picked from the citizen's store or uploaded.
struct SubmissionPage: PageModel {
    static let template = "submission"

    /// The applicant's fields as the form shows them.
    struct Values: Encodable, Sendable {
        let fullName: String
        let idNumber: String
        let phone: String
        let email: String
        let address: String
        let note: String
    }

    /// A required document (`requirement` partial).
    struct Requirement: Encodable, Sendable {
        let index: Int
        let name: String
        let conditional: Bool
        let options: [Option]
        let hasOptions: Bool
        /// Required but not given in the refused attempt (marked, and linked from the error summary).
        let missing: Bool
    }

    /// A document of the citizen's store that can fill a requirement.
    struct Option: Encodable, Sendable {
        let id: Int64
        let label: String
        let selected: Bool
        let isResult: Bool
    }

    let code: String
    let name: String
    let action: String
    let commune: Bool
    let communes: [CommuneOption]
    let values: Values
    let requirements: [Requirement]
    let conditionalRequirements: [Requirement]
    let hasConditional: Bool
    let submissionKey: String
    let fee: String
    /// Asked when a fee is charged per copy: how many copies, and the price of one.
    let asksCopies: Bool
    let copies: Int
    let copyFee: String
    let maxMB: Int
    let error: String?
    let saved: Bool
    /// The requirements the refused attempt lacked, in the error summary.
    let missingDocuments: [Requirement]
    let hasMissing: Bool
    /// What a partly online procedure still asks in person (shown before the form).
    let inPersonSteps: [InPersonStepRow]
    let hasInPersonSteps: Bool

    init(
        _ p: Procedure, draft: SubmissionDraft, store: [StoredDocument], communes: [CommuneOption], english: Bool,
        maxMB: Int, error: String?, saved: Bool, missing: [Int] = []
    ) {
        code = p.code
        name = english ? p.nameEn : p.name
        action = Routes.submission.link(p.code)
        commune = p.level == .commune
        inPersonSteps = InPersonStepRow.rows(p, english: english)
        hasInPersonSteps = !inPersonSteps.isEmpty
        self.communes = communes
        let a = draft.applicant
        values = Values(
            fullName: a.fullName, idNumber: a.idNumber, phone: a.phone, email: a.email ?? "", address: a.address,
            note: draft.note ?? "")
        let all = p.documents.enumerated().map { index, d in
            let picked = draft.documents[String(index)]
            return Requirement(
                index: index, name: english ? d.nameEn : d.name, conditional: d.conditional,
                options: store.map { Self.option($0, picked: picked) }, hasOptions: !store.isEmpty,
                missing: missing.contains(index))
        }
        missingDocuments = all.filter(\.missing)
        hasMissing = !missingDocuments.isEmpty
        requirements = all.filter { !$0.conditional }
        conditionalRequirements = all.filter { $0.conditional }
        hasConditional = p.documents.contains { $0.conditional }
        submissionKey = draft.submissionKey
        let answers = draft.feeAnswers ?? FeeAnswers()
        fee = Format.fee(p.feeDue(answers, on: LocalDate.local(draft.updatedAt, utcOffsetSeconds: Format.offset).date), english: english)
        asksCopies = p.chargesPerCopy
        copies = answers.copies
        copyFee = Format.money(p.fees.filter { $0.per == .copy }.reduce(0) { $0 + $1.amount })
        self.maxMB = maxMB
        self.error = error
        self.saved = saved
    }

    /// A stored document as a choice: its title, file name and the day it was stored.
    static func option(_ doc: StoredDocument, picked: Int64?) -> Option {
        let day = Format.day(LocalDate.local(doc.createdAt, utcOffsetSeconds: Format.offset).date)
        return Option(
            id: doc.id, label: "\(doc.title.prefix(60)) · \(doc.fileName) (\(day))", selected: doc.id == picked,
            isResult: doc.kind == .result)
    }
}
