import Domain
import Foundation

/// One procedure of the catalogue (`procedure` template): documents, fees, legal basis.
struct ProcedurePage: PageModel {
    static let template = "procedure"

    /// A document the applicant provides.
    struct Document: Encodable, Sendable {
        let name: String
        let originals: Int
        let copies: Int
        let conditional: Bool
        let form: String?
    }

    /// A fee of the procedure: its amount ("Miễn phí" when nothing), per copy or per dossier, and the
    /// cases the law exempts.
    struct FeeRow: Encodable, Sendable {
        let name: String
        let amount: String
        let perCopy: Bool
        let note: String?
        let exemptions: [String]
        /// The article that sets the amount, when the catalogue cites one.
        let basis: String?
    }

    let code: String
    let name: String
    let field: String
    let timeLimit: String
    let timeLimitBasis: String?
    /// The hour after which a receipt counts from the next working day, and the article that sets it.
    let cutoff: String?
    let cutoffBasis: String?
    let agency: String
    let result: String
    /// Fully online (toàn trình); otherwise partly online, with the steps done in person.
    let fullOnline: Bool
    let onlineLevelBasis: String?
    let inPersonSteps: [InPersonStepRow]
    let hasInPersonSteps: Bool
    /// The text that makes the procedure online-only, when it does.
    let onlineOnlyBasis: String?
    let submitLink: String
    let documents: [Document]
    let fees: [FeeRow]
    let hasFees: Bool
    let legalBasis: [String]

    init(_ p: Procedure, field: ProcedureField?, agency: String, english: Bool) {
        code = p.code
        name = english ? p.nameEn : p.name
        self.field = (english ? field?.nameEn : field?.name) ?? p.field
        timeLimit = p.timeLimit.label(english: english)
        timeLimitBasis = p.timeLimitBasis
        cutoff = p.cutoff
        cutoffBasis = p.cutoffBasis
        self.agency = agency
        result = english ? p.resultEn : p.result
        fullOnline = p.onlineLevel == .full
        onlineLevelBasis = p.onlineTerms.levelBasis
        inPersonSteps = InPersonStepRow.rows(p, english: english)
        hasInPersonSteps = !inPersonSteps.isEmpty
        onlineOnlyBasis = p.onlineTerms.onlineOnly?.basis
        submitLink = Routes.submission.link(p.code)
        documents = p.documents.map { d in
            Document(
                name: english ? d.nameEn : d.name, originals: d.originals, copies: d.copies, conditional: d.conditional,
                form: d.form)
        }
        fees = p.fees.map { f in
            FeeRow(
                name: english ? f.nameEn : f.name, amount: Format.fee(f.amount, english: english), perCopy: f.per == .copy && f.amount > 0,
                note: f.note, exemptions: f.exemptions.map(\.basis), basis: f.basis)
        }
        hasFees = !p.fees.isEmpty
        legalBasis = p.legalBasis
    }
}

/// A step of a partly online procedure done in person, with its article (procedure and submission pages).
struct InPersonStepRow: Encodable, Sendable {
    let name: String
    let basis: String

    static func rows(_ p: Procedure, english: Bool) -> [InPersonStepRow] {
        p.onlineTerms.inPersonSteps.map { InPersonStepRow(name: english ? $0.nameEn : $0.name, basis: $0.basis) }
    }
}
