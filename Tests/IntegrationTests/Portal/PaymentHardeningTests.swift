import Crypto
import Foundation
import Persistence
import SQLKit
import Synchronization
import TestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Payment orders expire, follow the fee, carry checked timestamps and unambiguous signatures; the
/// callback address never comes from the request; without a provider fees are paid at the counter.
@Suite("Payment hardening")
struct PaymentHardeningTests {
    static let callback = "/api/v1/payments/sandbox/callback"

    /// The citizen's browser, the dossier awaiting 8,000 đ, and the order of its checkout link.
    static func checkout(_ api: APIClient) async throws -> (BrowserSession, String, order: String, link: String) {
        let (browser, code) = try await Portal.citizenWithDossier(api)
        _ = try await Portal.toAwaitingPayment(api, code, amount: 8000)
        _ = try await browser.get("/ho-so-cua-toi/\(code)")
        let link = try #require(try await browser.post("/ho-so-cua-toi/\(code)/thanh-toan", [:]).headers[.location])
        let order = try #require(URLComponents(string: link)?.queryItems?.first { $0.name == "order" }?.value)
        return (browser, code, order, link)
    }

    static func state(_ api: APIClient, _ code: String) async throws -> String {
        try await api.dossier(try await api.login("tiepnhan.hacthanh"), code)[path: "dossier.state"] as? String ?? ""
    }

    @Test("without a payment provider the sandbox is not mounted and the citizen is sent to the counter", arguments: Backend.available)
    func noProvider(_ backend: Backend) async throws {
        try await withApp(backend, extraEnvironment: ["PAYMENT_PROVIDER": "none"]) { api, _ in
            let (browser, code) = try await Portal.citizenWithDossier(api)
            _ = try await Portal.toAwaitingPayment(api, code, amount: 8000)
            let page = try await browser.get("/ho-so-cua-toi/\(code)")
            #expect(!page.text.contains("pay-button"))
            #expect(page.text.contains("id=\"pay-at-counter\""))
            let pay = try await browser.post("/ho-so-cua-toi/\(code)/thanh-toan", [:])
            #expect(pay.status == .conflict)
            #expect(pay.text.contains("bộ phận một cửa"))
            #expect(try await api.request(.get, "/sandbox-pay/checkout?order=X").status == .notFound)
            let notice = Portal.notice(order: "MCX", amount: 8000)
            #expect(try await api.request(.post, Self.callback, json: notice).status == .notFound)
        }
    }

    @Test("an order older than its lifetime cannot be paid, and a new one is opened", arguments: Backend.available)
    func expiredOrder(_ backend: Backend) async throws {
        let clock = TestClock(ISO8601DateFormatter().string(from: Date()))
        try await withApp(backend, clock: clock, extraEnvironment: Portal.environment) { api, _ in
            let (browser, code, order, link) = try await Self.checkout(api)
            clock.advance(16 * 60)
            // The checkout link is stale: the gateway refuses it.
            #expect(try await browser.get(link).status == .forbidden)
            let late = Portal.notice(order: order, amount: 8000, at: clock.now)
            let refused = try await api.request(.post, Self.callback, json: late)
            #expect(refused.errorCode == "payment.orderExpired")
            #expect(try await Self.state(api, code) == "awaitingPayment")
            let again = try #require(try await browser.post("/ho-so-cua-toi/\(code)/thanh-toan", [:]).headers[.location])
            #expect(!again.contains("order=\(order)&"))
        }
    }

    @Test("a checkout link stamped in the future is refused", arguments: Backend.available)
    func futureCheckout(_ backend: Backend) async throws {
        let clock = TestClock(ISO8601DateFormatter().string(from: Date()))
        try await withApp(backend, clock: clock, extraEnvironment: Portal.environment) { api, _ in
            let (browser, _, order, link) = try await Self.checkout(api)
            #expect(try await browser.get(link).status == .ok)
            clock.advance(-10 * 60)
            #expect(try await browser.get(link).status == .forbidden)
            let future = Portal.notice(order: order, amount: 8000, at: clock.now.addingTimeInterval(10 * 60))
            #expect(try await api.request(.post, Self.callback, json: future).errorCode == "payment.staleNotice")
        }
    }

