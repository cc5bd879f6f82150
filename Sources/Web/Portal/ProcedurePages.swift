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

    /// A fee of the procedure.
    struct FeeRow: Encodable, Sendable {
        let name: String
        let amount: String
        let note: String?
    }

    let code: String
    let name: String
    let field: String
    let days: Int
    let agency: String
    let result: String
    let online: Bool
    let submitLink: String
    let documents: [Document]
    let fees: [FeeRow]
    let hasFees: Bool
    let legalBasis: [String]

    init(_ p: Procedure, field: ProcedureField?, agency: String, english: Bool) {
        code = p.code
        name = english ? p.nameEn : p.name
        self.field = (english ? field?.nameEn : field?.name) ?? p.field
        days = p.processingDays
        self.agency = agency
        result = english ? p.resultEn : p.result
        online = p.onlineLevel == .full
        submitLink = Routes.submission.link(p.code)
        documents = p.documents.map { d in
            Document(
                name: english ? d.nameEn : d.name, originals: d.originals, copies: d.copies, conditional: d.conditional,
                form: d.form)
        }
        fees = p.fees.map { FeeRow(name: english ? $0.nameEn : $0.name, amount: Format.money($0.amount), note: $0.note) }
        hasFees = !p.fees.isEmpty
        legalBasis = p.legalBasis
    }
}
