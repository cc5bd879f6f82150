import Configuration
import Foundation
import Web

/// The VNPay connection (`PAYMENT_PROVIDER=vnpay`): the payment page's and the merchant API's
/// addresses, the terminal code and the hash secret VNPay issued to the province. Every one is
/// required; production refuses VNPay's published sandbox address and demo terminal codes.
public struct VNPaySettings: Sendable {
    public var payURL: String
    public var apiURL: URL
    public var tmnCode: String
    public var hashSecret: String

    /// The sandbox host and the terminal codes VNPay publishes in its integration guide.
    static let publishedDemoHosts = ["sandbox.vnpayment.vn"]
    static let publishedDemoTerminals = ["DEMOV210", "2QXUI4J4"]

    /// Reads the four keys; each missing or unusable one is added to `problems` (refused at start in any mode).
    init(_ config: ConfigReader, production: Bool, problems: inout [String]) {
        let pay = config.string(forKey: ["vnpay", "url"]) ?? ""
        let api = config.string(forKey: ["vnpay", "api", "url"]) ?? ""
        tmnCode = config.string(forKey: ["vnpay", "tmn", "code"]) ?? ""
        hashSecret = config.string(forKey: ["vnpay", "hash", "secret"], isSecret: true) ?? ""
        payURL = pay
        apiURL = URL(string: api) ?? URL(fileURLWithPath: "/")
        func web(_ text: String) -> Bool {
            guard let url = URL(string: text), let host = url.host, !host.isEmpty else { return false }
            return url.scheme == "https" || (!production && url.scheme == "http")
        }
        func demo(_ text: String) -> Bool { Self.publishedDemoHosts.contains { URL(string: text)?.host == $0 } }
        if !web(pay) || (production && demo(pay)) {
            problems.append("VNPAY_URL: the https:// address of VNPay's payment page given to the province (not the sandbox)")
        }
        if !web(api) || (production && demo(api)) {
            problems.append("VNPAY_API_URL: the https:// address of VNPay's merchant API (querydr, refund; not the sandbox)")
        }
        let code = tmnCode.count == 8 && tmnCode.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) }
        if !code || (production && Self.publishedDemoTerminals.contains(tmnCode)) {
            problems.append("VNPAY_TMN_CODE: the 8-character terminal code VNPay issued (not a published demo code)")
        }
        if hashSecret.count < 16 || (production && hashSecret.hasPrefix(AppConfig.developmentSecretPrefix)) {
            problems.append("VNPAY_HASH_SECRET: the hash secret VNPay issued with the terminal code (16 characters or more; secret)")
        }
    }

    /// `scheme://host[:port]` of the payment page (allowed as a form's destination by the pages' policy).
    var payOrigin: String? {
        guard let url = URL(string: payURL), let scheme = url.scheme, let host = url.host else { return nil }
        return scheme + "://" + host + (url.port.map { ":\($0)" } ?? "")
    }

    /// The credentials the provider and the API client sign with.
    var credentials: VNPayCredentials {
        VNPayCredentials(payURL: payURL, apiURL: apiURL, tmnCode: tmnCode, hashSecret: hashSecret)
    }
}
