import Crypto
import Domain
import Foundation

/// The sandbox payment gateway shipped with the platform. It behaves like a real one: the payer
/// is sent to its own page with a signed order; it answers with an HMAC-SHA256-signed notice,
/// once through the browser (return URL) and once server to server (notify URL).
public struct SandboxPaymentProvider: PaymentProvider {
    public let id = "sandbox"
    public let displayName = "Cổng thanh toán thử nghiệm"
    let secret: SymmetricKey
    /// How long a checkout link may be used after the order was stamped.
    let orderLifetime: TimeInterval

    public init(secret: String, orderLifetime: TimeInterval) {
        self.secret = SymmetricKey(data: Data(secret.utf8))
        self.orderLifetime = orderLifetime
    }

    /// The fields a notice carries, signed in this order.
    static let noticeFields = ["amount", "nonce", "order", "status", "ts", "txn"]
    /// The fields of a checkout request, signed in this order.
    static let checkoutFields = ["amount", "notify", "order", "return", "ts"]

    public func checkoutURL(for payment: Payment, returnURL: String, notifyURL: String, payerAddress: String, now: Date) -> String {
        var fields = [
            "amount": String(payment.amount), "order": payment.orderId, "return": returnURL,
            "notify": notifyURL, "ts": String(Int(now.timeIntervalSince1970)),
        ]
        fields["sig"] = signature(of: fields, Self.checkoutFields)
        return Routes.sandboxCheckout.link() + "?" + Self.query(fields)
    }

    /// The checkout request's fields if the merchant signed them at most the order's lifetime ago
    /// (and not in the future, beyond the clocks' skew).
    func verifiedCheckout(_ parameters: [String: String], now: Date) throws -> [String: String] {
        guard let sig = parameters["sig"], Tokens.equal(sig, signature(of: parameters, Self.checkoutFields)),
            let stamp = parameters["ts"].flatMap(Double.init),
            (-orderLifetime...PortalService.clockSkew).contains(stamp - now.timeIntervalSince1970),
            let amount = parameters["amount"], Int(amount).map({ $0 > 0 }) == true,
            parameters["order"]?.isEmpty == false, parameters["return"]?.hasPrefix("/") == true
        else {
            throw DomainError.forbidden("payment.badSignature")
        }
        return parameters
    }

    /// A signed notice for `order` (what the gateway sends back).
    func notice(order: String, amount: String, succeeded: Bool, transaction: String, now: Date) -> [String: String] {
        var fields = [
            "order": order, "amount": amount, "status": succeeded ? "00" : "24", "txn": transaction,
            "nonce": Tokens.random(), "ts": String(Int(now.timeIntervalSince1970)),
        ]
        fields["sig"] = signature(of: fields, Self.noticeFields)
        return fields
    }

    public func verify(_ p: [String: String]) throws -> PaymentNotice {
        guard let sig = p["sig"], Tokens.equal(sig, signature(of: p, Self.noticeFields)) else {
            throw DomainError.forbidden("payment.badSignature")
        }
        guard let order = p["order"], let txn = p["txn"], let amount = p["amount"].flatMap(Int.init),
            let nonce = p["nonce"], let ts = p["ts"].flatMap(Double.init), let status = p["status"]
        else {
            throw DomainError.invalid("notice")
        }
        return PaymentNotice(
            orderId: order, transactionId: txn, amount: amount, succeeded: status == "00", nonce: nonce,
            issuedAt: Date(timeIntervalSince1970: ts))
    }

    /// HMAC-SHA256 of `name=value&...` in the order of `names`, each value percent-encoded so that
    /// no value can contain the separators and move a field boundary.
    func signature(of fields: [String: String], _ names: [String]) -> String {
        let canonical = names.map { "\($0)=\(Self.escape(fields[$0] ?? ""))" }.joined(separator: "&")
        return HMAC<SHA256>.authenticationCode(for: Data(canonical.utf8), using: secret).map { String(format: "%02x", $0) }.joined()
    }

    static func query(_ fields: [String: String]) -> String {
        fields.sorted { $0.key < $1.key }.map { "\($0.key)=\(escape($0.value))" }.joined(separator: "&")
    }

    /// Characters left as they are by `escape`: RFC 3986's unreserved ones.
    static let unreserved: CharacterSet = {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return allowed
    }()

    /// `value` percent-encoded (everything but RFC 3986's unreserved characters).
    static func escape(_ value: String) -> String { value.addingPercentEncoding(withAllowedCharacters: unreserved) ?? "" }
}
