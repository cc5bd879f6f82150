import Domain
import Foundation
import Hummingbird

/// VNPay's server-to-server notice (IPN): `GET /api/v1/payments/vnpay/ipn?vnp_…`, always answered
/// 200 with the JSON `{"RspCode", "Message"}` the protocol defines: 97 bad signature, 01 unknown
/// order, 04 wrong amount, 02 already confirmed (a retry, or another transaction), 00 recorded (a
/// success settles the dossier's fee once, in one transaction with its audit line), 99 otherwise.
struct VNPayIPNController: Sendable {
    let portal: PortalService

    /// The protocol's answer.
    struct Answer: Encodable, Sendable {
        let RspCode: String
        let Message: String
    }

    func addRoutes(to groups: RouteGroups) {
        groups.open.on(Routes.apiVNPayIPN, .get, ipn)
    }

    @Sendable func ipn(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        // Decoded as a form (`+` is a space), as VNPay encoded what it signed.
        let parameters = VNPayMessage.parseQuery(request.uri.query ?? "")
        let code: String
        do {
            switch try await portal.receiveNotice(parameters, address: context.clientAddress) {
            case .settled, .failed: code = "00"
            case .alreadyPaid, .conflict, .duplicate: code = "02"
            }
        } catch let error as DomainError {
            code = Self.codes[error.code] ?? "99"
        }
        return try JSONCoding.response(Answer(RspCode: code, Message: Self.messages[code] ?? "Unknown error"))
    }

    /// The protocol's code for each refusal of a notice.
    static let codes = ["payment.badSignature": "97", "payment.notFound": "01", "payment.amountMismatch": "04"]
    static let messages = [
        "00": "Confirm Success", "01": "Order not found", "02": "Order already confirmed", "04": "Invalid amount",
        "97": "Invalid signature", "99": "Unknown error",
    ]
}