    @Test("a fee changed since the order was opened refuses the payment, with an audit line", arguments: Backend.available)
    func feeChanged(_ backend: Backend) async throws {
        try await withApp(backend, extraEnvironment: Portal.environment) { api, db in
            let (_, code, order, _) = try await Self.checkout(api)
            let database = try db.open()
            try await database.transaction { try await $0.raw("UPDATE dossiers SET fee_amount = 9000 WHERE code = \(bind: code)").run() }
            await database.shutdown()
            let paid = Portal.notice(order: order, amount: 8000, txn: "T-OLD-FEE")
            let refused = try await api.request(.post, Self.callback, json: paid)
            #expect(refused.errorCode == "payment.amountChanged")
            #expect(refused.status.code < 500)
            #expect(try await Self.state(api, code) == "awaitingPayment")
            let audit = try db.open()
            let lines = try await audit.read {
                try await $0.raw("SELECT COUNT(*) AS n FROM audit_log WHERE detail = 'payment.amountChanged'").first()?
                    .decode(column: "n", as: Int.self) ?? 0
            }
            await audit.shutdown()
            #expect(lines == 1)
        }
    }

    @Test("values are escaped before signing: a value holding `&` or `=` cannot forge another field", arguments: Backend.available)
    func escapedSignature(_ backend: Backend) async throws {
        try await withApp(backend, extraEnvironment: Portal.environment) { api, _ in
            let (_, code, order, _) = try await Self.checkout(api)
            // The gateway signed a notice about an unknown order whose id contains `&order=`; the same
            // characters, cut elsewhere, name the real order.
            let ts = String(Int(Date().timeIntervalSince1970))
            var signed = ["amount": "8000", "nonce": "n1", "order": "X&order=\(order)", "status": "00", "ts": ts, "txn": "T1"]
            let unescaped = ["amount", "nonce", "order", "status", "ts", "txn"].map { "\($0)=\(signed[$0]!)" }.joined(separator: "&")
            let sig = HMAC<SHA256>.authenticationCode(for: Data(unescaped.utf8), using: SymmetricKey(data: Data(Portal.sandboxSecret.utf8)))
                .map { String(format: "%02x", $0) }.joined()
            signed["sig"] = sig
            let forged = ["amount": "8000", "nonce": "n1&order=X", "order": order, "status": "00", "ts": ts, "txn": "T1", "sig": sig]
            #expect(try await api.request(.post, Self.callback, json: forged).status == .forbidden)
            #expect(try await Self.state(api, code) == "awaitingPayment")
            // A value with `&` and `=`, signed escaped, is read back intact.
            let odd = Portal.notice(order: order, amount: 8000, txn: "T&x=1")
            #expect(try await api.request(.post, Self.callback, json: odd).json["outcome"] as? String == "settled")
            #expect(try await api.request(.post, Self.callback, json: odd).json["outcome"] as? String == "alreadyPaid")
        }
    }

