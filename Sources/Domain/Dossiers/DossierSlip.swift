import Foundation

/// The statutory slips of the one-stop mechanism a workflow action issues, numbered as Appendix I of
/// Circular 03/2025/TT-VPCP (guiding Decree 118/2025/NĐ-CP, in force from 1 July 2025; it replaced the forms
/// of Circular 01/2018/TT-VPCP, which guided the repealed Decree 61/2018/NĐ-CP) numbers its forms.
public enum SlipKind: String, Codable, Sendable, CaseIterable {
    /// Mẫu số 02: Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ.
    case supplementRequest
    /// Mẫu số 03: Phiếu từ chối tiếp nhận giải quyết hồ sơ.
    case refusal
    /// Mẫu số 04: Văn bản xin lỗi và hẹn lại ngày trả kết quả (with the new appointment date).
    case apology
    /// Mẫu số 05: Thông báo dừng giải quyết hồ sơ.
    case stopNotice

    /// The form's number in Appendix I of Circular 03/2025/TT-VPCP.
    public var form: String {
        switch self {
        case .supplementRequest: "02"
        case .refusal: "03"
        case .apology: "04"
        case .stopNotice: "05"
        }
    }

    /// Where the form comes from, printed under its title.
    public static let source = "Thông tư 03/2025/TT-VPCP, Phụ lục I"
    /// The other forms of the same appendix the platform prints.
    public static let receiptForm = "01"
    public static let controlSlipForm = "06"
    public static let trackingBookForm = "07"

    /// The slip a transition issues: by its effect (supplement request, apology) or by the outcome of the state it
    /// enters (refused, stopped); nil when it issues none.
    public static func issued(by transition: WorkflowTransition, entering state: WorkflowState?) -> SlipKind? {
        switch transition.effect {
        case .requestSupplement: return .supplementRequest
        case .apologize: return .apology
        default: break
        }
        switch state?.outcome {
        case .refused: return .refusal
        case .stopped: return .stopNotice
        default: return nil
        }
    }
}

/// A slip issued to the applicant and kept with the dossier as it was printed: what it is, the event of the
/// history that issued it, the reason, the new appointment (an apology), who signed and when.
public struct DossierSlip: Codable, Sendable, Hashable {
    public var kind: SlipKind
    /// Sequence of the dossier's event that issued it (set by the store when it is written with the event).
    public var sequence: Int
    public var reason: String
    /// The new appointment date an apology gives.
    public var newDueDate: LocalDate?
    public var issuedAt: Date
    public var issuedBy: String

    public init(kind: SlipKind, sequence: Int = 0, reason: String, newDueDate: LocalDate?, issuedAt: Date, issuedBy: String) {
        self.kind = kind
        self.sequence = sequence
        self.reason = reason
        self.newDueDate = newDueDate
        self.issuedAt = issuedAt
        self.issuedBy = issuedBy
    }
}
