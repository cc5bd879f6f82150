import Domain
import Foundation

/// The counter form of an online-only procedure (`receive` template): no paper receipt; the officer
/// submits online on the applicant's behalf, with a scan of each required document.
struct AssistedReceiptForm: Encodable, Sendable {
    /// A document to scan; a conditional one only when the case needs it.
    struct Scan: Encodable, Sendable {
        let index: Int
        let name: String
        let conditional: Bool
    }

    let procedureCode: String
    let procedureName: String
    /// The text that makes the procedure online-only.
    let basis: String
    let action: String
    let scans: [Scan]
    let maxMB: Int

    /// The form for `procedure` when paper is refused for it on `day`; nil otherwise.
    init?(_ procedure: Procedure, on day: LocalDate, english: Bool, maxMB: Int) {
        guard procedure.isOnlineOnly(on: day), let rule = procedure.onlineTerms.onlineOnly else { return nil }
        procedureCode = procedure.code
        procedureName = english ? procedure.nameEn : procedure.name
        basis = rule.basis
        action = Routes.receiptAssisted.link(procedure.code)
        scans = procedure.documents.enumerated().map { index, d in
            Scan(index: index, name: english ? d.nameEn : d.name, conditional: d.conditional)
        }
        self.maxMB = maxMB
    }
}
