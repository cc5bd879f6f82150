import Domain
import Foundation

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// VNPay's merchant API (`querydr` and `refund`): a JSON POST whose checksum covers the call's fields
/// joined by `|` in the protocol's order; the answer is trusted only when its own checksum verifies.
public struct VNPayGatewayAPI: PaymentGatewayAPI {
    public let providerId = "vnpay"
    let credentials: VNPayCredentials
    /// The address the platform calls from (`vnp_IpAddr` of API calls).
    let serverAddress: String

    public init(credentials: VNPayCredentials, serverAddress: String = "127.0.0.1") {
        self.credentials = credentials
        self.serverAddress = serverAddress
    }

    public func query(_ payment: Payment, now: Date) async throws -> GatewayTransaction {
        var fields = request("querydr", payment, now: now)
        fields["vnp_TransactionDate"] = VNPayMessage.stamp(payment.createdAt)
        fields["vnp_OrderInfo"] = "Truy van giao dich " + payment.orderId
        let answer = try await call(fields, VNPayMessage.queryFields, answerFields: VNPayMessage.queryAnswerFields)
        let code = answer["vnp_ResponseCode"] ?? ""
        if code == "91" {
            return GatewayTransaction(orderId: payment.orderId, state: .notFound, amount: nil, transactionId: nil, paidAt: nil, code: code)
        }
        guard code == "00", answer["vnp_TxnRef"] == payment.orderId else { throw DomainError.conflict("payment.gatewayUnavailable") }
        let status = answer["vnp_TransactionStatus"] ?? ""
        let refund = ["02", "03"].contains(answer["vnp_TransactionType"] ?? "") || ["05", "06"].contains(status)
        let state: GatewayTransaction.State = status == "00" ? (refund ? .refunded : .paid) : (refund ? .refunded : .unpaid)
        return GatewayTransaction(
            orderId: payment.orderId, state: state, amount: VNPayMessage.dong(answer["vnp_Amount"]),
            transactionId: answer["vnp_TransactionNo"].flatMap { $0.isEmpty ? nil : $0 },
            paidAt: VNPayMessage.instant(answer["vnp_PayDate"]), code: status.isEmpty ? code : status)
    }

    public func refund(_ payment: Payment, transactionId: String, amount: Int, requestedBy: String, now: Date) async throws
        -> GatewayRefund
    {
        var fields = request("refund", payment, now: now)
        fields["vnp_TransactionType"] = amount == payment.amount ? "02" : "03"
        fields["vnp_Amount"] = VNPayMessage.amount(amount)
        fields["vnp_TransactionNo"] = transactionId
        fields["vnp_TransactionDate"] = VNPayMessage.stamp(payment.createdAt)
        fields["vnp_CreateBy"] = requestedBy
        fields["vnp_OrderInfo"] = "Hoan tien giao dich " + payment.orderId
        let answer = try await call(fields, VNPayMessage.refundFields, answerFields: VNPayMessage.refundAnswerFields)
        let code = answer["vnp_ResponseCode"] ?? ""
        return GatewayRefund(accepted: code == "00", code: code)
    }

    /// The fields every call carries: a fresh request id, the version, the command, the merchant, the order, the time.
    func request(_ command: String, _ payment: Payment, now: Date) -> [String: String] {
        [
            "vnp_RequestId": UUID().uuidString.replacingOccurrences(of: "-", with: ""), "vnp_Version": VNPayMessage.version,
            "vnp_Command": command,
            "vnp_TmnCode": credentials.tmnCode, "vnp_TxnRef": payment.orderId, "vnp_CreateDate": VNPayMessage.stamp(now),
            "vnp_IpAddr": serverAddress,
        ]
    }

    /// Posts `fields` signed over `names`; returns the answer's fields as text once its checksum over
    /// `answerFields` verifies. An unreachable gateway, or an unsigned answer, is `gatewayUnavailable`.
    func call(_ fields: [String: String], _ names: [String], answerFields: [String]) async throws -> [String: String] {
        var body = fields
        body[VNPayMessage.hashField] = credentials.sign(VNPayMessage.checksumData(fields, names))
        var request = URLRequest(url: credentials.apiURL, timeoutInterval: 10)
        request.httpMethod = "POST"
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.httpBody = try JSONSerialization.data(withJSONObject: body)
        let unavailable = DomainError.conflict("payment.gatewayUnavailable")
        guard let (data, response) = try? await OutgoingHTTP.session.data(for: request),
            (response as? HTTPURLResponse)?.statusCode == 200,
            let fields = try? JSONDecoder().decode([String: AnswerField].self, from: data)
        else { throw unavailable }
        let answer = fields.compactMapValues(\.text)
        guard let hash = answer[VNPayMessage.hashField], credentials.verify(hash, VNPayMessage.checksumData(answer, answerFields))
        else { throw unavailable }
        return answer
    }
}

/// A field of the gateway's JSON answer as text: a string as it is, a number VNPay sends unquoted in
/// its decimal form; anything else (null, a nested value) is left out of the answer.
struct AnswerField: Decodable {
    let text: String?

    init(from decoder: any Decoder) throws {
        let value = try decoder.singleValueContainer()
        if let string = try? value.decode(String.self) {
            text = string
        } else if let integer = try? value.decode(Int64.self) {
            text = String(integer)
        } else if let number = try? value.decode(Double.self) {
            text = String(number)
        } else {
            text = nil
        }
    }
}
