import Crypto
import Domain
import Foundation

/// The VNPay payment gateway, to its published merchant protocol 2.1.0: the payer is sent to
/// VNPay's page with a payment URL signed by HMAC-SHA512 under the merchant's hash secret; VNPay
/// answers with notices signed the same way, server to server (the IPN, which settles) and through
/// the payer's browser (the return, which is shown but never settles alone).
public struct VNPayPaymentProvider: PaymentProvider {
    public let id = "vnpay"
    public let displayName = "VNPay"
    public let settlesOnReturn = false
    let credentials: VNPayCredentials
    /// Where the platform's public address comes from (the return URL VNPay sends the payer back to starts with it).
    let settings: WebSettings
    /// How long VNPay may take the payment after the order was opened (`vnp_ExpireDate`).
    let orderLifetime: TimeInterval

    public init(credentials: VNPayCredentials, settings: WebSettings, orderLifetime: TimeInterval) {
        self.credentials = credentials
        self.settings = settings
        self.orderLifetime = orderLifetime
    }

    /// The payment URL of `payment`: its reference as `vnp_TxnRef`, the amount in hundredths, the
    /// order's opening and expiry on the GMT+7 clock. VNPay learns the IPN address from the merchant's
    /// registration, not from the request, so `notifyURL` is not sent.
    public func checkoutURL(for payment: Payment, returnURL: String, notifyURL: String, payerAddress: String, now: Date) -> String {
        let fields = [
            "vnp_Version": VNPayMessage.version, "vnp_Command": "pay", "vnp_TmnCode": credentials.tmnCode,
            "vnp_Amount": VNPayMessage.amount(payment.amount), "vnp_CurrCode": "VND", "vnp_TxnRef": payment.orderId,
            "vnp_OrderInfo": "Thanh toan phi ho so " + payment.orderId, "vnp_OrderType": "other", "vnp_Locale": "vn",
            "vnp_ReturnUrl": returnURL.hasPrefix("/") ? settings.origin + returnURL : returnURL, "vnp_IpAddr": payerAddress,
            "vnp_CreateDate": VNPayMessage.stamp(payment.createdAt),
            "vnp_ExpireDate": VNPayMessage.stamp(payment.createdAt.addingTimeInterval(orderLifetime)),
        ]
        let data = VNPayMessage.hashData(fields)
        return credentials.payURL + "?" + data + "&" + VNPayMessage.hashField + "=" + credentials.sign(data)
    }

    /// The notice in `p` (IPN or return) if VNPay signed it for this merchant. Its nonce is the
    /// transaction with its outcome, so a retried notice is recognised; it was issued at `vnp_PayDate`.
    public func verify(_ p: [String: String]) throws -> PaymentNotice {
        guard let hash = p[VNPayMessage.hashField], credentials.verify(hash, VNPayMessage.hashData(p)),
            p["vnp_TmnCode"] == credentials.tmnCode
        else { throw DomainError.forbidden("payment.badSignature") }
        guard let order = p["vnp_TxnRef"], !order.isEmpty, let amount = VNPayMessage.dong(p["vnp_Amount"]),
            let response = p["vnp_ResponseCode"], let issued = VNPayMessage.instant(p["vnp_PayDate"])
        else { throw DomainError.invalid("notice") }
        let transaction = p["vnp_TransactionNo"] ?? ""
        let status = p["vnp_TransactionStatus"] ?? response
        return PaymentNotice(
            orderId: order, transactionId: transaction, amount: amount, succeeded: response == "00" && status == "00",
            nonce: "\(order):\(transaction):\(response):\(status)", issuedAt: issued)
    }
}

/// A merchant's connection to VNPay: its pages' and API's addresses, its terminal code and hash secret.
public struct VNPayCredentials: Sendable {
    let payURL: String
    let apiURL: URL
    let tmnCode: String
    let secret: SymmetricKey

    public init(payURL: String, apiURL: URL, tmnCode: String, hashSecret: String) {
        self.payURL = payURL
        self.apiURL = apiURL
        self.tmnCode = tmnCode
        self.secret = SymmetricKey(data: Data(hashSecret.utf8))
    }

    /// HMAC-SHA512 of `data` under the hash secret, in lower-case hexadecimal (`vnp_SecureHash`).
    public func sign(_ data: String) -> String {
        HMAC<SHA512>.authenticationCode(for: Data(data.utf8), using: secret).map { String(format: "%02x", $0) }.joined()
    }

    /// Whether `hash` (either case) is the signature of `data`, compared in constant time.
    func verify(_ hash: String, _ data: String) -> Bool { Tokens.equal(hash.lowercased(), sign(data)) }
}
