import Foundation
import TestSupport

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// The local VNPay gateway (`scripts/vnpay/simulator.py`, written from the published protocol in
/// Python) run for one test: its payment page, IPN, `querydr` and `refund`, and its test controls.
final class VNPaySimulator: @unchecked Sendable {
    static let tmnCode = "MOTCUA01"
    static let secret = "test-vnpay-hash-secret-0123456789"

    let process: Process
    let port: Int
    let session = URLSession(configuration: .ephemeral, delegate: NoRedirects(), delegateQueue: nil)

    /// Starts the simulator on a free port.
    init() throws {
        let (process, port) = try LocalScriptServer.start(
            "scripts/vnpay/simulator.py", ["--tmn", Self.tmnCode, "--secret", Self.secret, "--port", "0"], name: "VNPay simulator")
        self.process = process
        self.port = port
    }

    deinit { stop() }

    /// Stops the simulator (it also stops by itself when this process ends).
    func stop() { if process.isRunning { process.terminate() } }

    var base: String { "http://127.0.0.1:\(port)" }

    /// The platform's configuration for this gateway.
    var environment: [String: String] {
        [
            "PAYMENT_PROVIDER": "vnpay", "VNPAY_URL": base + "/paymentv2/vpcpay.html",
            "VNPAY_API_URL": base + "/merchant_webapi/api/transaction", "VNPAY_TMN_CODE": Self.tmnCode,
            "VNPAY_HASH_SECRET": Self.secret,
        ]
    }

    /// An answer of the simulator: status, `Location`, body.
    struct Answer {
        let status: Int
        let location: String?
        let text: String
        var json: [String: Any] { (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any] ?? [:] }
    }

    func send(_ method: String, _ url: String, form: [String: String]? = nil, json: Any? = nil) async throws -> Answer {
        var request = URLRequest(url: URL(string: url.hasPrefix("/") ? base + url : url)!, timeoutInterval: 20)
        request.httpMethod = method
        if let form {
            request.setValue("application/x-www-form-urlencoded", forHTTPHeaderField: "Content-Type")
            request.httpBody = Data(form.map { "\($0.key)=\($0.value)" }.joined(separator: "&").utf8)
        } else if let json {
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
            request.httpBody = try JSONSerialization.data(withJSONObject: json)
        }
        let (data, response) = try await session.data(for: request)
        let http = response as? HTTPURLResponse
        return Answer(
            status: http?.statusCode ?? 0, location: http?.value(forHTTPHeaderField: "Location"),
            text: String(decoding: data, as: UTF8.self))
    }

    /// Tells the gateway where the merchant's IPN endpoint is (VNPay learns it from the merchant's registration).
    func register(appPort: Int?) async throws {
        _ = try await send("POST", "/_sim/config", json: ["ipn_url": "http://127.0.0.1:\(appPort ?? 0)/api/v1/payments/vnpay/ipn"])
    }

    /// Opens `paymentURL` and pays (or cancels); returns the return URL the payer is sent to, as a path of the platform.
    func pay(_ paymentURL: String, decision: String = "pay", skipIPN: Bool = false) async throws -> String {
        let page = try await send("GET", paymentURL)
        guard page.status == 200, let ref = page.text.range(of: "name=ref value=\"").map({ page.text[$0.upperBound...] }),
            let end = ref.firstIndex(of: "\"")
        else { throw TestSetupError("VNPay page: \(page.status) \(page.text.prefix(300))") }
        var form = ["ref": String(ref[..<end]), "decision": decision]
        if skipIPN { form["skip_ipn"] = "1" }
        let back = try await send("POST", "/paymentv2/decide", form: form)
        guard back.status == 302, let location = back.location, let url = URLComponents(string: location) else {
            throw TestSetupError("VNPay decision: \(back.status) \(back.text.prefix(300))")
        }
        return url.path + "?" + (url.percentEncodedQuery ?? "")
    }

    /// The IPNs sent and the platform's answers.
    func ipnLog() async throws -> [[String: Any]] {
        (try JSONSerialization.jsonObject(with: Data(try await send("GET", "/_sim/ipn-log").text.utf8))) as? [[String: Any]] ?? []
    }

    /// A notice about `order` signed with the merchant's secret, as a query string; `fields` override the
    /// gateway's record (`amount` in hundredths, `pay_date`, `transaction_no`, `response_code`, `status`).
    func notice(_ order: String, _ fields: [String: Any] = [:]) async throws -> String {
        try await send("POST", "/_sim/notice", json: fields.merging(["txn_ref": order]) { a, _ in a }).json["query"] as? String ?? ""
    }

    /// Changes the gateway's record of `order` (amounts in hundredths).
    func set(_ order: String, _ fields: [String: Any]) async throws {
        _ = try await send("POST", "/_sim/set", json: fields.merging(["txn_ref": order]) { a, _ in a })
    }

    /// Answers every redirect with "do not follow".
    final class NoRedirects: NSObject, URLSessionTaskDelegate, Sendable {
        func urlSession(
            _ session: URLSession, task: URLSessionTask, willPerformHTTPRedirection response: HTTPURLResponse,
            newRequest request: URLRequest, completionHandler: @escaping @Sendable (URLRequest?) -> Void
        ) {
            completionHandler(nil)
        }
    }
}
