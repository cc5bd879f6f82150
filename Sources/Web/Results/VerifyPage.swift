import Domain
import Foundation

/// The public verification page (`verify` template): empty, or the outcome of a check.
struct VerifyPage: PageModel {
    static let template = "verify"
    var code: String?
    var checked: Bool?
    var outcome: String?
    var outcomeText: String?
    var valid: Bool?
    var agency: String?
    var document: String?
    var procedure: String?
    var signedAt: String?
    var sha256: String?
    var serial: String?
    var revokeReason: String?

    /// The page before any check.
    init() {}

    /// The outcome of checking `code` (and the file, if one was given).
    init(_ report: VerificationReport, code: String, outcomeText: String, english: Bool) {
        self.code = code
        checked = true
        outcome = report.outcome.rawValue
        self.outcomeText = outcomeText
        valid = report.outcome == .valid
        agency = english ? report.agencyNameEn : report.agencyName
        document = report.document.map { english ? $0.nameEn : $0.name }
        procedure = report.document.map { "\(english ? $0.procedureNameEn : $0.procedureName) (\($0.procedureCode))" }
        signedAt = report.signedAt.map(Format.instant)
        sha256 = report.sha256
        serial = report.signature?.certificateSerial
        revokeReason = report.revokeReason
    }
}