    @Test("the callback address never comes from the Host header", arguments: Backend.available)
    func hostHeaderIsNotTrusted(_ backend: Backend) async throws {
        let listener = try Listener()
        defer { listener.close() }
        try await withApp(backend, extraEnvironment: Portal.environment) { api, _ in
            let (browser, code) = try await Portal.citizenWithDossier(api)
            _ = try await Portal.toAwaitingPayment(api, code, amount: 8000)
            _ = try await browser.get("/ho-so-cua-toi/\(code)")
            // The test clients always send their own Host header: this request is written by hand.
            let body = "_csrf=" + (browser.csrf ?? "")
            let answer = try RawHTTP.exchange(
                port: try #require(api.port),
                """
                POST /ho-so-cua-toi/\(code)/thanh-toan HTTP/1.1\r
                Host: 127.0.0.1:\(listener.port)\r
                Cookie: \(browser.cookies)\r
                Content-Type: application/x-www-form-urlencoded\r
                Content-Length: \(body.utf8.count)\r
                Connection: close\r
                \r
                \(body)
                """)
            #expect(answer.hasPrefix("HTTP/1.1 303"), "\(answer.prefix(300))")
            let location = answer.split(separator: "\r\n").first { $0.lowercased().hasPrefix("location: ") }?.dropFirst(10)
            let link = String(try #require(location))
            let notify = URLComponents(string: link)?.queryItems?.first { $0.name == "notify" }?.value ?? ""
            #expect(!notify.contains(":\(listener.port)"), "\(notify)")
            let page = try await browser.get(link)
            var fields: [String: String] = [:]
            for name in ["amount", "notify", "order", "return", "sig", "ts"] {
                fields[name] = Portal.hidden(name, in: page.text).map(Portal.unescape)
            }
            fields["decision"] = "pay"
            #expect(try await browser.post("/sandbox-pay/checkout", fields).status == .seeOther)
            #expect(!listener.wasCalled(), "the server connected to the address of the Host header")
            // The gateway's server-to-server notice reached the platform itself.
            #expect(try await Self.state(api, code) == "processing")
        }
    }
    @Test("the server's own HTTP requests do not follow redirects", arguments: Backend.available)
    func noRedirects(_ backend: Backend) async throws {
        let elsewhere = try Listener()
        let redirector = try Listener()
        defer {
            elsewhere.close()
            redirector.close()
        }
        redirector.answerOnce("HTTP/1.1 302 Found\r\nLocation: http://127.0.0.1:\(elsewhere.port)/x\r\nContent-Length: 0\r\n\r\n")
        let environment = Portal.environment.merging(["PUBLIC_BASE_URL": "http://127.0.0.1:\(redirector.port)"]) { $1 }
        try await withApp(backend, extraEnvironment: environment) { api, _ in
            let (browser, _, _, link) = try await Self.checkout(api)
            let page = try await browser.get(link)
            var fields: [String: String] = [:]
            for name in ["amount", "notify", "order", "return", "sig", "ts"] {
                fields[name] = Portal.hidden(name, in: page.text).map(Portal.unescape)
            }
            fields["decision"] = "pay"
            #expect(try await browser.post("/sandbox-pay/checkout", fields).status == .seeOther)
            #expect(redirector.answered(), "the notice was not sent to PUBLIC_BASE_URL")
            #expect(!elsewhere.wasCalled(), "the server followed the redirect")
        }
    }
}

/// One HTTP/1.1 exchange written by hand on a loopback socket (to send headers the test clients replace).
enum RawHTTP {
    static func exchange(port: Int, _ request: String) throws -> String {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { Glibc.close(socket) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = UInt16(port).bigEndian
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { throw TestSetupError("raw HTTP: cannot connect to port \(port)") }
        _ = Array(request.utf8).withUnsafeBytes { write(socket, $0.baseAddress, $0.count) }
        var answer = [UInt8]()
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = read(socket, &buffer, buffer.count)
            if count <= 0 { break }
            answer += buffer[0..<count]
        }
        return String(decoding: answer, as: UTF8.self)
    }
}

/// A TCP socket listening on a free loopback port that never answers; it tells whether anyone connected.
final class Listener: Sendable {
    let socket: Int32
    let port: Int

    init() throws {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        self.socket = socket
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(socket, 8) == 0 else { throw TestSetupError("listener: bind/listen failed") }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(socket, $0, &length) }
        }
        port = Int(UInt16(bigEndian: address.sin_port))
        _ = fcntl(socket, F_SETFL, O_NONBLOCK)
    }

    /// Whether a connection is waiting to be accepted.
    func wasCalled() -> Bool {
        let client = accept(socket, nil, nil)
        if client >= 0 { Glibc.close(client) }
        return client >= 0
    }

    private let served = Mutex(false)

    /// Answers the first connection with `response` (raw HTTP), on a thread of its own, for as long
    /// as a test may take beside the whole suite on two cores (it waited 30 s, which the full run
    /// outlasted before the notice came).
    func answerOnce(_ response: String) {
        let socket = socket
        Thread.detachNewThread { [self] in
            let deadline = Date().addingTimeInterval(300)
            while Date() < deadline {
                let client = accept(socket, nil, nil)
                if client < 0 {
                    usleep(20_000)
                    continue
                }
                var buffer = [UInt8](repeating: 0, count: 65536)
                _ = read(client, &buffer, buffer.count)
                _ = Array(response.utf8).withUnsafeBytes { write(client, $0.baseAddress, $0.count) }
                Glibc.close(client)
                served.withLock { $0 = true }
                return
            }
        }
    }

    /// Whether `answerOnce` served a connection.
    func answered() -> Bool { served.withLock { $0 } }

    func close() { Glibc.close(socket) }
}
