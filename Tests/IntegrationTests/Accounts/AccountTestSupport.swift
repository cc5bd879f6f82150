import Domain
import Foundation
import Persistence
import SQLKit
import Signing
import TestSupport

/// What the account suites share: the officer login form, the enrolment page read like a person
/// reads it (the secret as shown), codes computed from that secret, audit counts.
enum Accounts {
    /// Posts the officer login form; the answer is a redirect (session or pending login) or the form again.
    static func officerLogin(_ browser: BrowserSession, _ username: String, password: String = APIClient.demoPassword) async throws
        -> APIResponse
    {
        _ = try await browser.get("/officer/login")
        return try await browser.post("/officer/login", ["username": username, "password": password])
    }

    /// The value of the hidden field `name` in `html`.
    static func field(_ name: String, in html: String) -> String? {
        guard let range = html.range(of: "name=\"\(name)\" value=\"") else { return nil }
        let rest = html[range.upperBound...]
        return rest.firstIndex(of: "\"").map { String(rest[..<$0]) }
    }

    /// The enrolment of a security or enrolment page: the ticket of its form and the secret it shows as text.
    static func enrolment(in html: String) throws -> (ticket: String, secret: [UInt8]) {
        guard let ticket = field("ticket", in: html),
            let start = html.range(of: "id=\"totp-secret\" class=\"secret\">"),
            let end = html[start.upperBound...].range(of: "</code>"),
            let secret = Base32.decode(String(html[start.upperBound..<end.lowerBound]))
        else { throw TestSetupError("no enrolment on the page: \(html.prefix(400))") }
        return (ticket, secret)
    }

    /// The code of `secret` at `time` (now, by default), as an authenticator app shows it.
    static func code(_ secret: [UInt8], at time: Date = Date()) -> String { TOTPAuthenticator.totp(secret: secret, time: time) }

    /// The recovery codes listed on the page shown after enrolment.
    static func recoveryCodes(in html: String) -> [String] {
        html.components(separatedBy: "<li><code>").dropFirst().compactMap { $0.components(separatedBy: "</code>").first }
    }

    /// Audit lines of `action`.
    static func audited(_ db: TestDatabase, _ action: String) async throws -> Int {
        let database = try db.open()
        defer { Task { await database.shutdown() } }
        return try await database.read {
            try await $0.raw("SELECT COUNT(*) AS n FROM audit_log WHERE action = \(bind: action)").first()?.decode(
                column: "n", as: Int.self) ?? 0
        }
    }
}
