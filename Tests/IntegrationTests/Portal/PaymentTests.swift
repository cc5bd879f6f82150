import Foundation
import TestSupport
import Testing

/// Fees without cash: only a verified, fresh notice of the right amount settles the obligation.
@Suite("Payments")
struct PaymentTests {
    @Test("forged, wrong-amount, stale and replayed notices change nothing; a verified one settles once", arguments: Backend.available)
    func notices(_ backend: Backend) async throws {
        try await withApp(backend, extraEnvironment: Portal.environment) { api, db in
            let (browser, code) = try await Portal.citizenWithDossier(api)
            _ = try await Portal.toAwaitingPayment(api, code, amount: 8000)
            let page = try await browser.get("/ho-so-cua-toi/\(code)")
            #expect(page.text.contains("8.000 đ"))
            let start = try await browser.post("/ho-so-cua-toi/\(code)/thanh-toan", [:])
            #expect(start.status == .seeOther)
            let checkout = try #require(start.headers[.location])
            #expect(checkout.hasPrefix("/sandbox-pay/checkout?"))
            let order = try #require(URLComponents(string: checkout)?.queryItems?.first { $0.name == "order" }?.value)
            #expect(try await browser.get(checkout).status == .ok)

            let callback = "/api/v1/payments/sandbox/callback"
            func state() async throws -> String {
                let desk = try await api.login("tiepnhan.hacthanh")
                return try await api.dossier(desk, code)[path: "dossier.state"] as? String ?? ""
            }
            let forged = Portal.notice(order: order, amount: 8000, secret: "not-the-gateway-secret")
            #expect(try await api.request(.post, callback, json: forged).status == .forbidden)
            var tampered = Portal.notice(order: order, amount: 8000)
            tampered["amount"] = "1"
            #expect(try await api.request(.post, callback, json: tampered).status == .forbidden)
            let wrongAmount = Portal.notice(order: order, amount: 1000)
            #expect(try await api.request(.post, callback, json: wrongAmount).errorCode == "payment.amountMismatch")
            let stale = Portal.notice(order: order, amount: 8000, at: Date().addingTimeInterval(-3600))
            #expect(try await api.request(.post, callback, json: stale).errorCode == "payment.staleNotice")
            let cancelled = Portal.notice(order: order, amount: 8000, status: "24", txn: "T-CANCEL")
            #expect(try await api.request(.post, callback, json: cancelled).json["outcome"] as? String == "failed")
            #expect(try await state() == "awaitingPayment")
            #expect(try await db.count("dossier_events") == 5)

            let paid = Portal.notice(order: order, amount: 8000, txn: "T-OK")
            #expect(try await api.request(.post, callback, json: paid).json["outcome"] as? String == "settled")
            #expect(try await state() == "processing")
            // The same notice again (the gateway retries), then through the browser return: nothing more happens.
            #expect(try await api.request(.post, callback, json: paid).json["outcome"] as? String == "alreadyPaid")
            let query = paid.map { "\($0.key)=\($0.value.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")" }.joined(
                separator: "&")
            let back = try await browser.get("/ho-so-cua-toi/\(code)/thanh-toan/ket-qua?\(query)")
            #expect(back.headers[.location]?.hasSuffix("payment=ok") == true)
            let other = Portal.notice(order: order, amount: 8000, txn: "T-OTHER")
            #expect(try await api.request(.post, callback, json: other).json["outcome"] as? String == "conflict")
            #expect(try await db.count("dossier_events") == 6)
            #expect(try await browser.get("/tai-khoan").text.contains(order))
            // The history names the gateway, and a payment can no longer be started.
            #expect(
                try await api.request(.get, "/api/v1/dossiers/\(code)", token: try await api.login("tiepnhan.hacthanh")).text.contains(
                    "Cổng thanh toán thử nghiệm"))
            #expect(try await browser.post("/ho-so-cua-toi/\(code)/thanh-toan", [:]).status == .conflict)
        }
    }

    @Test("through the gateway's pages: an altered order is refused; paying settles the dossier", arguments: Backend.available)
    func sandboxPages(_ backend: Backend) async throws {
        try await withApp(backend, extraEnvironment: Portal.environment) { api, db in
            let (browser, code) = try await Portal.citizenWithDossier(api)
            _ = try await Portal.toAwaitingPayment(api, code)
            _ = try await browser.get("/ho-so-cua-toi/\(code)")
            let checkout = try #require(try await browser.post("/ho-so-cua-toi/\(code)/thanh-toan", [:]).headers[.location])
            let page = try await browser.get(checkout)
            var fields: [String: String] = [:]
            for name in ["amount", "notify", "order", "return", "sig", "ts"] {
                fields[name] = Portal.hidden(name, in: page.text).map(Portal.unescape)
            }
            fields["decision"] = "pay"
            var altered = fields
            altered["amount"] = "1000"
            #expect(try await browser.post("/sandbox-pay/checkout", altered).status == .forbidden)
            let decided = try await browser.post("/sandbox-pay/checkout", fields)
            #expect(decided.status == .seeOther)
            let back = try #require(decided.headers[.location])
            #expect(back.hasPrefix("/ho-so-cua-toi/\(code)/thanh-toan/ket-qua?"))
            #expect(try await browser.get(back).headers[.location]?.hasSuffix("payment=ok") == true)
            #expect(try await db.count("payment_notices") == 1)
            let desk = try await api.login("tiepnhan.hacthanh")
            #expect(try await api.dossier(desk, code)[path: "dossier.state"] as? String == "processing")
        }
    }
}
