import App
import Domain
import Foundation
import Logging
import Persistence
import TestSupport
import Testing
import Web

/// Fees through VNPay's protocol, against a local gateway written from the published protocol
/// (`scripts/vnpay/simulator.py`): the payment URL it accepts, the IPN that settles once, the browser
/// return that never settles alone, the status query, refunds and the daily reconciliation.
@Suite("VNPay")
struct VNPayTests {
    /// The worked example's secret; the hashes below were computed independently with Python:
    /// `hmac.new(b"worked-example-hash-secret-2026", TEXT.encode(), hashlib.sha512).hexdigest()`.
    static let exampleSecret = "worked-example-hash-secret-2026"

    @Test("signatures: the payment URL and a querydr checksum of the worked example, HMAC-SHA512 computed in Python")
    func workedExample() throws {
        let credentials = VNPayCredentials(
            payURL: "https://pay.example.vn/paymentv2/vpcpay.html", apiURL: URL(string: "https://pay.example.vn/api")!,
            tmnCode: "MOTCUA01", hashSecret: Self.exampleSecret)
        #expect(
            credentials.sign(VNPayMessage.hashData(VNPayMessageExample.payment))
                == "415c9bffc1ee531193089c9a81b8259e9c12dd6e0d4df0bc57bcf4f65b9277bbe4986645e35af8ae837b3c040ead82d22e"
                + "cfec47f126c8011e509f61c9e10546")
        let query =
            "REQ0001|2.1.0|querydr|MOTCUA01|MC0123456789ABCDEF0123|20261206150000|20261206160000|203.0.113.7|"
            + "Truy van giao dich MC0123456789ABCDEF0123"
        #expect(
            credentials.sign(query)
                == "6c7dd162321c97f9a8c62a42b8eaf7787726be7fada5186c179eadc26140e002ef231f8222194122329b223d7a8cba2f7a5d2b"
                + "1e9010dc1d945dc34ed882a49b")
        // The provider builds exactly that URL for the order (opened 08:00 UTC = 15:00 GMT+7, 15 minutes to pay).
        let provider = VNPayPaymentProvider(
            credentials: credentials, settings: WebSettings(publicBaseURL: "https://dichvucong.example.vn"), orderLifetime: 900)
        let order = Payment(
            orderId: "MC0123456789ABCDEF0123", dossierId: 1, citizenId: 1, amount: 8000, provider: "vnpay",
            createdAt: Date(timeIntervalSince1970: 1_796_544_000))
        let url = provider.checkoutURL(
            for: order, returnURL: "https://dichvucong.example.vn/ho-so-cua-toi/H01.01-261206-0001/thanh-toan/ket-qua",
            notifyURL: "not sent: VNPay has the IPN address from the merchant's registration", payerAddress: "203.0.113.7", now: Date())
        #expect(
            url == "https://pay.example.vn/paymentv2/vpcpay.html?" + VNPayMessage.hashData(VNPayMessageExample.payment)
                + "&vnp_SecureHash=415c9bffc1ee531193089c9a81b8259e9c12dd6e0d4df0bc57bcf4f65b9277bbe4986645e35af8ae837b3c040ead82"
                + "d22ecfec47f126c8011e509f61c9e10546")
    }

    /// Registers a citizen, submits a dossier and moves it to "awaiting payment" of 8 000 đ; returns the
    /// citizen's session, the dossier's code and the gateway's payment URL.
    static func awaitingPayment(
        _ api: APIClient, phone: String = "0912000111", idNumber: String = "038190001234"
    ) async throws -> (BrowserSession, String, String) {
        let browser = BrowserSession(api)
        try await Portal.register(browser, phone: phone, idNumber: idNumber)
        guard let code = try await Portal.submitBirth(browser).code else { throw TestSetupError("submission") }
        _ = try await Portal.toAwaitingPayment(api, code, amount: 8000)
        _ = try await browser.get("/ho-so-cua-toi/\(code)")
        let start = try await browser.post("/ho-so-cua-toi/\(code)/thanh-toan", [:])
        guard start.status == .seeOther, let url = start.headers[.location] else { throw TestSetupError("payment start: \(start.status)") }
        return (browser, code, url)
    }

    static func state(_ api: APIClient, _ code: String) async throws -> String {
        try await api.dossier(try await api.login("tiepnhan.hacthanh"), code)[path: "dossier.state"] as? String ?? ""
    }

    static func order(of url: String) -> String {
        URLComponents(string: url)?.queryItems?.first { $0.name == "vnp_TxnRef" }?.value ?? ""
    }

    @Test(
        "a full payment: the gateway accepts the signed URL, its IPN settles exactly once, retries answer 02", arguments: Backend.available)
    func payment(_ backend: Backend) async throws {
        let gateway = try VNPaySimulator()
        try await withApp(backend, extraEnvironment: gateway.environment) { api, db in
            try await gateway.register(appPort: api.port)
            let (browser, code, url) = try await Self.awaitingPayment(api)
            #expect(url.hasPrefix(gateway.base + "/paymentv2/vpcpay.html?"))
            // The pay button's answer sends the browser to the gateway: the pages' policy lets the form go there.
            let policy = try await browser.get("/ho-so-cua-toi/\(code)").headers[.contentSecurityPolicy] ?? ""
            #expect(policy.contains("form-action 'self' \(gateway.base);"))
            let items = URLComponents(string: url)?.queryItems ?? []
            #expect(items.first { $0.name == "vnp_Amount" }?.value == "800000")
            #expect(items.first { $0.name == "vnp_TmnCode" }?.value == VNPaySimulator.tmnCode)
            #expect(items.first { $0.name == "vnp_ReturnUrl" }?.value?.hasSuffix("/ho-so-cua-toi/\(code)/thanh-toan/ket-qua") == true)
            let events = try await db.count("dossier_events")

            let back = try await gateway.pay(url)
            let log = try await gateway.ipnLog()
            #expect((log.first?["answer"] as? [String: Any])?["RspCode"] as? String == "00")
            #expect(try await Self.state(api, code) == "processing")
            #expect(try await db.count("dossier_events") == events + 1)
            let shown = try await browser.get(back)
            #expect(shown.headers[.location]?.hasSuffix("/ho-so-cua-toi/\(code)?payment=ok") == true)
            #expect(try await browser.get(shown.headers[.location] ?? "").text.contains("payment-ok"))

            // VNPay retries the same IPN: "already confirmed", nothing more happens.
            let ipn = "/api/v1/payments/vnpay/ipn?" + (back.split(separator: "?", maxSplits: 1).last.map(String.init) ?? "")
            for _ in 0..<2 {
                let again = try await api.request(.get, ipn)
                #expect(again.status == .ok)
                #expect(again.json["RspCode"] as? String == "02")
            }
            #expect(try await db.count("dossier_events") == events + 1)
            #expect(try await db.count("payment_notices") == 1)
            #expect(
                try await api.request(.get, "/api/v1/dossiers/\(code)", token: try await api.login("tiepnhan.hacthanh")).text.contains(
                    "VNPay"))
        }
    }

    @Test(
        "a cancelled payment: its IPN is confirmed, nothing settles, the page says so, and paying again works", arguments: Backend.available
    )
    func cancelled(_ backend: Backend) async throws {
        let gateway = try VNPaySimulator()
        try await withApp(backend, extraEnvironment: gateway.environment) { api, db in
            try await gateway.register(appPort: api.port)
            let (browser, code, url) = try await Self.awaitingPayment(api)
            let back = try await gateway.pay(url, decision: "cancel")
            #expect((try await gateway.ipnLog().first?["answer"] as? [String: Any])?["RspCode"] as? String == "00")
            #expect(try await browser.get(back).headers[.location]?.hasSuffix("payment=failed") == true)
            #expect(try await Self.state(api, code) == "awaitingPayment")
            let again = try #require(try await browser.post("/ho-so-cua-toi/\(code)/thanh-toan", [:]).headers[.location])
            // A new attempt is a new order: VNPay refuses a `vnp_TxnRef` already used.
            #expect(Self.order(of: again) != Self.order(of: url))
            let paid = try await gateway.pay(again)
            #expect(try await browser.get(paid).headers[.location]?.hasSuffix("payment=ok") == true)
            #expect(try await Self.state(api, code) == "processing")
            #expect(try await db.count("payment_notices") == 2)
        }
    }

    @Test(
        "forged, wrong-amount, unknown-order and late notices are refused with the protocol's codes; nothing settles",
        arguments: Backend.available)
    func refusals(_ backend: Backend) async throws {
        let gateway = try VNPaySimulator()
        try await withApp(backend, extraEnvironment: gateway.environment) { api, db in
            try await gateway.register(appPort: api.port)
            let (browser, code, url) = try await Self.awaitingPayment(api)
            let order = Self.order(of: url)
            _ = try await gateway.send("GET", url)  // the gateway records the order
            func ipn(_ query: String) async throws -> String? {
                let answer = try await api.request(.get, "/api/v1/payments/vnpay/ipn?" + query)
                #expect(answer.status == .ok)
                return answer.json["RspCode"] as? String
            }
            let good = try await gateway.notice(order, ["amount": 800_000, "transaction_no": 14_999_001])
            #expect(try await ipn(good.replacingOccurrences(of: "vnp_Amount=800000", with: "vnp_Amount=100")) == "97")
            #expect(try await ipn(good.replacingOccurrences(of: "vnp_SecureHash=", with: "vnp_SecureHash=00")) == "97")
            #expect(try await ipn(String(good.prefix { $0 != "&" })) == "97")  // unsigned
            #expect(try await ipn(try await gateway.notice(order, ["amount": 100_000, "transaction_no": 14_999_002])) == "04")
            #expect(try await ipn(try await gateway.notice("MCUNKNOWN", ["amount": 800_000, "transaction_no": 14_999_003])) == "01")
            let late = try await gateway.notice(
                order,
                ["amount": 800_000, "transaction_no": 14_999_004, "pay_date": VNPayMessage.stamp(Date().addingTimeInterval(-3600))])
            #expect(try await ipn(late) == "99")
            // The browser return, even correctly signed, never settles: the page says the gateway's confirmation is awaited.
            let shown = try await browser.get("/ho-so-cua-toi/\(code)/thanh-toan/ket-qua?" + good)
            #expect(shown.headers[.location]?.hasSuffix("payment=confirming") == true)
            #expect(try await browser.get(shown.headers[.location] ?? "").text.contains("payment-confirming"))
            let forged = try await browser.get(
                "/ho-so-cua-toi/\(code)/thanh-toan/ket-qua?"
                    + good.replacingOccurrences(of: "vnp_ResponseCode=00", with: "vnp_ResponseCode=24"))
            #expect(forged.status == .forbidden)
            #expect(try await Self.state(api, code) == "awaitingPayment")
            #expect(try await db.count("payment_notices") == 0)
            // The refused notices are in the audit log.
            let database = try db.open()
            let refused = try await database.read {
                try await $0.raw("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'payment.noticeRefused'").first()?.decode(
                    column: "n", as: Int.self)
            }
            await database.shutdown()
            #expect((refused ?? 0) >= 1)
            // The real one then settles.
            #expect(try await ipn(good) == "00")
            #expect(try await Self.state(api, code) == "processing")
        }
    }

    @Test("an administrator asks the gateway about an order and refunds it once, audited", arguments: Backend.available)
    func queryAndRefund(_ backend: Backend) async throws {
        let gateway = try VNPaySimulator()
        try await withApp(backend, extraEnvironment: gateway.environment) { api, db in
            try await gateway.register(appPort: api.port)
            let (_, _, url) = try await Self.awaitingPayment(api)
            let order = Self.order(of: url)
            _ = try await gateway.pay(url)
            let admin = try await api.login("quantri")
            let status = try await api.request(.get, "/api/v1/payments/\(order)/gateway", token: admin)
            #expect(status.status == .ok)
            #expect(status.json[path: "order.status"] as? String == "paid")
            #expect(status.json[path: "gateway.state"] as? String == "paid")
            #expect(status.json[path: "gateway.amount"] as? Int == 8000)
            let desk = try await api.login("tiepnhan.hacthanh")
            #expect(try await api.request(.get, "/api/v1/payments/\(order)/gateway", token: desk).status == .forbidden)
            #expect(try await api.request(.get, "/api/v1/payments/MCNOPE/gateway", token: admin).status == .notFound)

            let refund = "/api/v1/payments/\(order)/refund"
            let empty = try await api.request(.post, refund, token: admin, json: ["reason": " "])
            #expect(empty.status == .badRequest)
            #expect(empty.errorMessages.vi != nil && empty.errorMessages.en != nil)
            let tooMuch = try await api.request(.post, refund, token: admin, json: ["reason": "Nộp trùng", "amount": 9000])
            #expect(tooMuch.errorCode == "payment.refundAmount")
            let done = try await api.request(.post, refund, token: admin, json: ["reason": "Hồ sơ bị từ chối, hoàn phí"])
            #expect(done.status == .ok)
            #expect(done.json["refundedAmount"] as? Int == 8000)
            let again = try await api.request(.post, refund, token: admin, json: ["reason": "Lần nữa"])
            #expect(again.status == .conflict)
            #expect(again.errorCode == "payment.alreadyRefunded")
            let after = try await api.request(.get, "/api/v1/payments/\(order)/gateway", token: admin)
            #expect(after.json[path: "gateway.state"] as? String == "refunded")
            let database = try db.open()
            let lines = try await database.read {
                try await $0.raw("SELECT actor, detail FROM audit_log WHERE action = 'payment.refund'").all()
            }
            await database.shutdown()
            #expect(lines.count == 1)
            #expect(try lines.first?.decode(column: "actor", as: String.self) == "quantri")
            #expect(try lines.first?.decode(column: "detail", as: String.self).contains("Hồ sơ bị từ chối") == true)
        }
    }

    @Test("the daily reconciliation lists an order paid at the gateway only, and one whose amount differs", arguments: Backend.available)
    func reconciliation(_ backend: Backend) async throws {
        let gateway = try VNPaySimulator()
        try await withApp(backend, extraEnvironment: gateway.environment) { api, db in
            try await gateway.register(appPort: api.port)
            let (_, _, first) = try await Self.awaitingPayment(api)
            let (_, _, second) = try await Self.awaitingPayment(api, phone: "0912000222", idNumber: "038190001235")
            let (_, _, third) = try await Self.awaitingPayment(api, phone: "0912000333", idNumber: "038190001236")
            _ = try await gateway.pay(first)  // settled on both sides: no difference
            _ = try await gateway.pay(second, skipIPN: true)  // the IPN never arrived
            _ = try await gateway.pay(third)
            try await gateway.set(Self.order(of: third), ["amount": 900_000])  // the gateway's record differs
            let today = VNPayMessage.stamp(Date()).prefix(8)
            let date = "\(today.prefix(4))-\(today.dropFirst(4).prefix(2))-\(today.suffix(2))"

            let admin = try await api.login("quantri")
            let report = try await api.request(.get, "/api/v1/payments/reconciliation?date=\(date)", token: admin)
            #expect(report.status == .ok)
            #expect(report.json["orders"] as? Int == 3)
            let differences = report.json["differences"] as? [[String: Any]] ?? []
            let kinds = Dictionary(
                uniqueKeysWithValues: differences.map { ($0[path: "order.orderId"] as? String ?? "", $0["kind"] as? String ?? "") })
            #expect(kinds == [Self.order(of: second): "paidAtGatewayOnly", Self.order(of: third): "amountDiffers"])
            #expect(try await api.request(.get, "/api/v1/payments/reconciliation?date=2026-13-01", token: admin).status == .badRequest)

            // The command prints the same for the finance officer.
            let config = try AppConfig(environment: db.environment.merging(gateway.environment) { _, new in new })
            let printed = PaymentCommands.text(
                try await PaymentCommands.reconcile(config, day: try #require(LocalDate(iso: date)), logger: Logger(label: "test")))
            #expect(printed.contains("paidAtGatewayOnly\t\(Self.order(of: second))"))
            #expect(printed.contains("amountDiffers\t\(Self.order(of: third))"))
            #expect(printed.hasSuffix("3 orders compared, 2 differences"))
        }
    }
}

/// The worked example's fields (the same as the Domain suite's).
enum VNPayMessageExample {
    static let payment = [
        "vnp_Version": "2.1.0", "vnp_Command": "pay", "vnp_TmnCode": "MOTCUA01", "vnp_Amount": "800000", "vnp_CurrCode": "VND",
        "vnp_TxnRef": "MC0123456789ABCDEF0123", "vnp_OrderInfo": "Thanh toan phi ho so MC0123456789ABCDEF0123",
        "vnp_OrderType": "other", "vnp_Locale": "vn",
        "vnp_ReturnUrl": "https://dichvucong.example.vn/ho-so-cua-toi/H01.01-261206-0001/thanh-toan/ket-qua",
        "vnp_IpAddr": "203.0.113.7", "vnp_CreateDate": "20261206150000", "vnp_ExpireDate": "20261206151500",
    ]
}
